import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useBrowserHarness, type Rep } from '../helpers/browser-harness';

describe('co-editing a dossier in two browsers', () => {
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = useBrowserHarness();

  const field = (page: Page, key: string) => page.locator(`#field-${key}`);

  async function typeAtEnd(page: Page, key: string, text: string): Promise<void> {
    await field(page, key).click();
    await page.keyboard.press('Control+End');
    await field(page, key).pressSequentially(text, { delay: 15 });
  }

  async function typeAtStart(page: Page, key: string, text: string): Promise<void> {
    await field(page, key).click();
    await page.keyboard.press('Control+Home');
    await field(page, key).pressSequentially(text, { delay: 15 });
  }

  it('shows each rep the other one’s text and presence, live', async () => {
    const [repA, repB] = twoRepsOfOneTeam();
    const pageA = await newPage();
    const pageB = await newPage();

    await signIn(pageA, repA, { screenshot: 'login.png' });
    await screenshot(pageA, 'dossier-list.png');

    // Open the first dossier from the list with the keyboard (↓ moves, Enter opens).
    await pageA.locator('body').press('Enter');
    await pageA.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierUrl = pageA.url();

    await signIn(pageB, repB);
    await pageB.goto(dossierUrl);

    for (const page of [pageA, pageB]) {
      await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('live');
      await expect.poll(() => field(page, 'mainInterests').isEnabled()).toBe(true);
    }

    const fromA = ' Alpha note from A.';
    const fromB = 'Beta note from B. ';
    // Both type into the same field at the same time, A at the end and B at the start. (Two carets at the very
    // same spot interleave their letters by design of any text CRDT — whose key comes first is decided per
    // letter — so a test of "both arrive in one piece" needs two places.)
    await Promise.all([typeAtEnd(pageA, 'mainInterests', fromA), typeAtStart(pageB, 'mainInterests', fromB)]);

    for (const page of [pageA, pageB]) {
      await expect.poll(() => field(page, 'mainInterests').inputValue()).toContain(fromA.trim());
      await expect.poll(() => field(page, 'mainInterests').inputValue()).toContain(fromB.trim());
    }
    // Converged: both browsers hold the very same text.
    await expect
      .poll(
        async () =>
          (await field(pageA, 'mainInterests').inputValue()) === (await field(pageB, 'mainInterests').inputValue())
      )
      .toBe(true);

    // A types at the start while B keeps typing at the end: A's caret must survive B's remote edits,
    // so A's words arrive in one piece at the start instead of being scattered or pushed to the end.
    await field(pageA, 'mainInterests').click();
    await pageA.keyboard.press('Control+Home');
    await Promise.all([
      field(pageA, 'mainInterests').pressSequentially('Start from A. ', { delay: 25 }),
      typeAtEnd(pageB, 'mainInterests', ' More from B.')
    ]);
    for (const page of [pageA, pageB]) {
      await expect
        .poll(() => field(page, 'mainInterests').inputValue())
        .toMatch(/^Start from A\. [\s\S]* More from B\.$/);
    }

    // Each sees the other's avatar and the other's badge on the field they share.
    const firstName = (rep: Rep) => rep.name.split(' ')[0];
    for (const [page, other] of [
      [pageA, repB],
      [pageB, repA]
    ] as const) {
      await expect
        .poll(() => page.locator(`[data-testid=presence-avatars] [data-user-name="${other.name}"]`).count())
        .toBe(1);
      await expect
        .poll(() => page.locator('[data-field=mainInterests] [data-testid=field-presence]').textContent())
        .toContain(firstName(other));
    }

    // Moving to another field moves the badge with it.
    await field(pageB, 'city').click();
    await expect
      .poll(() => pageA.locator('[data-field=city] [data-testid=field-presence]').textContent())
      .toContain(firstName(repB));
    await expect.poll(() => pageA.locator('[data-field=mainInterests] [data-testid=field-presence]').count()).toBe(0);

    await field(pageA, 'mainInterests').click();
    await screenshot(pageA, 'dossier.png');
    console.log(`screenshots saved to ${SCREENSHOTS}`);

    expect(pageErrors).toEqual([]);
  });
});
