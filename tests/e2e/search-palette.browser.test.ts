import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { notesOf } from '../../src/lib/dossier-doc';
import { useBrowserHarness } from '../helpers/browser-harness';
import { api, login, yClient } from '../helpers/clients';

/** Issue #11: `/` opens the search from the dossier list; a note hit opens the dossier with the notes focused. */
describe('search palette', () => {
  const harness = useBrowserHarness({ demoDossiers: 12, demoHistory: false });
  const { newPage, pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;

  it('opens with /, finds a note as you type, opens it in the notes with the keyboard, and closes with Esc', async () => {
    const { server } = harness;
    const [rep] = twoRepsOfOneTeam();
    const cookie = await login(server.url, rep.email, server.demo.password);
    const dossier = server.demo.company.dossiers.find(
      (d) => d.dossier.teamId === server.demo.users.find((u) => u.email === rep.email)!.teamIds[0]
    )!.dossier;
    // A colleague's note, saved through the live document (the index follows the projection).
    const writer = yClient(server.url, dossier.id, cookie);
    try {
      await writer.synced;
      writer.doc.transact(() => {
        const p = new Y.XmlElement('paragraph');
        notesOf(writer.doc).insert(0, [p]);
        const text = new Y.XmlText();
        p.insert(0, [text]);
        text.insert(0, 'Geschäftsführer wünscht Wombatissimo-Sonderpreis für die Frühjahrsmesse');
      });
      await expect
        .poll(async () => (await api(server.url, '/api/search?q=wombatissimo', { cookie })).body.items.length, {
          timeout: 5000
        })
        .toBe(1);
    } finally {
      writer.destroy();
    }

    const page = await newPage();
    await signIn(page, rep);
    await page.locator('body').press('/');
    const input = page.getByTestId('search-input');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('fruhjahrsmesse wombat', { delay: 15 });
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.count()).toBe(1);
    await expect.poll(() => hits.first().getAttribute('data-kind')).toBe('note');
    expect(await hits.first().locator('mark').allInnerTexts()).toEqual(['Wombatissimo', 'Frühjahrsmesse']);
    await screenshot(page, 'search-palette-note.png');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/dossiers/${dossier.id}#notes$`));
    await expect
      .poll(
        () => page.evaluate(() => document.activeElement?.closest('[data-testid=notes-editor], .ProseMirror') !== null),
        {
          timeout: 10_000
        }
      )
      .toBe(true);
    expect(await page.getByTestId('search-palette').count()).toBe(0);

    // From the dossier page too; Esc closes it and leaves the page as it was.
    await page.getByTestId('dossier-title').click();
    await page.keyboard.press('/');
    await page.getByTestId('search-palette').waitFor();
    await page.keyboard.type('zzqx');
    await expect.poll(() => page.getByTestId('search-palette').innerText()).toContain('Nothing found');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('search-palette').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
