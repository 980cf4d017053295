import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('the save indicator after a reload while offline', () => {
  const { newContext, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = useBrowserHarness();

  const saveState = (page: Page) => page.getByTestId('save-status').getAttribute('data-state');
  const saveText = (page: Page) => page.getByTestId('save-status').textContent();
  const status = (page: Page) => page.getByTestId('connection-status').getAttribute('data-status');
  const field = (page: Page) => page.locator('#field-mainInterests');

  it('never says "Saved" for what the server has not confirmed in this session', async () => {
    const [rep] = twoRepsOfOneTeam();
    const { context, page } = await newContext();
    await signIn(page, rep);
    await page.locator('body').press('Enter');
    await page.waitForURL(/\/dossiers\/[^/]+$/);
    await expect.poll(() => status(page)).toBe('live');
    await expect.poll(() => saveState(page)).toBe('saved');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // Offline, the tab still knows what the server confirmed before the network went.
    await context.setOffline(true);
    await expect.poll(() => status(page)).toBe('offline');
    expect(await saveState(page)).toBe('saved');

    // A reload starts from the device's copy, which the server has confirmed nothing of in this session.
    await page.reload();
    await expect.poll(() => field(page).inputValue()).not.toBe('');
    await expect.poll(() => saveState(page)).toBe('offline');
    expect((await saveText(page))?.trim()).toBe('Offline – changes kept on this device');
    await field(page).click();
    await page.keyboard.press('Control+End');
    await field(page).pressSequentially(' Nach dem Neuladen offline.', { delay: 10 });
    expect(await saveState(page)).toBe('offline');
    await page.mouse.move(0, 0);
    await screenshot(page, 'save-indicator-offline-reload.png');

    // Back online: "Saved" once the server's SAVED covers everything the tab holds, the offline edit included.
    await context.setOffline(false);
    await expect.poll(() => status(page)).toBe('live');
    await expect.poll(() => saveState(page)).toBe('saved');
    expect(await saveText(page)).toContain('Saved');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
