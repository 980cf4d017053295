import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('live feed in the browser: pushes instead of polling', () => {
  // Versions are checkpointed after 200 ms without edits, so a colleague's version exists within a second.
  const harness = useBrowserHarness({ env: { YJS_CHECKPOINT_IDLE_MS: '200' } });
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;
  const field = (page: Page, key: string) => page.locator(`#field-${key}`);
  // Well under the 15 s the history panel used to poll at: only a push can make it in time.
  const PUSH_TIMEOUT = { timeout: 4_000 };

  it('lists a colleague’s new version in the open history panel, and a new dossier in the list, by push', async () => {
    const [repA, repB] = twoRepsOfOneTeam();
    const pageA = await newPage();
    const pageB = await newPage();
    await signIn(pageA, repA);
    await pageA.locator('body').press('Enter');
    await pageA.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierUrl = pageA.url();
    await pageA.getByTestId('history-toggle').click();
    const panel = pageA.getByTestId('history-panel');
    await panel.waitFor();
    const options = panel.locator('[role=option]');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    const before = await options.count();

    await signIn(pageB, repB);
    await pageB.goto(dossierUrl);
    await expect.poll(() => field(pageB, 'mainInterests').isEnabled()).toBe(true);
    await field(pageB, 'mainInterests').click();
    await field(pageB, 'mainInterests').pressSequentially(' Pushed, not polled.', { delay: 10 });

    await expect.poll(() => options.count(), PUSH_TIMEOUT).toBe(before + 1);
    await expect.poll(() => options.first().getAttribute('data-authors'), PUSH_TIMEOUT).toContain(repB.name);
    await screenshot(pageA, 'history-live.png');

    // The list: a dossier B creates appears in A's list without a reload.
    await pageA.goto(`${harness.server.url}/dossiers`);
    await expect.poll(() => pageA.locator('[data-testid=dossier-table] tbody tr').count()).toBeGreaterThan(0);
    const created = await pageB.request.post(`${harness.server.url}/api/dossiers`, {
      data: { company: 'Aaaa Live Push GmbH' }
    });
    expect(created.status()).toBe(201);
    await expect
      .poll(() => pageA.locator('[data-testid=dossier-table] tbody tr').first().textContent(), PUSH_TIMEOUT)
      .toContain('Aaaa Live Push GmbH');
    await screenshot(pageA, 'list-live.png');
    expect(pageErrors).toEqual([]);
  });
});
