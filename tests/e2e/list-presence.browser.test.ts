import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('who has a dossier open, on the list (from presence:changed)', () => {
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = useBrowserHarness();

  it("shows a colleague's avatar on the row of the dossier they opened, and drops it when they leave", async () => {
    const [repA, repB] = twoRepsOfOneTeam();
    const a = await newPage();
    const b = await newPage();
    await signIn(a, repA);
    await signIn(b, repB);

    await a.locator('body').press('Enter');
    await a.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierId = decodeURIComponent(a.url().split('/').pop()!);
    const viewers = b.locator(`[data-testid=dossier-table] tbody tr[data-row-id="${dossierId}"] .viewers`);
    await expect.poll(() => viewers.getAttribute('title')).toBe(`Open now: ${repA.name}`);
    await screenshot(b, 'list-presence.png');

    await a.getByRole('link', { name: 'All dossiers' }).click();
    await a.waitForURL(/\/dossiers$/);
    await expect.poll(() => viewers.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
