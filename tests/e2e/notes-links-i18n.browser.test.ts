import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_NOTES } from '../../src/lib/dossier-doc';
import { de } from '../../src/lib/i18n/de';
import { en } from '../../src/lib/i18n/en';
import { useBrowserHarness } from '../helpers/browser-harness';
import { login, yClient } from '../helpers/clients';

describe('links in the notes and the German UI', () => {
  // More dossiers than one list page (50), so the admin's list says that more exist.
  const harness = useBrowserHarness({ demoDossiers: 120 });
  const { pageErrors, screenshot, signIn, twoRepsOfOneTeam } = harness;
  // A failing step names its locator well before the test's own 30 s timeout.
  const newPage = async () => {
    const page = await harness.newPage();
    page.setDefaultTimeout(8000);
    return page;
  };

  const notes = (page: Page) => page.getByTestId('notes-editor');
  const hrefOf = (page: Page, text: string) =>
    notes(page)
      .locator('a', { hasText: text })
      .first()
      .evaluate((a) => a.getAttribute('href'));

  async function openFirstDossier(page: Page): Promise<string> {
    // Enter on a focused button (the language switch) would press that button instead.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('body').press('Enter');
    await page.waitForURL(/\/dossiers\/[^/]+$/);
    await expect.poll(() => notes(page).getAttribute('contenteditable')).toBe('true');
    return page.url().split('/').pop()!;
  }

  /** Types a new paragraph at the end of the notes and selects it. */
  async function typeLine(page: Page, text: string): Promise<void> {
    await notes(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(text, { delay: 5 });
    for (let i = 0; i < text.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    // ProseMirror takes the DOM selection over on the (asynchronous) selectionchange event; Ctrl+K before that
    // would link an empty selection. Wait for the DOM selection, then for a frame, by which that event has run.
    await expect.poll(() => page.evaluate(() => String(getSelection()))).toBe(text);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }

  async function linkSelection(page: Page, url: string): Promise<void> {
    await page.keyboard.press('Control+k');
    const field = page.getByTestId('notes-link-url');
    await field.fill(url);
    await field.press('Enter');
  }

  it('makes scheme-less links https, never renders javascript: links, and repairs stored scheme-less hrefs', async () => {
    const [rep] = twoRepsOfOneTeam();
    const page = await newPage();
    await signIn(page, rep);
    const dossierId = await openFirstDossier(page);

    await typeLine(page, 'Website');
    await linkSelection(page, 'nordlicht.example');
    await expect.poll(() => hrefOf(page, 'Website')).toBe('https://nordlicht.example/');

    // An unsafe scheme is refused in the field, with a message, and never becomes a link.
    await typeLine(page, 'Harmless');
    await linkSelection(page, 'javascript:alert(document.cookie)');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter a web address');
    await page.getByTestId('notes-link-url').press('Escape');
    expect(await notes(page).locator('a', { hasText: 'Harmless' }).count()).toBe(0);

    // Typed without a scheme, autolink makes it https too.
    await notes(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('see www.nordlicht.de ', { delay: 5 });
    await expect.poll(() => hrefOf(page, 'www.nordlicht.de')).toBe('https://www.nordlicht.de/');

    // Notes written before this rule (or by another client) can hold a scheme-less or a javascript: href.
    const cookie = await login(harness.server.url, rep.email, harness.server.demo.password);
    const writer = yClient(harness.server.url, dossierId, cookie);
    try {
      await writer.synced;
      writer.doc.transact(() => {
        const fragment = writer.doc.getXmlFragment(DOC_NOTES);
        for (const [text, href] of [
          ['Legacy site', 'nordlicht.example'],
          ['Legacy script', 'javascript:alert(1)']
        ]) {
          const paragraph = new Y.XmlElement('paragraph');
          const content = new Y.XmlText();
          paragraph.insert(0, [content]);
          fragment.insert(fragment.length, [paragraph]);
          content.insert(0, text, { link: { href } });
        }
      });
      await expect.poll(() => hrefOf(page, 'Legacy site')).toBe('https://nordlicht.example/');
      await expect.poll(() => notes(page).locator('a', { hasText: 'Legacy script' }).count()).toBe(1);
      expect(await hrefOf(page, 'Legacy script')).toBeNull();
    } finally {
      writer.destroy();
    }

    const hrefs = await notes(page)
      .locator('a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) expect(href === null || /^(https?|mailto|tel):/.test(href), String(href)).toBe(true);
    await notes(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'notes-links.png');
    expect(pageErrors).toEqual([]);
  });

  it('speaks German throughout: checklist boxes, shortcuts, list count, all teams, forbidden tab title', async () => {
    const admin = harness.server.demo.users.find((u) => u.role === 'admin')!;
    const page = await newPage();
    await signIn(page, admin);
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de');

    // The admin sees every team's dossiers: the top bar says so, not "Kein Team".
    await expect.poll(() => page.locator('.topbar .team').textContent()).toBe('Alle Teams');
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('50+ angezeigt');
    await expectNoEnglish(page, 'list');

    await openFirstDossier(page);
    const bold = page.getByRole('button', { name: 'Fett', exact: true });
    expect(await bold.getAttribute('title')).toBe('Fett (Strg+B)');
    expect(await page.getByRole('button', { name: 'Aufzählung' }).getAttribute('title')).toBe(
      'Aufzählung (Strg+Umschalt+8)'
    );

    await notes(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Checkliste' }).click();
    await page.keyboard.type('Angebot schicken', { delay: 5 });
    const box = notes(page).locator('ul[data-type=taskList] li input[type=checkbox]').last();
    await expect.poll(() => box.getAttribute('aria-label')).toBe('Checklisten-Punkt: Angebot schicken');
    await expectNoEnglish(page, 'dossier');

    // A rep opening another team's dossier: the tab title is German too.
    const [rep] = twoRepsOfOneTeam();
    const repTeam = harness.server.demo.users.find((u) => u.email === rep.email)!.teamIds[0];
    const foreign = harness.server.demo.company.dossiers.find((d) => d.dossier.teamId !== repTeam)!.dossier;
    const repPage = await newPage();
    await signIn(repPage, rep);
    await repPage.getByRole('button', { name: 'DE', exact: true }).click();
    await repPage.goto(`${harness.server.url}/dossiers/${foreign.id}`);
    await expect.poll(() => repPage.getByRole('alert').textContent()).toContain('anderen Team');
    await expect.poll(() => repPage.title()).toBe('Kein Zugriff · Staffel');
    expect(await repPage.title()).not.toContain(foreign.company);

    expect(pageErrors).toEqual([]);
  });

  /**
   * No English UI text on a German page: every English message that German says differently must be absent
   * from the visible text and from aria-label, title and placeholder attributes. Messages with parameters are
   * checked by their longest fixed part.
   */
  async function expectNoEnglish(page: Page, where: string): Promise<void> {
    const demoTags = new Set(harness.server.demo.company.dossiers.flatMap((d) => d.dossier.tags));
    const shown = await page.evaluate(() => {
      const attrs = [...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder'].map((name) => el.getAttribute(name) ?? '')
      );
      return [document.body.innerText, ...attrs, document.title].join('\n');
    });
    const english = (Object.keys(en) as Array<keyof typeof en>)
      .filter((key) => en[key] !== de[key])
      .map((key) =>
        en[key]
          .split(/\{\w+\}/)
          .sort((a, b) => b.length - a.length)[0]
          .trim()
      )
      // Short fragments ("Owner", "Live") are too likely to occur in customer data to be a fair signal, and
      // a label that is also a tag of the demo data ("Win-back") is customer data on the page, not UI text.
      .filter((text) => text.length >= 8 && !demoTags.has(text));
    // Whole words only: "Checklist" is English, "Checklisten-Punkt" is German.
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const leaks = english.filter((text) => new RegExp(`(?<!\\p{L})${escape(text)}(?!\\p{L})`, 'u').test(shown));
    expect(leaks, `English text on the German ${where} page`).toEqual([]);
    expect(shown).not.toMatch(/Task item|Ctrl\+/);
  }
});
