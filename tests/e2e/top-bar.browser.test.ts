import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/** The top bar at laptop, desktop and phone widths, signed in as a demo manager (the longest nav). */
describe('top bar: labelled nav, "More" menu, phone menu, one-line presence', () => {
  const harness = useBrowserHarness();
  const { newPage, pageErrors, screenshot, signIn } = harness;

  const manager = () => harness.server.demo.users.find((u) => u.role === 'manager')!;

  /** Boxes of the bar's visible controls: each must be on screen, whole, and on one line. */
  async function barProblems(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const problems: string[] = [];
      const bar = document.querySelector('.topbar')!;
      if (bar.scrollWidth > bar.clientWidth) problems.push(`bar overflows: ${bar.scrollWidth} > ${bar.clientWidth}`);
      const controls = bar.querySelectorAll<HTMLElement>('nav a, nav button, button, [data-testid=online-indicator]');
      for (const el of controls) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || el.closest('.more-list')) continue;
        const text = el.textContent?.trim() ?? '';
        if (box.right > window.innerWidth + 0.5) problems.push(`off screen: ${text}`);
        if (el.scrollWidth > el.clientWidth + 1) problems.push(`clipped: ${text}`);
        // One line of 12-14 px text in a control is under 36 px tall; a wrapped label doubles that.
        if (box.height > 36) problems.push(`wraps (${Math.round(box.height)} px): ${text}`);
      }
      // Nothing in the bar lies over its neighbour (a nav too wide for its room overflows visibly onto search).
      const parts = [...bar.querySelectorAll<HTMLElement>(':scope > *, nav a, nav button')]
        .filter((el) => !el.closest('.more-list') && el.matches(':not(nav, .spacer, .panel, .tasks)'))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0)
        .sort((a, b) => a.box.left - b.box.left);
      for (let i = 1; i < parts.length; i++) {
        const [a, b] = [parts[i - 1]!, parts[i]!];
        if (a.box.right > b.box.left + 0.5 && !a.el.contains(b.el)) {
          problems.push(`overlap: ${a.el.textContent?.trim()} / ${b.el.textContent?.trim()}`);
        }
      }
      return problems;
    });
  }

  for (const width of [1280, 1440]) {
    it(`${width} px: the daily pages show their labels, the rest open from More by keyboard`, async () => {
      const page = await newPage();
      await page.setViewportSize({ width, height: 800 });
      await signIn(page, manager());
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const name of ['Dossiers', 'Desk', 'Absences']) {
        expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
      }
      // Tasks' accessible name carries its overdue count ("Tasks 2 overdue"), so it is found by its test id.
      expect(await page.getByTestId('nav-tasks').textContent()).toMatch(/^Tasks/);
      expect(await barProblems(page)).toEqual([]);
      await screenshot(page, `topbar-${width}-dossiers.png`);

      // Keyboard: focus More, ArrowDown opens it and focuses the first link; Escape closes and returns focus.
      const more = page.getByTestId('nav-more');
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('nav-team').isVisible()).toBe(false);
      await more.focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => more.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/lists');
      await page.keyboard.press('End');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('href')))
        .toBe('/settings/intake');
      await screenshot(page, `topbar-${width}-more-open.png`);
      await page.keyboard.press('Escape');
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-more');

      // A click on an entry navigates, closes the menu and marks More as holding the current page.
      await more.click();
      await page.getByTestId('nav-kpis').click();
      await page.waitForURL(/\/kpis$/);
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      expect(await more.getAttribute('class')).toContain('has-current');

      await page.goto(`${harness.server.url}/desk`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await nav.getByRole('link', { name: 'Desk', exact: true }).getAttribute('aria-current')).toBe('page');
      expect(await barProblems(page)).toEqual([]);
      await screenshot(page, `topbar-${width}-desk.png`);

      // German labels are longer; they still fit on one line.
      await page.getByRole('button', { name: 'DE', exact: true }).click();
      await expect.poll(() => page.getByTestId('nav-more').textContent()).toBe('Mehr');
      expect(await barProblems(page)).toEqual([]);
      await screenshot(page, `topbar-${width}-desk-de.png`);
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      expect(pageErrors).toEqual([]);
    });
  }

  for (const width of [1024, 800]) {
    it(`${width} px in German: the bar fits without overlap; the nav keeps labels or folds into its menu`, async () => {
      const page = await newPage();
      await page.setViewportSize({ width, height: 800 });
      await signIn(page, manager());
      await page.getByRole('button', { name: 'DE', exact: true }).click();
      await expect.poll(() => page.getByTestId('nav-tasks').textContent()).toMatch(/^Aufgaben/);
      expect(await barProblems(page)).toEqual([]);
      expect(await page.getByTestId('nav-desk').isVisible()).toBe(width > 900);
      expect(await page.getByTestId('nav-menu').isVisible()).toBe(width <= 900);
      await screenshot(page, `topbar-${width}-dossiers-de.png`);
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      expect(pageErrors).toEqual([]);
    });
  }

  it('390 px: a menu button opens every page as a sheet; Tasks stays in the bar', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, manager());
    expect(await barProblems(page)).toEqual([]);
    expect(await page.getByTestId('nav-tasks').isVisible()).toBe(true);
    expect(await page.getByTestId('nav-desk').isVisible()).toBe(false);
    await screenshot(page, 'topbar-390-dossiers.png');

    const menu = page.getByTestId('nav-menu');
    expect(await menu.getAttribute('aria-label')).toBe('Menu');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    for (const testId of ['nav-desk', 'nav-absences', 'nav-lists', 'nav-team', 'nav-kpis', 'nav-winback']) {
      const link = page.getByTestId(testId);
      expect(await link.isVisible(), testId).toBe(true);
      const box = (await link.boundingBox())!;
      expect(box.x + box.width, testId).toBeLessThanOrEqual(390);
    }
    await screenshot(page, 'topbar-390-menu-open.png');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-desk').isVisible()).toBe(false);

    await menu.click();
    await page.getByTestId('nav-desk').click();
    await page.waitForURL(/\/desk$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await barProblems(page)).toEqual([]);
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth
    ]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await screenshot(page, 'topbar-390-desk.png');
    expect(pageErrors).toEqual([]);
  });
});
