import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('activity feed in the browser (issue #10)', () => {
  // Versions are checkpointed after 200 ms without edits, so the rep's edit is an activity item within a second.
  const harness = useBrowserHarness({ env: { YJS_CHECKPOINT_IDLE_MS: '200' } });
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;
  const field = (page: Page, key: string) => page.locator(`#field-${key}`);
  const PUSH_TIMEOUT = { timeout: 6_000 };

  it('a rep edits a field; the manager’s /activity shows it live, naming the field; a click opens the dossier', async () => {
    const [rep] = twoRepsOfOneTeam();
    const manager = harness.server.demo.users.find(
      (u) => u.role === 'manager' && u.teamIds.includes((rep as unknown as { teamIds: string[] }).teamIds[0]!)
    )!;
    const managerPage = await newPage();
    await signIn(managerPage, manager);
    await managerPage.getByTestId('nav-more').click();
    await managerPage.getByTestId('nav-activity').click();
    await managerPage.waitForURL(/\/activity$/);
    await expect.poll(() => managerPage.getByTestId('activity-live').textContent(), PUSH_TIMEOUT).toContain('Live');

    const repPage = await newPage();
    await signIn(repPage, rep);
    await repPage.locator('body').press('Enter');
    await repPage.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierPath = new URL(repPage.url()).pathname;
    await expect.poll(() => field(repPage, 'agreedConditions').isEnabled()).toBe(true);
    await field(repPage, 'agreedConditions').click();
    await field(repPage, 'agreedConditions').pressSequentially(' 2 % Skonto.', { delay: 10 });

    const row = managerPage.locator('[data-testid=activity-row][data-type="dossier.version_recorded"]').first();
    await expect.poll(() => row.textContent(), PUSH_TIMEOUT).toContain('edited agreed conditions');
    expect(await row.textContent()).toContain(rep.name);
    await screenshot(managerPage, 'activity-live.png');

    await row.getByTestId('activity-dossier').click();
    await managerPage.waitForURL((url) => url.pathname === dossierPath);
    await expect.poll(() => field(managerPage, 'agreedConditions').inputValue()).toContain('2 % Skonto.');
    expect(pageErrors).toEqual([]);
  });
});
