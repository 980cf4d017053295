import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };
const LAPTOP = { width: 1366, height: 768 };

describe('layout on phones, tablets and laptops', () => {
  const harness = useBrowserHarness();
  const { pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;
  const newPage = async () => {
    const page = await harness.newPage();
    page.setDefaultTimeout(8000);
    return page;
  };

  /** The page never scrolls sideways: that is what makes a phone layout unusable. */
  async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth
    ]);
    expect(scrollWidth, `${where}: page ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(
      innerWidth
    );
  }

  /** Elements whose text is cut (wider content than box) among the matches. */
  const clipped = async (locator: Locator) => {
    expect(await locator.count(), 'nothing to measure').toBeGreaterThan(0);
    return locator.evaluateAll((els) =>
      els
        .filter((el) => el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent?.trim())
    );
  };

  const box = async (locator: Locator) => (await locator.boundingBox())!;

  async function openDossier(page: Page): Promise<void> {
    await page.locator('[data-testid=dossier-table] tbody tr a').first().click();
    await page.waitForURL(/\/dossiers\/[^/]+$/);
    await expect.poll(() => page.getByTestId('notes-editor').getAttribute('contenteditable')).toBe('true');
  }

  for (const [name, viewport, locale] of [
    ['phone', PHONE, 'en'],
    ['phone in German', PHONE, 'de'],
    ['tablet', TABLET, 'de']
  ] as const) {
    it(`${name} (${viewport.width}px): login, list and dossier fit the width, dates and badges are whole`, async () => {
      const [rep] = twoRepsOfOneTeam();
      const page = await newPage();
      await page.setViewportSize(viewport);
      await signIn(page, rep);
      if (locale === 'de') await page.getByRole('button', { name: 'DE', exact: true }).click();
      await page.locator('[data-testid=dossier-table] tbody tr').first().waitFor();

      await expectNoHorizontalOverflow(page, 'list');
      const topbar = page.locator('.topbar');
      expect(await topbar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await clipped(page.locator('.topbar button, .topbar nav a'))).toEqual([]);
      // The relative date and the stage badge are never cut, whatever the row shows besides.
      expect(await clipped(page.locator('[data-testid=dossier-table] tbody td:last-child'))).toEqual([]);
      const badgesInside = await page
        .locator('[data-testid=dossier-table] tbody td:nth-child(5)')
        .evaluateAll((cells) =>
          cells.every((cell) => {
            const badge = cell.firstElementChild!.getBoundingClientRect();
            const frame = cell.getBoundingClientRect();
            return badge.width > 0 && badge.left >= frame.left - 0.5 && badge.right <= frame.right + 0.5;
          })
        );
      expect(badgesInside).toBe(true);
      // The company name is the row's title: it gets a real share of the width.
      const company = await box(page.locator('[data-testid=dossier-table] tbody tr td:first-child').first());
      expect(company.width).toBeGreaterThan(Math.min(viewport.width * 0.4, 220));
      await screenshot(page, `layout-${name.replace(/ /g, '-')}-list.png`);

      // The new-dossier dialog: every field inside its frame.
      await page.getByTestId('new-dossier').click();
      const form = await box(page.getByTestId('new-dossier-form'));
      const inputs = await page
        .getByTestId('new-dossier-form')
        .locator('input, button')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
      for (const right of inputs) expect(right).toBeLessThanOrEqual(form.x + form.width);
      await page.keyboard.press('Escape');

      await openDossier(page);
      await expectNoHorizontalOverflow(page, 'dossier');
      // The title is not squeezed by the status row, and the status row is on screen.
      const title = await box(page.getByTestId('dossier-title'));
      expect(title.width).toBeGreaterThan(150);
      for (const testId of ['save-status', 'connection-status', 'presence-avatars', 'history-toggle']) {
        const b = await box(page.getByTestId(testId));
        expect(b.x + b.width, testId).toBeLessThanOrEqual(viewport.width);
      }
      // Contact fields are wide enough to read an e-mail address.
      const email = await box(page.locator('[data-testid=contacts] [data-contact-id] .cell-email input').first());
      expect(email.width).toBeGreaterThan(180);
      const toolbar = await box(page.getByRole('toolbar'));
      const notes = await box(page.getByTestId('notes-editor'));
      expect(toolbar.x + toolbar.width).toBeLessThanOrEqual(notes.x + notes.width + 1);
      await screenshot(page, `layout-${name.replace(/ /g, '-')}-dossier.png`);
      expect(pageErrors).toEqual([]);
    });
  }

  it('phone: the login form fits, and history takes the whole screen with a labelled close button', async () => {
    const [rep] = twoRepsOfOneTeam();
    const page = await newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${harness.server.url}/login`);
    await page.getByLabel('Work email').waitFor();
    await expectNoHorizontalOverflow(page, 'login');
    await signIn(page, rep);
    await openDossier(page);

    await page.getByTestId('history-toggle').click();
    const panel = page.getByTestId('history-panel');
    await panel.locator('[role=option]').first().waitFor();
    expect(await box(panel)).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    const close = panel.getByTestId('history-close');
    expect((await close.innerText()).trim()).toContain('Close');
    await expectNoHorizontalOverflow(page, 'history');
    await screenshot(page, 'layout-phone-history.png');
    await close.click();
    expect(await panel.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  for (const [name, viewport] of [
    ['laptop', LAPTOP],
    ['tablet', TABLET]
  ] as const) {
    it(`${name} (${viewport.width}px): history sits beside the dossier, which shrinks and keeps its status in view`, async () => {
      const [rep] = twoRepsOfOneTeam();
      const page = await newPage();
      await page.setViewportSize(viewport);
      await signIn(page, rep);
      await openDossier(page);
      await page.getByTestId('history-toggle').click();
      const panel = page.getByTestId('history-panel');
      await panel.locator('[role=option]').first().waitFor();

      const side = await box(panel);
      expect(side.x + side.width).toBeCloseTo(viewport.width, 0);
      expect(side.width).toBeGreaterThanOrEqual(340);
      // Nothing of the dossier is under the panel: sections, fields, save state, avatars, the toggle.
      const rightEdges = await page
        .locator(
          '.page section, [data-testid=save-status], [data-testid=presence-avatars], [data-testid=history-toggle]'
        )
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
      expect(rightEdges.length).toBeGreaterThan(5);
      for (const right of rightEdges) expect(right).toBeLessThanOrEqual(side.x + 1);
      expect(await page.getByTestId('save-status').isVisible()).toBe(true);
      await expectNoHorizontalOverflow(page, 'dossier with history');

      // Scrolling the dossier leaves the panel where it is.
      await page.mouse.wheel(0, 600);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect((await box(panel)).y).toBeCloseTo(side.y, 0);
      await screenshot(page, `layout-${name}-history.png`);
      expect(pageErrors).toEqual([]);
    });
  }
});
