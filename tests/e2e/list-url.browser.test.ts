import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from '../helpers/browser-harness';

describe('the dossier list keeps its view in the URL', () => {
  const harness = useBrowserHarness();
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;

  const search = (page: Page) => page.getByTestId('dossier-search');
  const stageSelect = (page: Page) => page.getByLabel('Stage');
  const rowIds = (page: Page) =>
    page
      .locator('[data-testid=dossier-table] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id')));
  const historyLength = (page: Page) => page.evaluate(() => history.length);
  const query = (page: Page) => new URL(page.url()).search;

  /** What the server lists for this URL query (first page), through the page's own session cookie. */
  async function serverIds(page: Page, search: string): Promise<string[]> {
    const res = await page.request.get(`${harness.server.url}/api/dossiers${search ? `${search}&` : '?'}limit=50`);
    expect(res.status()).toBe(200);
    return ((await res.json()) as { items: Array<{ id: string }> }).items.map((d) => d.id);
  }
  /** Waits until the table shows exactly what the server lists for the address bar's query, in its order. */
  async function showsServerView(page: Page): Promise<string[]> {
    const expected = await serverIds(page, query(page));
    await expect.poll(() => rowIds(page)).toEqual(expected);
    return expected;
  }

  it('filters, sort and search survive Back and reload; typing adds one history entry, not one per key', async () => {
    const [rep] = twoRepsOfOneTeam();
    const page = await newPage();
    await signIn(page, rep);
    await showsServerView(page);
    await screenshot(page, 'list-default.png');

    // A filter is a new history entry.
    const start = await historyLength(page);
    await stageSelect(page).selectOption('customer');
    await expect.poll(() => query(page)).toBe('?stage=customer');
    expect(await historyLength(page)).toBe(start + 1);
    const customers = await showsServerView(page);
    expect(customers.length).toBeGreaterThan(1);

    // Typing: one entry for the whole word, the URL follows every key.
    const customer = harness.server.demo.company.dossiers.find((d) => d.dossier.id === customers[0])!.dossier;
    const word = customer.city.slice(0, 4);
    await search(page).click();
    await search(page).pressSequentially(word, { delay: 40 });
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(word);
    expect(await historyLength(page)).toBe(start + 2);
    const searched = await showsServerView(page);
    expect(searched).toContain(customer.id);
    // The keyboard stays in the search box while the URL changes.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dossier-search');

    await page.getByRole('button', { name: 'Last updated' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('updated');
    await showsServerView(page);
    await screenshot(page, 'list-filtered.png');

    // Back: the previous view, loaded again, with its controls.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBeNull();
    await expect.poll(() => page.getByRole('button', { name: 'Name' }).getAttribute('aria-pressed')).toBe('true');
    expect(await search(page).inputValue()).toBe(word);
    expect(await showsServerView(page)).toEqual(searched);

    await page.goBack();
    await expect.poll(() => query(page)).toBe('?stage=customer');
    await expect.poll(() => search(page).inputValue()).toBe('');
    expect(await showsServerView(page)).toEqual(customers);

    // Forward, then reload: the shared URL opens the same view.
    await page.goForward();
    await page.goForward();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('updated');
    await page.reload();
    await expect.poll(() => search(page).inputValue()).toBe(word);
    expect(await stageSelect(page).inputValue()).toBe('customer');
    expect(await page.getByRole('button', { name: 'Last updated' }).getAttribute('aria-pressed')).toBe('true');
    await showsServerView(page);
    await screenshot(page, 'list-filtered-after-reload.png');

    expect(pageErrors).toEqual([]);
  });

  it('finds a dossier by street and city words, and refuses a control character with a message', async () => {
    const [rep] = twoRepsOfOneTeam();
    const page = await newPage();
    await signIn(page, rep);
    const teamId = harness.server.demo.users.find((u) => u.email === rep.email)!.teamIds[0];
    const sample = harness.server.demo.company.dossiers.find(
      (d) => d.dossier.teamId === teamId && d.fields.street && /ß|ü|ö|ä/.test(d.fields.street)
    );
    const target = sample ?? harness.server.demo.company.dossiers.find((d) => d.dossier.teamId === teamId)!;
    // Umlauts typed the ASCII way, words in any order, from two fields.
    const streetWord = target.fields
      .street!.split(' ')[0]
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss');
    await search(page).fill(`${target.dossier.city} ${streetWord}`);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(`${target.dossier.city} ${streetWord}`);
    const found = await showsServerView(page);
    expect(found).toContain(target.dossier.id);
    expect(found.length).toBeLessThan(5);
    const cityCell = page.locator(`[data-row-id="${target.dossier.id}"] td:nth-child(2)`);
    expect(await cityCell.getAttribute('title')).toContain(target.fields.street!);
    await screenshot(page, 'list-search-street.png');

    const res = await page.request.get(`${harness.server.url}/api/dossiers?q=a%00b`);
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/control characters/);
    expect(pageErrors).toEqual([]);
  });
  it('filters by the lifecycle stages key account and win-back (issue #8), each row with its badge', async () => {
    const [rep] = twoRepsOfOneTeam();
    const page = await newPage();
    await signIn(page, rep);
    // One of each through the API, so the view has rows whatever the seed drew (L3: a key account gets its manager).
    const post = async (path: string, data: unknown, method: 'post' | 'patch' = 'post') => {
      const res = await page.request[method](`${harness.server.url}${path}`, { data });
      expect(res.ok()).toBe(true);
      return (await res.json()) as { id: string };
    };
    const keyAccount = await post('/api/dossiers', { company: 'Großkunde Nord AG', stage: 'customer' });
    await post(
      `/api/dossiers/${keyAccount.id}`,
      { keyAccountManagerId: harness.server.demo.users.find((u) => u.email === rep.email)!.id },
      'patch'
    );
    await post(`/api/dossiers/${keyAccount.id}/stage`, { stage: 'key_account', reason: 'Rahmenvertrag 2027' });
    await post('/api/dossiers', { company: 'Rückholung Süd GmbH', stage: 'winback' });
    await showsServerView(page);
    for (const [stage, label] of [
      ['key_account', 'Key account'],
      ['winback', 'Win-back']
    ] as const) {
      await stageSelect(page).selectOption(stage);
      await expect.poll(() => query(page)).toContain(`stage=${stage}`);
      const ids = await showsServerView(page);
      expect(ids.length).toBeGreaterThan(0);
      const badges = await page.locator('[data-testid=dossier-table] tbody tr .stage').allTextContents();
      expect(new Set(badges)).toEqual(new Set([label]));
      if (stage === 'key_account') await screenshot(page, 'list-key-accounts.png');
    }
    expect(pageErrors).toEqual([]);
  });
});
