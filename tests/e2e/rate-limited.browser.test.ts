import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('a tab the server rate-limits (4429)', () => {
  // 3 messages a second, bursts of 6: a fast typist trips it; a fresh connection's handshake (3 messages) does not.
  const { newContext, pageErrors, signIn, twoRepsOfOneTeam } = useBrowserHarness({
    env: { YJS_MAX_MESSAGES_PER_SECOND: '3' }
  });

  const field = (page: Page) => page.locator('#field-mainInterests');
  const status = (page: Page) => page.getByTestId('connection-status').getAttribute('data-status');
  /** One round trip to the page, so Playwright has delivered every event the page emitted before it. */
  const settle = (page: Page) => page.evaluate(() => true);

  it('backs off for at least a second, then reconnects by itself and sends what was typed', async () => {
    const [rep] = twoRepsOfOneTeam();
    const { page } = await newContext();
    await page.clock.install();
    const yjsSockets: string[] = [];
    page.on('websocket', (ws) => {
      if (ws.url().includes('/yjs/')) yjsSockets.push(ws.url());
    });
    await signIn(page, rep);
    await page.locator('body').press('Enter');
    await page.waitForURL(/\/dossiers\/[^/]+$/);
    await expect.poll(() => status(page)).toBe('live');
    await field(page).click();
    await page.keyboard.press('Control+End');

    // From here the page's timers run only when the test says so.
    // (Paused just ahead of the page's own now: a jump would trip y-websocket's 30 s silence check.)
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 50);
    const typed = ' Rückruf Montag früh';
    await field(page).pressSequentially(typed, { delay: 0 });
    await expect.poll(() => status(page)).toBe('offline');
    expect(await page.getByTestId('closed-banner').count()).toBe(0);
    expect(yjsSockets).toHaveLength(1);

    // y-websocket alone would be back after 0.2 s and be refused again; the first slow retry waits 1–1.5 s.
    await page.clock.runFor(900);
    await settle(page);
    expect(yjsSockets).toHaveLength(1);
    await page.clock.runFor(700);
    await expect.poll(() => yjsSockets.length).toBe(2);
    await expect.poll(() => status(page)).toBe('live');
    await page.clock.resume();
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    expect(await field(page).inputValue()).toContain(typed.trim());
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
