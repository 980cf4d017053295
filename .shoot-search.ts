import { chromium } from 'playwright-core';
import * as Y from 'yjs';
import { notesOf } from './src/lib/dossier-doc';
import { login, yClient, api } from './tests/helpers/clients';
import { startTestServer } from './tests/helpers/start-test-server';

const OUT = '/work/wt/shots/i11-search';
const server = await startTestServer({ demoDossiers: 60 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
});
try {
  const rep = server.demo.users.find((u) => u.role === 'rep')!;
  const cookie = await login(server.url, rep.email, server.demo.password);
  const list = await api(server.url, '/api/dossiers?limit=5', { cookie });
  const target = list.body.items[1];
  const w = yClient(server.url, target.id, cookie);
  await w.synced;
  w.doc.transact(() => {
    const p = new Y.XmlElement('paragraph');
    notesOf(w.doc).insert(0, [p]);
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, 'Rahmenvertrag: Entscheidung über Wartung und Nachrüstsatz im Frühjahr, Einkauf prüft das Budget.');
  });
  for (let i = 0; i < 50; i++) {
    const r = await api(server.url, '/api/search?q=nachrustsatz', { cookie });
    if (r.body.items.some((h: { kind: string }) => h.kind === 'note')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  w.destroy();
  for (const [locale, width, height] of [
    ['en', 1280, 800],
    ['en', 390, 844],
    ['de', 1280, 800],
    ['de', 390, 844]
  ] as const) {
    const context = await browser.newContext({ viewport: { width, height }, locale: locale === 'de' ? 'de-DE' : 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('input[type=email]').fill(rep.email);
    await page.locator('input[type=password]').fill(server.demo.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/dossiers$/);
    await page.locator('[data-testid=dossier-table] tbody tr').first().waitFor();
    await page.screenshot({ path: `${OUT}/list-${locale}-${width}.png` });
    await page.locator('body').press('/');
    await page.getByTestId('search-input').waitFor();
    await page.screenshot({ path: `${OUT}/palette-empty-${locale}-${width}.png` });
    await page.keyboard.type(locale === 'de' ? 'nachrust' : 'wartung', { delay: 20 });
    await page.getByTestId('search-hit').first().waitFor();
    await page.waitForTimeout(400);
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: `${OUT}/palette-hits-${locale}-${width}.png` });
    await page.getByTestId('search-input').fill('');
    await page.keyboard.type('xyzzyq', { delay: 10 });
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${OUT}/palette-none-${locale}-${width}.png` });
    await page.getByTestId('search-input').fill('');
    await page.keyboard.type('fruhjahr', { delay: 10 });
    await page.locator('[data-testid=search-hit][data-kind=note]').first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#notes$/);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${OUT}/opened-note-${locale}-${width}.png` });
    // a timeline hit
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    await page.keyboard.type('rueckruf', { delay: 10 });
    const tl = page.locator('[data-testid=search-hit][data-kind=timeline]').first();
    if (await tl.count().then(() => tl.waitFor({ timeout: 4000 }).then(() => true).catch(() => false))) {
      await tl.click();
      await page.waitForURL(/#entry-|#timeline/);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${OUT}/opened-timeline-${locale}-${width}.png` });
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
