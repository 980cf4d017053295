import { expect, it, describe } from 'vitest';
import type { HandoffDTO } from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { useBrowserHarness } from '../helpers/browser-harness';

/** Issue #9: the sender withdraws a hand-off nobody picked up; the receiver's open briefing follows live. */
describe('cancelling a hand-off in two browsers', () => {
  const harness = useBrowserHarness({ demoDossiers: 30 });
  const { newContext, pageErrors, screenshot, signIn } = harness;

  it('the owner cancels with a reason; the receiver sees it cancelled without reloading and has no cancel button', async () => {
    const { server } = harness;
    const reps = server.demo.users.filter((u) => u.role === 'rep' && u.teamIds.length > 0);
    const owned = server.demo.company.dossiers.map((d) => d.dossier);
    const owner = reps.find(
      (r) => owned.some((d) => d.ownerId === r.id) && reps.some((o) => o !== r && o.teamIds[0] === r.teamIds[0])
    )!;
    const receiver = reps.find((o) => o !== owner && o.teamIds[0] === owner.teamIds[0])!;
    const dossier = owned.find((d) => d.ownerId === owner.id)!;
    const cookie = await login(server.url, owner.email, server.demo.password);
    const made = await api<HandoffDTO>(server.url, `/api/dossiers/${dossier.id}/handoffs`, {
      method: 'POST',
      cookie,
      body: {
        toUserId: receiver.id,
        until: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        note: 'Bitte Donnerstag nachfassen.'
      }
    });
    expect(made.status).toBe(201);

    const { page: ownerPage } = await newContext();
    const { page: receiverPage } = await newContext();
    await signIn(ownerPage, owner);
    await signIn(receiverPage, receiver);
    await ownerPage.goto(`${server.url}/handoffs/${made.body.id}`);
    await receiverPage.goto(`${server.url}/handoffs/${made.body.id}`);
    await ownerPage.getByTestId('briefing-cancel').waitFor();
    await receiverPage.getByTestId('briefing-pickup').waitFor();
    expect(await receiverPage.getByTestId('briefing-cancel').count()).toBe(0);

    await ownerPage.getByTestId('briefing-cancel').click();
    // Keyboard-first: the reason field has the focus; Enter confirms.
    await ownerPage.keyboard.type('Kunde ruft mich direkt an');
    await screenshot(ownerPage, 'i9-handoff-cancel-1280.png');
    await ownerPage.setViewportSize({ width: 390, height: 844 });
    await screenshot(ownerPage, 'i9-handoff-cancel-390.png');
    await ownerPage.keyboard.press('Enter');
    await expect.poll(() => ownerPage.getByTestId('briefing-status').textContent()).toContain('Cancelled');
    expect(await ownerPage.getByTestId('briefing-cancel').count()).toBe(0);
    // The receiver's page follows the push: no pick-up button any more.
    await expect.poll(() => receiverPage.getByTestId('briefing-status').textContent()).toContain('Cancelled');
    expect(await receiverPage.getByTestId('briefing-pickup').count()).toBe(0);

    // German, as the owner would see it on their phone.
    await ownerPage.evaluate(() => localStorage.setItem('staffel.locale', 'de'));
    await ownerPage.reload();
    await expect.poll(() => ownerPage.getByTestId('briefing-status').textContent()).toContain('Zurückgezogen');
    await screenshot(ownerPage, 'i9-handoff-cancelled-de-390.png');
    expect(pageErrors).toEqual([]);
  });
});
