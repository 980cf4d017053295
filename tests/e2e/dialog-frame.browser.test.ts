import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/** The shared dialog frame (new dossier, hand-off, win-back step) and the win-back lists built from shared rows. */
describe('dialog frame and win-back rows', () => {
  const harness = useBrowserHarness();
  const { newPage, pageErrors, screenshot, signIn } = harness;

  it('new dossier: titled, focus starts in the first field, Tab wraps, the close button and Escape close it', async () => {
    const manager = harness.server.demo.users.find((u) => u.role === 'manager')!;
    const page = await newPage();
    await signIn(page, manager);
    await page.getByTestId('new-dossier').click();
    const dialog = page.getByRole('dialog', { name: 'New dossier' });
    await dialog.waitFor();
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute('name') ?? document.activeElement?.getAttribute('aria-label')
      );
    await expect.poll(focused).toBe('company');

    // Shift+Tab from the first control lands on the last (the close button), Tab from there back on the first.
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Close');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('company');
    await screenshot(page, 'dialog-frame-new-dossier.png');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // Reopened, it starts empty; Escape closes it too.
    await page.getByTestId('new-dossier').click();
    await dialog.waitFor();
    await page.getByLabel('Company').fill('Probe GmbH');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.getByTestId('new-dossier').click();
    expect(await page.getByLabel('Company').inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('save list: mounted while open; Escape and Cancel both close it and let the page drop it', async () => {
    const manager = harness.server.demo.users.find((u) => u.role === 'manager')!;
    const page = await newPage();
    await signIn(page, manager);
    await page.goto(`${harness.server.url}/lists`);
    const dialog = page.getByTestId('save-list-dialog');
    await page.getByTestId('save-list').click();
    await dialog.getByRole('heading').waitFor();
    expect(await dialog.getAttribute('aria-labelledby')).toBe(await dialog.getByRole('heading').getAttribute('id'));
    await screenshot(page, 'dialog-frame-save-list.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByTestId('save-list').click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('win-back: premium and sleeping lists render one row per customer with their figures', async () => {
    // The admin sees every team's customers, so both lists have rows in the demo company.
    const admin = harness.server.demo.users.find((u) => u.role === 'admin')!;
    const page = await newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, admin);
    await page.goto(`${harness.server.url}/winback`);
    await page.getByTestId('winback-tab-premium').click();
    const premium = page.getByTestId('premium-list').locator('li');
    await expect.poll(() => premium.count()).toBeGreaterThan(0);
    expect(await premium.first().locator('.rank').textContent()).toBe('1');
    expect(await premium.first().getByRole('link').getAttribute('href')).toMatch(/^\/dossiers\//);
    await screenshot(page, 'winback-premium-1280.png');

    await page.getByTestId('winback-tab-sleeping').click();
    const sleeping = page.getByTestId('sleeping-row');
    await expect.poll(() => sleeping.count()).toBeGreaterThan(0);
    expect(await sleeping.first().textContent()).toMatch(/Quiet|Value|Warmth/i);
    await screenshot(page, 'winback-sleeping-1280.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'winback-sleeping-390.png');
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth
    ]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(pageErrors).toEqual([]);
  });
});
