import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportStore } from '../../server/features/segments';
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

  it('shows the import phase and a bar that moves while writing and is full only when committed', async () => {
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
    // The real store, held after it has written 500 of 600 rows (its second slice) until the page was looked at.
    const imports = h.server.app.store.imports as { commit: ImportStore['commit'] };
    const original = imports.commit;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    imports.commit = (options) =>
      original({
        ...options,
        onProgress: async (written) => {
          await options.onProgress?.(written);
          if (written === 500) await held;
        }
      });
    try {
      await page.goto(`${h.server.url}/lists/import`);
      const rows = Array.from({ length: 600 }, (_, i) => `Fortschritt ${i};Köln`).join('\n');
      await page
        .getByTestId('import-file')
        .setInputFiles({ name: 'viele.csv', mimeType: 'text/csv', buffer: Buffer.from(`Firma;Ort\n${rows}\n`) });
      await page.getByTestId('import-commit').waitFor();
      // Every width the bar shows, with the status line beside it, as the page renders them.
      await page.evaluate(() => {
        const seen: Array<[string | null, string]> = [];
        (window as unknown as { seen: typeof seen }).seen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[data-testid=import-progress]');
          if (!bar) return;
          const entry: [string | null, string] = [
            bar.getAttribute('aria-valuenow'),
            document.querySelector('[data-testid=import-status]')?.textContent ?? ''
          ];
          const last = seen.at(-1);
          if (!last || last[0] !== entry[0] || last[1] !== entry[1]) seen.push(entry);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await page.getByTestId('import-commit').click();
      const phase = page.getByTestId('import-phase');
      await expect.poll(() => phase.getAttribute('data-phase')).toBe('writing');
      await expect.poll(() => phase.textContent()).toContain('Saving… 500 of 600');
      expect(await phase.textContent()).toContain('Step 3 of 3');
      const mid = Number(await page.getByTestId('import-progress').getAttribute('aria-valuenow'));
      expect(mid).toBeGreaterThan(40);
      expect(mid).toBeLessThan(100);
      // The width eases in (0.2 s transition): the picture shows where it settles.
      await page
        .locator('[data-testid=import-progress] .fill')
        .evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      await shot('import-writing');
      release();
      await expect.poll(() => page.getByTestId('import-status').textContent()).toContain('Done: 600 dossiers created.');
      expect(await page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
      expect(await phase.count()).toBe(0);
      await shot('import-progress-done');
      const seen = await page.evaluate(() => (window as unknown as { seen: Array<[string, string]> }).seen);
      const widths = seen.map(([w]) => Number(w));
      expect(widths.every((w, i) => i === 0 || w >= widths[i - 1])).toBe(true);
      expect(seen.filter(([w]) => w === '100').every(([, status]) => status.includes('Done'))).toBe(true);
      expect(widths.some((w) => w > 0 && w < 100)).toBe(true);
    } finally {
      release();
      imports.commit = original;
    }
    expect(h.pageErrors).toEqual([]);
  }, 120_000);
});
