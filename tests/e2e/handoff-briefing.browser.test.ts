import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/**
 * Issue #9 "Browser: the owner hands over with a note, the receiver sees the briefing live, picks up, edits, and
 * the owner sees the change." Two browser contexts (two people); the hand-off reaches the receiver by push.
 */
describe('hand-off with a briefing in two browsers', () => {
  const harness = useBrowserHarness({ demoDossiers: 30 });
  const { newPage, pageErrors, screenshot, signIn } = harness;

  const field = (page: Page, key: string) => page.locator(`#field-${key}`);
  const live = async (page: Page) => {
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('live');
    await expect.poll(() => field(page, 'mainInterests').isEnabled()).toBe(true);
  };

  it('the owner hands over with a note; the receiver sees it live, picks up and edits; the owner sees the edit', async () => {
    const { server } = harness;
    const reps = server.demo.users.filter((u) => u.role === 'rep' && u.teamIds.length > 0);
    // An owner with a dossier, and a colleague of the same team to receive it.
    const owned = server.demo.company.dossiers.map((d) => d.dossier);
    const owner = reps.find(
      (r) => owned.some((d) => d.ownerId === r.id) && reps.some((o) => o !== r && o.teamIds[0] === r.teamIds[0])
    )!;
    const receiver = reps.find((o) => o !== owner && o.teamIds[0] === owner.teamIds[0])!;
    const dossier = owned.find((d) => d.ownerId === owner.id)!;

    const ownerPage = await newPage();
    const receiverPage = await newPage();
    await signIn(receiverPage, receiver); // waits on the dossier list: no hand-off yet
    expect(await receiverPage.getByTestId('handoff-inbox').count()).toBe(0);

    await signIn(ownerPage, owner);
    await ownerPage.goto(`${server.url}/dossiers/${dossier.id}`);
    await live(ownerPage);
    await ownerPage.getByTestId('handoff-open').click();
    const form = ownerPage.getByTestId('handoff-form');
    await form.waitFor();
    await expect.poll(() => form.getByTestId('handoff-to').locator('option').count()).toBeGreaterThan(1);
    await form.getByTestId('handoff-to').selectOption(receiver.id);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000);
    const day = `${inAWeek.getFullYear()}-${String(inAWeek.getMonth() + 1).padStart(2, '0')}-${String(inAWeek.getDate()).padStart(2, '0')}`;
    await form.getByTestId('handoff-until').fill(day);
    await form
      .getByTestId('handoff-note')
      .fill('Angebot für die Wartungsverträge ist raus; bitte Donnerstag nachfassen. Einkauf will Skonto.');
    await screenshot(ownerPage, 'i9-handoff-dialog.png');
    await form.getByTestId('handoff-submit').click();
    // The sender lands on the briefing of what they handed over.
    await ownerPage.waitForURL(/\/handoffs\/[^/]+$/);
    await expect.poll(() => ownerPage.getByTestId('briefing-status').textContent()).toContain('Waiting');

    // The receiver, still on the list, is told at once (push to user:<id>), without reloading.
    const inbox = receiverPage.getByTestId('handoff-inbox');
    await inbox.waitFor();
    expect(await inbox.textContent()).toContain(owner.name);
    await inbox.getByTestId('handoff-inbox-open').click();
    await receiverPage.waitForURL(/\/handoffs\/[^/]+$/);
    await expect.poll(() => receiverPage.getByTestId('briefing-note').textContent()).toContain('Donnerstag nachfassen');
    await screenshot(receiverPage, 'i9-briefing.png');
    await receiverPage.emulateMedia({ media: 'print' });
    await screenshot(receiverPage, 'i9-briefing-print.png');
    await receiverPage.emulateMedia({ media: 'screen' });

    await receiverPage.getByTestId('briefing-pickup').click();
    await expect.poll(() => receiverPage.getByTestId('briefing-status').textContent()).toContain('Picked up');
    expect(await receiverPage.getByTestId('handoff-inbox').count()).toBe(0);
    // The sender's open briefing follows (handoff:changed).
    await expect.poll(() => ownerPage.getByTestId('briefing-status').textContent()).toContain('Picked up');

    // The receiver edits the dossier; the owner, on it, sees the change live.
    await ownerPage.goto(`${server.url}/dossiers/${dossier.id}`);
    await receiverPage.goto(`${server.url}/dossiers/${dossier.id}`);
    await live(ownerPage);
    await live(receiverPage);
    const added = ' Übernommen: Rückruf Donnerstag 10 Uhr.';
    await field(receiverPage, 'mainInterests').click();
    await receiverPage.keyboard.press('Control+End');
    await field(receiverPage, 'mainInterests').pressSequentially(added, { delay: 10 });
    await expect.poll(() => field(ownerPage, 'mainInterests').inputValue()).toContain(added.trim());
    await screenshot(ownerPage, 'i9-handoff-owner-sees-edit.png');
    expect(pageErrors).toEqual([]);
  });
});
