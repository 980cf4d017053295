import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('who is where (/team), live', () => {
  const harness = useBrowserHarness();
  const { newPage, pageErrors, screenshot, signIn } = harness;

  it("a rep opening a dossier appears on the manager's board without a reload, and a click opens it", async () => {
    const { server } = harness;
    const manager = server.demo.users.find((u) => u.role === 'manager')!;
    const rep = server.demo.users.find((u) => u.role === 'rep' && u.teamIds.includes(manager.teamIds[0]))!;
    const board = await newPage();
    const repPage = await newPage();
    await signIn(board, manager);
    await board.getByTestId('nav-more').click();
    await board.getByTestId('nav-team').click();
    await board.waitForURL(/\/team$/);
    await expect.poll(() => board.getByTestId('where-live').getAttribute('data-live')).toBe('true');
    const card = board.locator(`[data-person="${rep.id}"]`);
    await expect.poll(() => card.getByTestId('where-open').count()).toBe(0);

    await signIn(repPage, rep);
    await repPage.locator('body').press('Enter');
    await repPage.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierId = decodeURIComponent(repPage.url().split('/').pop()!);

    const open = card.getByTestId('where-open');
    await expect.poll(() => open.getAttribute('href'), { timeout: 5000 }).toBe(`/dossiers/${dossierId}`);
    await screenshot(board, 'whereabouts-live.png');
    await open.click();
    await board.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
