import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { VersionDTO } from '../../src/lib/contract';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('rich-text notes, save state and version history in two browsers', () => {
  // Versions are checkpointed after 200 ms without edits, so the test sees them without waiting a minute.
  const harness = useBrowserHarness({ env: { YJS_CHECKPOINT_IDLE_MS: '200' } });
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;

  const notes = (page: Page) => page.getByTestId('notes-editor');
  // Item text only: the checkbox's label and colleagues' caret labels are text nodes inside the item too.
  const taskItems = async (page: Page) =>
    (await notes(page).locator('ul[data-type=taskList] li > div > p').allInnerTexts()).join('\n');
  const saveState = (page: Page) => page.getByTestId('save-status').getAttribute('data-state');

  async function versions(page: Page, dossierId: string): Promise<VersionDTO[]> {
    // The page's request context shares the browser context's session cookie.
    const res = await page.request.get(`${harness.server.url}/api/dossiers/${dossierId}/versions`);
    return ((await res.json()) as { items: VersionDTO[] }).items;
  }

  it('co-edits notes with remote carets, says "Saved" honestly, and restores a colleague’s version', async () => {
    const [repA, repB] = twoRepsOfOneTeam();
    const pageA = await newPage();
    const pageB = await newPage();
    await signIn(pageA, repA);
    await pageA.locator('body').press('Enter');
    await pageA.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierUrl = pageA.url();
    const dossierId = dossierUrl.split('/').pop()!;
    await signIn(pageB, repB);
    await pageB.goto(dossierUrl);

    for (const page of [pageA, pageB]) {
      await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('live');
      await notes(page).waitFor();
      await expect.poll(() => notes(page).getAttribute('contenteditable')).toBe('true');
    }

    // A writes a bold line with the keyboard shortcut.
    await notes(pageA).click();
    await pageA.keyboard.press('Control+End');
    await pageA.keyboard.press('Control+b');
    await pageA.keyboard.type('Budget approved', { delay: 10 });
    await pageA.keyboard.press('Control+b');
    await expect.poll(() => notes(pageB).locator('strong').allTextContents()).toContain('Budget approved');

    // B adds a checklist item below it through the toolbar.
    await notes(pageB).click();
    await pageB.keyboard.press('Control+End');
    await pageB.keyboard.press('Enter');
    await pageB.getByRole('button', { name: 'Checklist' }).click();
    await pageB.keyboard.type('Call procurement', { delay: 10 });
    await expect.poll(() => taskItems(pageA)).toContain('Call procurement');

    // Each sees the other's caret, labelled with the other's name, and the section's presence badge.
    await expect.poll(() => pageA.locator('.notes-caret-label').allTextContents()).toContain(repB.name);
    await notes(pageA).click();
    await expect.poll(() => pageB.locator('.notes-caret-label').allTextContents()).toContain(repA.name);
    await expect
      .poll(() => pageA.locator('section[aria-labelledby=sec-notes] [data-testid=field-presence]').textContent())
      .toContain(repB.name.split(' ')[0]);

    // Once typing stops and the server has confirmed the edits durable, both say "Saved".
    for (const page of [pageA, pageB]) {
      await expect.poll(() => saveState(page)).toBe('saved');
      await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Saved');
    }
    await pageA.evaluate(() => window.scrollTo(0, 0));
    await screenshot(pageA, 'dossier-header.png');
    await notes(pageA).scrollIntoViewIfNeeded();
    await screenshot(pageA, 'notes.png');

    // A checkpoint with B as an author exists once B's edits have been idle for a moment.
    await expect
      .poll(async () => (await versions(pageA, dossierId)).some((v) => v.authors.some((a) => a.name === repB.name)), {
        timeout: 10_000
      })
      .toBe(true);

    // A adds a line that the restore will take back.
    await notes(pageA).click();
    await pageA.keyboard.press('Control+End');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.type('Draft to discard', { delay: 10 });
    await expect.poll(() => notes(pageB).textContent()).toContain('Draft to discard');
    await expect.poll(() => saveState(pageA)).toBe('saved');

    await pageA.getByTestId('history-toggle').click();
    const panel = pageA.getByTestId('history-panel');
    await panel.waitFor();
    const byB = panel.locator(`[role=option][data-authors*="${repB.name}"]`).first();
    await byB.waitFor();
    await byB.click();
    const diff = panel.getByTestId('version-diff');
    // Against now: A's later line is what changed since B's version.
    await expect.poll(() => diff.textContent()).toContain('Draft to discard');
    // Against the version before: what B's version itself changed.
    await panel.getByRole('button', { name: 'Previous version' }).click();
    await expect.poll(() => diff.textContent()).toContain('Call procurement');
    await expect.poll(() => diff.textContent()).not.toContain('Draft to discard');
    await screenshot(pageA, 'history.png');

    await panel.getByRole('button', { name: 'Restore this version' }).click();
    await panel.getByRole('button', { name: 'Yes, restore' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('Version restored');

    for (const page of [pageA, pageB]) {
      await expect.poll(() => notes(page).textContent()).not.toContain('Draft to discard');
      await expect.poll(() => taskItems(page)).toContain('Call procurement');
      await expect.poll(() => notes(page).locator('strong').allTextContents()).toContain('Budget approved');
    }
    // The panel refreshed by itself: the newest entry is the restore.
    await expect.poll(() => panel.locator('[role=option]').first().textContent()).toContain('Restored');

    // Contacts: Alt+↓ in a row moves it for both; "Confirm" stamps who and when for both.
    await panel.getByRole('button', { name: 'Close history' }).click();
    const contactIds = (page: Page) =>
      page
        .locator('[data-testid=contacts] [data-contact-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-contact-id')));
    const before = await contactIds(pageA);
    expect(before.length).toBeGreaterThan(1);
    await pageA.locator(`#contact-${before[0]}-name`).focus();
    await pageA.keyboard.press('Alt+ArrowDown');
    for (const page of [pageA, pageB])
      await expect.poll(() => contactIds(page)).toEqual([before[1], before[0], ...before.slice(2)]);
    // Focus stayed in the moved contact's cell.
    expect(await pageA.evaluate(() => document.activeElement?.id)).toBe(`contact-${before[0]}-name`);
    await pageA
      .locator(`[data-contact-id="${before[0]}"]`)
      .getByRole('button', { name: /Confirm that/ })
      .click();
    await expect
      .poll(() => pageB.locator(`[data-contact-id="${before[0]}"] [data-testid=contact-confirmation]`).textContent())
      .toContain(`Confirmed by ${repA.name}`);

    expect(pageErrors).toEqual([]);
  });
});
