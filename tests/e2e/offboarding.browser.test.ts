import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/** Screens of the offboarding flow, also kept for people to look at (1280 px and 390 px). */
const SHOTS = process.env.OFFBOARDING_SHOTS ?? resolve(import.meta.dirname, '../../test-results/screenshots');

describe('offboarding a colleague in the browser (admin)', () => {
  // The demo history on: the seeded leaver (demo-offboarding.ts) holds dossiers, roles and tasks.
  const harness = useBrowserHarness({ demoDossiers: 60 });
  const { newContext, pageErrors } = harness;
  const shot = async (page: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    // Sticky bars would be painted where the page was scrolled to: shoot from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(SHOTS, name), fullPage: true });
  };

  it('lists what the leaver holds, fills by rule, shows the server’s refusal, then finishes', async () => {
    const { server } = harness;
    const admin = server.demo.users.find((u) => u.role === 'admin')!;
    const leaver = server.demo.users.find((u) => u.name === 'Mehmet Yılmaz')!;
    const { page } = await newContext();
    await page.setViewportSize({ width: 1280, height: 900 });
    await harness.signIn(page, admin);

    await page.getByTestId('nav-more').click();
    await page.getByRole('link', { name: 'Offboarding' }).click();
    await page.getByTestId('offboarding-people').waitFor();
    await shot(page, 'offboarding-people-1280.png');
    await page.locator('li', { hasText: leaver.name }).getByRole('link').click();
    await page.getByTestId('offboarding-summary').waitFor();
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('Dossiers they own'),
          expect.stringContaining('Stand-in roles'),
          expect.stringContaining('Deputy for'),
          expect.stringContaining('Callbacks and tasks'),
          expect.stringContaining('Key accounts')
        ])
      );
    const finish = page.getByTestId('offboarding-finish');
    expect(await finish.isDisabled()).toBe(true);
    await shot(page, 'offboarding-start-1280.png');

    await page.getByRole('button', { name: 'To the default deputy' }).click();
    await shot(page, 'offboarding-deputy-filled-1280.png');
    await page.getByRole('button', { name: 'Round-robin over the team' }).click();
    await expect.poll(() => finish.isDisabled()).toBe(false);

    // Meanwhile a colleague gives him a new callback: the server refuses and names it.
    const dossier = (await server.app.store.dossiers.listHeldBy(leaver.id)).find((d) => d.ownerId === leaver.id)!;
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const created = await fetch(`${server.url}/api/tasks`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({
        dossierId: dossier.id,
        kind: 'callback',
        title: 'Late callback for Mehmet',
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        assigneeId: leaver.id
      })
    });
    expect(created.status).toBe(201);
    await page.getByLabel('Note for the briefings (optional)').fill('Mehmet moves to our Munich partner.');
    await finish.click();
    await shot(page, 'offboarding-confirm-1280.png');
    await page.getByTestId('offboarding-confirm').click();
    const refusal = page.getByTestId('offboarding-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Late callback for Mehmet');
    expect(await finish.isDisabled()).toBe(true);
    await shot(page, 'offboarding-refused-1280.png');

    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'offboarding-refused-390.png');
    await page.getByRole('button', { name: 'Round-robin over the team' }).click();
    await expect.poll(() => finish.isDisabled()).toBe(false);
    await finish.click();
    await page.getByTestId('offboarding-confirm').click();
    await page.getByTestId('offboarding-done').waitFor();
    await shot(page, 'offboarding-done-390.png');
    expect((await server.app.store.users.getUser(leaver.id))!.deactivatedAt).not.toBeNull();
    expect(await server.app.store.dossiers.listHeldBy(leaver.id)).toEqual([]);

    // The list marks him deactivated; German strings render (phone width).
    await page.goto(`${server.url}/admin/offboarding`);
    await page.getByTestId('offboarding-people').waitFor();
    expect(await page.locator('li', { hasText: leaver.name }).textContent()).toContain('Deactivated');
    await shot(page, 'offboarding-people-390.png');
    // Nothing is wider than the phone (the top bar's entries scroll inside it).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(pageErrors).toEqual([]);
  });

  it('German, phone width: the start of an offboarding', async () => {
    const { server } = harness;
    const admin = server.demo.users.find((u) => u.role === 'admin')!;
    const leaver = server.demo.users.find((u) => u.name === 'Lena Schröder')!;
    const { page } = await newContext();
    await harness.signIn(page, admin);
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .getByRole('button', { name: 'DE' })
      .click()
      .catch(() => undefined);
    await page.goto(`${server.url}/admin/offboarding/${leaver.id}`);
    await page.getByTestId('offboarding-summary').waitFor();
    await shot(page, 'offboarding-start-de-390.png');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, 'offboarding-start-de-1280.png');
    expect(pageErrors).toEqual([]);
  });
});
