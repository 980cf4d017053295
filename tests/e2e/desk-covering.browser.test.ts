import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESK_COVERING_PAGE } from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { SCREENSHOTS, useBrowserHarness } from '../helpers/browser-harness';

/** Screenshots for humans go here too when SHOTS_DIR is set (the lead looks at them). */
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;

describe('the desk covering many dossiers (browser)', () => {
  const harness = useBrowserHarness({ demoDossiers: 1200, demoHistory: false });
  const { newContext, pageErrors } = harness;

  async function shoot(page: Page, name: string, width: number): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
    await page.screenshot({ path: resolve(SHOTS, name) });
  }

  it('shows the first page with the total and whom I cover; Show all loads every row', async () => {
    const { server } = harness;
    const { company } = server.demo;
    const [teamA] = company.teams;
    const reps = company.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamA!.id));
    const standIn = reps[0]!;
    const away = reps.slice(1, 4);
    const admin = company.users.find((u) => u.role === 'admin')!;
    const cookie = await login(server.url, admin.email, server.demo.password);
    for (const u of away) {
      const res = await api(server.url, '/api/absences', {
        method: 'POST',
        cookie,
        body: {
          userId: u.id,
          kind: 'vacation',
          to: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          handToId: standIn.id
        }
      });
      expect(res.status).toBe(201);
    }
    const total = company.dossiers.filter((d) => away.some((u) => u.id === d.dossier.ownerId)).length;
    expect(total).toBeGreaterThan(DESK_COVERING_PAGE);

    const { page } = await newContext();
    await harness.signIn(page, { email: standIn.email, name: standIn.name });
    await page.goto(`${server.url}/desk`);
    const section = page.getByTestId('desk-covering');
    await section.getByTestId('desk-covering-by').waitFor();
    await expect.poll(() => section.locator('.section-count').textContent()).toBe(total.toLocaleString('en-US'));
    expect(await section.locator('ul.rows > *').count()).toBe(DESK_COVERING_PAGE);
    for (const u of away) expect(await section.getByTestId('desk-covering-by').textContent()).toContain(u.name);
    await section.getByTestId('desk-covering-all').scrollIntoViewIfNeeded();
    await shoot(page, 'desk-covering-en-1280.png', 1280);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'desk-covering-en-390.png', 390);

    await section.getByTestId('desk-covering-all').click();
    await expect.poll(() => section.locator('ul.rows > *').count()).toBe(total);
    expect(await section.getByTestId('desk-covering-all').count()).toBe(0);

    await page.evaluate(() => localStorage.setItem('staffel.locale', 'de'));
    await page.reload();
    await section.getByTestId('desk-covering-all').waitFor();
    expect(await section.getByTestId('desk-covering-all').textContent()).toContain('anzeigen');
    await shoot(page, 'desk-covering-de-390.png', 390);
    expect(pageErrors).toEqual([]);
  });
});
