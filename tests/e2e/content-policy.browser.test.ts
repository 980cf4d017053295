import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('Content-Security-Policy in a real browser', () => {
  const harness = useBrowserHarness();
  const { newContext, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;

  /** Every CSP violation a page reports, from the DOM event and from Chromium's console message alike. */
  async function watchedPage(violations: string[]): Promise<Page> {
    const { context, page } = await newContext();
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`securitypolicyviolation ${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy|securitypolicyviolation/i.test(text)) violations.push(text);
    });
    return page;
  }

  it('signs in, co-edits a dossier with a colleague and reloads under the policy without one violation', async () => {
    const violations: string[] = [];
    const [repA, repB] = twoRepsOfOneTeam();
    const pageA = await watchedPage(violations);
    const pageB = await watchedPage(violations);

    const login = await pageA.request.get(`${harness.server.url}/login`);
    expect(login.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);

    await signIn(pageA, repA);
    await pageA.locator('body').press('Enter');
    await pageA.waitForURL(/\/dossiers\/[^/]+$/);
    await signIn(pageB, repB);
    await pageB.goto(pageA.url());
    for (const page of [pageA, pageB]) {
      // The live channels (WebSockets to this host) are up: connect-src 'self' covers ws:.
      await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('live');
      await expect.poll(() => page.getByTestId('notes-editor').getAttribute('contenteditable')).toBe('true');
    }

    // Rich text, a colleague's caret and selection: the editor's style attributes and decorations render.
    await pageA.getByTestId('notes-editor').click();
    await pageA.keyboard.press('Control+End');
    await pageA.keyboard.press('Control+b');
    await pageA.keyboard.type('Policy holds', { delay: 10 });
    await pageA.keyboard.press('Shift+Home');
    // (A's caret label sits inside the bold run on B's screen, hence a match rather than equality.)
    await expect
      .poll(async () => (await pageB.getByTestId('notes-editor').locator('strong').allTextContents()).join(' '))
      .toMatch(/Policy holds/);
    await expect.poll(() => pageB.locator('.notes-caret-label').allTextContents()).toContain(repA.name);
    await screenshot(pageB, 'content-policy-dossier.png');

    // The service worker installs under the policy and serves the next navigation.
    await expect.poll(() => pageA.evaluate(async () => !!(await navigator.serviceWorker.ready).active)).toBe(true);
    await pageA.reload();
    await expect.poll(() => pageA.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await expect.poll(() => pageA.getByTestId('connection-status').getAttribute('data-status')).toBe('live');

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
