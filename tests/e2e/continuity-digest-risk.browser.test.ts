import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Absence } from '../../server/features/continuity/absence-store';
import { api, login } from '../helpers/clients';
import { SCREENSHOTS, useBrowserHarness } from '../helpers/browser-harness';

/** Screenshots for humans go here too when SHOTS_DIR is set (the lead looks at them). */
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;

describe('while you were away and knowledge at risk (browser)', () => {
  const harness = useBrowserHarness({ demoDossiers: 60 });
  const { newContext, pageErrors } = harness;

  async function shoot(page: Page, name: string, width: number): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
    await page.screenshot({ path: resolve(SHOTS, name), fullPage: true });
  }

  it('the owner back from vacation reads what the stand-in did; a manager opens a person’s fix list', async () => {
    const { server } = harness;
    const { company } = server.demo;
    const [teamA] = company.teams;
    const reps = company.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamA!.id));
    const [owner, standIn] = [reps[0]!, reps[1]!];
    const manager = company.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamA!.id))!;
    const owned = company.dossiers.filter((d) => d.dossier.ownerId === owner.id).slice(0, 2);
    const cookie = await login(server.url, standIn.email, server.demo.password);

    const now = Date.now();
    const absence: Absence = {
      id: 'abs-shots',
      userId: owner.id,
      kind: 'vacation',
      from: now - 60_000,
      to: now + 7 * 86_400_000,
      handToId: standIn.id,
      note: null,
      endedAt: null,
      createdById: owner.id,
      createdAt: now - 120_000,
      updatedAt: now - 120_000,
      startedFiredAt: null,
      endedFiredAt: null,
      version: 1
    };
    await server.app.store.absences.create(absence, []);
    for (const [i, { dossier }] of owned.entries()) {
      await api(server.url, `/api/dossiers/${dossier.id}/interactions`, {
        method: 'POST',
        cookie,
        body: {
          type: i === 0 ? 'call' : 'visit',
          pointOfSale: i === 0 ? 'call_centre' : 'field_sales',
          summary:
            i === 0 ? 'Asked about the spring order; wants a quote by Friday.' : 'Visited the shop, new shelving.'
        }
      });
      const task = await api(server.url, '/api/tasks', {
        method: 'POST',
        cookie,
        body: {
          dossierId: dossier.id,
          kind: 'callback',
          title: 'Call back about delivery dates',
          dueAt: new Date(now + 3_600_000).toISOString(),
          assigneeId: standIn.id
        }
      });
      await api(server.url, `/api/tasks/${task.body.id}/complete`, {
        method: 'POST',
        cookie,
        body: { outcome: 'Delivery confirmed for Monday' }
      });
    }
    await server.app.store.absences.end({ id: absence.id, at: Date.now() + 1, events: [] });

    const { page } = await newContext();
    await harness.signIn(page, { email: owner.email, name: owner.name });
    // The page loads its digest after navigation (onMount), so count only once it has rendered a result;
    // reload only when it rendered "nothing to report" (a write not yet visible), never in a loop with goto.
    await page.goto(`${server.url}/digest`);
    await expect
      .poll(
        async () => {
          const settled = page.getByTestId('digest-quiet').or(page.getByTestId('digest-empty'));
          if (await settled.isVisible()) await page.reload();
          return page.getByTestId('digest-dossier').count();
        },
        { timeout: 20_000, interval: 250 }
      )
      .toBe(2);
    await expect.poll(() => page.getByTestId('digest-dossier').first().textContent()).toContain(standIn.name);
    await shoot(page, 'digest-en-1280.png', 1280);
    await shoot(page, 'digest-en-390.png', 390);
    await page.evaluate(() => localStorage.setItem('staffel.locale', 'de'));
    await page.reload();
    await page.getByTestId('digest-dossier').first().waitFor();
    await shoot(page, 'digest-de-1280.png', 1280);
    await shoot(page, 'digest-de-390.png', 390);

    // The desk shows the owner's own knowledge at risk (KnowledgeRiskPanel), with the list to fix.
    await page.goto(`${server.url}/desk`);
    await page.getByTestId('knowledge-risk-panel').getByRole('button').click();
    await page.getByTestId('at-risk-list').waitFor();
    await shoot(page, 'desk-risk-de-1280.png', 1280);
    await shoot(page, 'desk-risk-de-390.png', 390);

    const { page: mgr } = await newContext();
    await harness.signIn(mgr, { email: manager.email, name: manager.name });
    await mgr.goto(`${server.url}/knowledge-risk`);
    await mgr.getByTestId('risk-people').waitFor();
    await mgr.getByRole('button', { name: new RegExp(owner.name) }).click();
    await mgr.getByTestId('at-risk-list').waitFor();
    await shoot(mgr, 'risk-en-1280.png', 1280);
    await shoot(mgr, 'risk-en-390.png', 390);
    await mgr.evaluate(() => localStorage.setItem('staffel.locale', 'de'));
    await mgr.reload();
    await mgr.getByTestId('risk-people').waitFor();
    await shoot(mgr, 'risk-de-1280.png', 1280);

    expect(pageErrors).toEqual([]);
  });
});
