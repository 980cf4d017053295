import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('editing a dossier offline (a laptop on a train)', () => {
  const { newContext, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = useBrowserHarness();

  const field = (page: Page, key: string) => page.locator(`#field-${key}`);
  const status = (page: Page) => page.getByTestId('connection-status').getAttribute('data-status');

  async function waitUntilEditable(page: Page): Promise<void> {
    await expect.poll(() => status(page)).toBe('live');
    await expect.poll(() => field(page, 'mainInterests').isEnabled()).toBe(true);
  }

  /**
   * Resolves once every IndexedDB write this page queued for the dossier has committed: a new readwrite
   * transaction on the same store starts only after the earlier ones finished. Without it a reload right
   * after the last keystroke could abort that keystroke's write, which is not what a real user does.
   */
  async function localWritesSettled(page: Page, dossierId: string): Promise<void> {
    await page.evaluate(async (id) => {
      const dbs = await indexedDB.databases();
      const name = dbs.map((d) => d.name ?? '').find((n) => n.endsWith(`:dossier:${id}`));
      if (!name) throw new Error('no local copy of the dossier');
      await new Promise<void>((done, fail) => {
        const open = indexedDB.open(name);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('updates', 'readwrite');
          tx.oncomplete = () => (open.result.close(), done());
          tx.onerror = () => fail(tx.error);
        };
      });
    }, dossierId);
  }

  it('keeps offline edits across a reload and merges them when the connection returns', async () => {
    const [repA, repB] = twoRepsOfOneTeam();
    const a = await newContext();
    const b = await newContext();

    await signIn(a.page, repA);
    await a.page.locator('body').press('Enter');
    await a.page.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierUrl = a.page.url();
    const dossierId = decodeURIComponent(dossierUrl.split('/').pop()!);
    await waitUntilEditable(a.page);
    // The service worker claims the open page once its precache is complete; only then can a reload work offline.
    await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await signIn(b.page, repB);
    await b.page.goto(dossierUrl);
    await waitUntilEditable(b.page);
    const before = await field(b.page, 'mainInterests').inputValue();

    // The train enters a tunnel.
    await a.context.setOffline(true);
    await expect.poll(() => status(a.page)).toBe('offline');
    await a.page.getByTestId('offline-banner').waitFor();
    await a.page.getByTestId('offline-indicator').waitFor();
    // Offline the server session cannot be revoked, and wiping the device would lose the unsent edits.
    expect(await a.page.getByRole('button', { name: 'Sign out' }).isDisabled()).toBe(true);

    const offlineText = ' Offline note from the train.';
    const offlineCity = 'Zugspitze';
    await field(a.page, 'mainInterests').click();
    await a.page.keyboard.press('Control+End');
    await field(a.page, 'mainInterests').pressSequentially(offlineText, { delay: 10 });
    await field(a.page, 'city').fill(offlineCity);
    await localWritesSettled(a.page, dossierId);

    // Nothing reached B while A is offline.
    expect(await field(b.page, 'mainInterests').inputValue()).toBe(before);

    // Reload with no network: shell from the service worker, session and metadata from this device,
    // the edits from IndexedDB.
    const reload = await a.page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    await expect.poll(() => field(a.page, 'mainInterests').inputValue()).toContain(offlineText.trim());
    await expect.poll(() => field(a.page, 'city').inputValue()).toBe(offlineCity);
    await expect.poll(() => status(a.page)).toBe('offline');
    await a.page.getByTestId('offline-banner').waitFor();
    await expect.poll(() => a.page.getByTestId('current-user').textContent()).toBe(repA.name);
    // Still editable after the reload.
    await expect.poll(() => field(a.page, 'mainInterests').isEnabled()).toBe(true);
    await field(a.page, 'mainInterests').click();
    await a.page.keyboard.press('Control+End');
    await field(a.page, 'mainInterests').pressSequentially(' Second line offline.', { delay: 10 });
    await a.page.mouse.move(0, 0);
    await screenshot(a.page, 'offline.png');

    // The list offline shows what this device holds, and says so.
    await a.page.getByRole('link', { name: 'All dossiers' }).click();
    await a.page.getByTestId('offline-list-note').waitFor();
    await expect
      .poll(() => a.page.locator(`[data-testid=dossier-table] tbody tr[data-row-id="${dossierId}"]`).count())
      .toBe(1);
    await screenshot(a.page, 'offline-list.png');
    await a.page.goBack();
    await expect.poll(() => field(a.page, 'mainInterests').inputValue()).toContain('Second line offline.');

    // Out of the tunnel: A reconnects on its own and B receives everything A wrote offline, once.
    await a.context.setOffline(false);
    await expect.poll(() => status(a.page)).toBe('live');
    await expect.poll(() => a.page.getByTestId('offline-banner').count()).toBe(0);
    for (const page of [a.page, b.page]) {
      await expect
        .poll(() => field(page, 'mainInterests').inputValue())
        .toContain(`${offlineText.trim()} Second line offline.`);
      await expect.poll(() => field(page, 'city').inputValue()).toBe(offlineCity);
    }
    const merged = await field(b.page, 'mainInterests').inputValue();
    expect(merged.split(offlineText.trim()).length - 1).toBe(1);
    await expect.poll(() => field(a.page, 'mainInterests').inputValue()).toBe(merged);

    // Signing out (online) removes this user's offline copies from the shared browser.
    const localCopies = () =>
      a.page.evaluate(async () => ({
        databases: (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('staffel:')),
        keys: Object.keys(localStorage).filter((k) => k.startsWith('staffel:'))
      }));
    expect((await localCopies()).databases).toHaveLength(1);
    await a.page.getByRole('button', { name: 'Sign out' }).click();
    await a.page.waitForURL(/\/login/);
    await expect.poll(localCopies).toEqual({ databases: [], keys: [] });

    expect(pageErrors).toEqual([]);
  }, 60_000);
});
