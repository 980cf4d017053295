import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/** Issue #11 in the browser: tag chips by keyboard, the Lists page's live count and save, a CSV import. */
const SHOTS = process.env.SEGMENTS_SHOTS_DIR;

describe('segments in the browser', () => {
  const h = useBrowserHarness();

  it('tags a dossier by keyboard, finds it on the Lists page with a live count, saves the list, imports a CSV', async () => {
    const [rep] = h.twoRepsOfOneTeam();
    const page = await h.newPage();
    await h.signIn(page, rep);
    const shot = async (name: string) => {
      if (!SHOTS) return;
      mkdirSync(SHOTS, { recursive: true });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
        await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1366, height: 768 });
    };

    await page.locator('[data-testid=dossier-table] tbody tr a').first().click();
    const input = page.getByTestId('tag-input');
    await input.fill('e2e-newsletter');
    await input.press('Enter');
    await input.fill('e2e-wrong');
    await input.press('Enter');
    const chips = page.locator('[data-testid=tag-editor] .chip a');
    await expect.poll(() => chips.allTextContents()).toContain('e2e-wrong');
    await input.press('Backspace');
    await expect.poll(() => chips.allTextContents()).not.toContain('e2e-wrong');
    await expect.poll(() => chips.allTextContents()).toContain('e2e-newsletter');
    // Suggestions from the team's other tags (the screenshot shows them when the demo has one starting with "a").
    await input.fill('a');
    await page
      .locator('[role=listbox] button')
      .first()
      .waitFor({ timeout: 3000 })
      .catch(() => {});
    await shot('dossier-tags');
    await input.press('Escape');

    await page.goto(`${h.server.url}/lists?tag=e2e-newsletter`);
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain('Matching dossiers: 1');
    await page.getByTestId('save-list').click();
    await page.getByTestId('list-name').fill('E2E Newsletter');
    await page.getByTestId('save-list-dialog').getByRole('button', { name: 'Save as list' }).click();
    await page.locator('.saved button.current', { hasText: 'E2E Newsletter' }).waitFor();
    await page.getByTestId('filter-tag').fill('');
    await expect.poll(() => page.getByTestId('live-count').textContent()).not.toContain('Matching dossiers: 1');
    await shot('lists');

    await page.goto(`${h.server.url}/lists/import`);
    const csv =
      'Firma;Ort;Ansprechpartner;E-Mail\nE2E Import GmbH;Köln;Jürgen Weiß;jw@e2e.example\n;Bonn;;\nE2E Import;Köln;;\n';
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'firmen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-commit').waitFor();
    await shot('import-preview');
    await page.getByLabel('Leave out rows with errors').check();
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-status').textContent()).toContain('Done: 1 dossiers created.');
    await shot('import-done');

    // German
    await page.evaluate(() => localStorage.setItem('staffel.locale', 'de'));
    await page.goto(`${h.server.url}/lists`);
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain('Passende Dossiers');
    await shot('lists-de');
    expect(h.pageErrors).toEqual([]);
  }, 120_000);
});
