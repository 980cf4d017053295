import { describe, expect, it } from 'vitest';
import { api, login } from '../helpers/clients';
import { useBrowserHarness } from '../helpers/browser-harness';
import { startTestServer } from '../helpers/start-test-server';

describe('an open tab across a graceful server restart (a deploy)', () => {
  const harness = useBrowserHarness();
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;

  it('leaves "Offline" by itself and the dossier list updates live again', async () => {
    const h = { server: harness.server };
    const [rep] = twoRepsOfOneTeam();
    const page = await newPage();
    await signIn(page, rep);
    const indicator = page.getByTestId('online-indicator');
    const isOffline = () => indicator.evaluate((el) => el.classList.contains('is-offline'));
    await expect.poll(isOffline).toBe(false);

    // SIGTERM's path: the app closes gracefully; the same port and data directory come back.
    const { port, dataDir } = h.server;
    await h.server.close({ keepData: true });
    await expect.poll(isOffline).toBe(true);
    expect(await indicator.textContent()).toContain('Offline');
    const restarted = await startTestServer({ dataDir, env: { PORT: String(port) } });
    try {
      await expect.poll(isOffline, { timeout: 15_000 }).toBe(false);
      await screenshot(page, 'restart-online-again.png');

      // The list hears about changes again without a reload.
      const cookie = await login(restarted.url, rep.email, h.server.demo.password);
      const created = await api(restarted.url, '/api/dossiers', {
        method: 'POST',
        cookie,
        body: { company: 'Nach dem Neustart GmbH', city: 'Kiel' }
      });
      expect(created.status).toBe(201);
      await expect
        .poll(() => page.locator(`[data-testid=dossier-table] tbody tr[data-row-id="${created.body.id}"]`).count())
        .toBe(1);
    } finally {
      await restarted.close();
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
