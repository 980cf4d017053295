import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

/**
 * Issue #11 "Browser: start a win-back and complete step 1." A rep opens the win-back page, starts a win-back
 * on one of their dormant customers from the sleeping list, opens the dossier and completes step 1 in the
 * dialog; the panel shows the step done (who, note) and step 2 as the next one.
 */
describe('win-back in the browser', () => {
  const harness = useBrowserHarness({ demoDossiers: 40 });
  const { newPage, pageErrors, screenshot, signIn } = harness;

  it('starts a win-back from the sleeping list and completes step 1 on the dossier', async () => {
    const { server } = harness;
    const dormant = server.demo.company.dossiers.map((d) => d.dossier).find((d) => d.stage === 'dormant');
    expect(dormant, 'the demo seed has dormant accounts').toBeDefined();
    const owner = server.demo.users.find((u) => u.id === dormant!.ownerId)!;
    const page = await newPage();
    await signIn(page, owner);

    await page.getByTestId('nav-more').click();
    await page.getByTestId('nav-winback').click();
    await page.waitForURL(/\/winback$/);
    const row = page.getByTestId('sleeping-row').filter({ hasText: dormant!.company });
    await row.waitFor();
    await row.getByTestId('start-winback').click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(dormant!.company);
    await expect.poll(() => row.count()).toBe(0);

    await page.goto(`${server.url}/dossiers/${dormant!.id}`);
    const panel = page.getByTestId('dossier-winback');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(owner.name);
    await panel.getByTestId('winback-complete').click();
    const form = page.getByTestId('winback-step-form');
    await form.waitFor();
    await form.getByTestId('winback-note').fill('Einkauf neu besetzt; zwei Standorte, Bedarf an Ersatzteilen.');
    await screenshot(page, 'i11-winback-step-dialog.png');
    await form.getByTestId('winback-step-save').click();
    await expect.poll(() => panel.getByTestId('winback-step-1').textContent()).toContain('Einkauf neu besetzt');
    expect(await panel.getByTestId('winback-step-1').textContent()).toContain(owner.name);
    await expect.poll(() => panel.getByTestId('winback-complete').textContent()).toContain('Complete step 2');
    await screenshot(page, 'i11-winback-panel.png');
    expect(pageErrors).toEqual([]);
  });
});
