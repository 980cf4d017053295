import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/**
 * 1 KB per message: the server answers 4413 up to 2 KB and the ws library itself closes with 1009 above (its
 * hard cap is twice ours). Small, because a field holds at most FIELD_MAX_CHARS (5000).
 */
const MAX_MESSAGE_BYTES = 1024;

describe('an update the server refuses as too large', () => {
  const { newContext, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = useBrowserHarness({
    env: { YJS_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) }
  });

  const field = (page: Page) => page.locator('#field-mainInterests');
  const status = (page: Page) => page.getByTestId('connection-status').getAttribute('data-status');

  for (const [label, bytes] of [
    ['4413 from the server', MAX_MESSAGE_BYTES + 500],
    ['1009 from the WebSocket library', MAX_MESSAGE_BYTES * 4]
  ] as const) {
    it(`stops, says so and offers a way out instead of retrying (${label})`, async () => {
      const [rep] = twoRepsOfOneTeam();
      const { page } = await newContext();
      // Timers are the page's own, running at normal speed; the test can fast-forward them.
      await page.clock.install();
      const yjsSockets: string[] = [];
      page.on('websocket', (ws) => {
        if (ws.url().includes('/yjs/')) yjsSockets.push(ws.url());
      });
      await signIn(page, rep);
      await page.locator('body').press('Enter');
      await page.waitForURL(/\/dossiers\/[^/]+$/);
      await expect.poll(() => status(page)).toBe('live');
      const before = await field(page).inputValue();
      expect(yjsSockets).toHaveLength(1);

      await field(page).fill(before + ' ' + 'Ausschreibung '.repeat(Math.ceil(bytes / 14)));
      const banner = page.getByTestId('closed-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('A change is too large to save');
      expect(await status(page)).toBe('closed');
      expect(await field(page).isEditable()).toBe(false); // read-only, so the text can still be copied
      await screenshot(page, `too-large-${bytes}.png`);

      // A minute of the page's time passes: y-websocket would have reconnected (and resent the same update)
      // about ten times by now. Nothing reconnects, whatever the network says.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.clock.runFor(60_000);
      await page.evaluate(() => true); // a round trip: Playwright has delivered the page's earlier events
      expect(yjsSockets).toHaveLength(1);
      expect(await status(page)).toBe('closed');

      // The way out: drop this device's unsaved copy; the reload starts from the server's state and is live.
      const reloaded = page.waitForEvent('load');
      await page.getByTestId('discard-unsaved').click();
      await reloaded;
      await expect.poll(() => status(page)).toBe('live');
      await expect.poll(() => field(page).inputValue()).toBe(before);
      expect(await page.getByTestId('closed-banner').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    }, 60_000);
  }
});
