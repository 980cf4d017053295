import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('a colleague’s restore is announced, with a way back', () => {
  const harness = useBrowserHarness({ env: { YJS_CHECKPOINT_IDLE_MS: '200' } });
  const { pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;
  const newPage = async () => {
    const page = await harness.newPage();
    page.setDefaultTimeout(8000);
    return page;
  };

  const notes = (page: Page) => page.getByTestId('notes-editor');
  const notice = (page: Page) => page.getByTestId('restore-notice');

  it('B sees who restored which version, undoes it, and gets the text back; A is told about the undo', async () => {
    const [repA, repB] = twoRepsOfOneTeam();
    const pageA = await newPage();
    const pageB = await newPage();
    await signIn(pageA, repA);
    await pageA.locator('body').press('Enter');
    await pageA.waitForURL(/\/dossiers\/[^/]+$/);
    await signIn(pageB, repB);
    await pageB.goto(pageA.url());
    for (const page of [pageA, pageB])
      await expect.poll(() => notes(page).getAttribute('contenteditable')).toBe('true');

    // B writes a line that A's restore of the first version will take away.
    await notes(pageB).click();
    await pageB.keyboard.press('Control+End');
    await pageB.keyboard.press('Enter');
    await pageB.keyboard.type('Rabatt 12 % zugesagt', { delay: 5 });
    await expect.poll(() => notes(pageA).textContent()).toContain('Rabatt 12 % zugesagt');
    await expect.poll(() => pageB.getByTestId('save-status').getAttribute('data-state')).toBe('saved');

    await pageA.getByTestId('history-toggle').click();
    const panel = pageA.getByTestId('history-panel');
    const created = panel.locator('[role=option]').last();
    await created.waitFor();
    const createdTime = await created.locator('time').getAttribute('title');
    await created.click();
    await panel.getByRole('button', { name: 'Restore this version' }).click();
    await panel.getByRole('button', { name: 'Yes, restore' }).click();

    // B's text went away, and B is told who did it and which version it was, without a dialog in the way.
    await expect.poll(() => notes(pageB).textContent()).not.toContain('Rabatt 12 % zugesagt');
    await expect.poll(() => notice(pageB).textContent()).toContain(`${repA.name} restored the version of`);
    expect(await notice(pageB).textContent()).toContain(createdTime!);
    expect(await pageB.getByRole('dialog').count()).toBe(0);
    expect(await pageB.getByRole('alertdialog').count()).toBe(0);
    expect(await notice(pageA).count()).toBe(0);
    await screenshot(pageB, 'restore-notice.png');

    // Undo puts the replaced content back for everyone; A, in turn, is told that B restored.
    await notice(pageB).getByRole('button', { name: 'Undo' }).click();
    for (const page of [pageA, pageB]) {
      await expect.poll(() => notes(page).textContent()).toContain('Rabatt 12 % zugesagt');
    }
    await expect.poll(() => notice(pageB).textContent()).toContain('The content from before the restore is back');
    expect(await notice(pageB).getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await expect.poll(() => notice(pageA).textContent()).toContain(`${repB.name} restored the version of`);
    // A's open history panel lists B's undo without waiting for its poll.
    await expect.poll(() => panel.locator('[role=option]').first().getAttribute('data-authors')).toContain(repB.name);

    // "Show history" opens the panel next to the dossier; the notice can be dismissed.
    await notice(pageB).getByRole('button', { name: 'Show history' }).click();
    await pageB.getByTestId('history-panel').waitFor();
    await notice(pageB).getByRole('button', { name: 'Dismiss' }).click();
    expect(await notice(pageB).count()).toBe(0);

    expect(pageErrors).toEqual([]);
  });
});
