import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config/config';

const dataDir = mkdtempSync(join(tmpdir(), 'kpi-shots-'));
const app = await createApp({
  config: loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
  logger: pino({ level: 'silent' })
});
const { url } = await app.listen();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
});
const out = '/work/wt/shots/i10-kpis';
const errors: string[] = [];
for (const [width, height] of [[1280, 900], [390, 844]] as const) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`${width}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${width}: ${e.message}`));
  await page.goto(`${url}/login`);
  await page.fill('input[type=email]', 'anna.becker@staffel.demo');
  await page.fill('input[type=password]', 'staffel-demo');
  await page.click('button[type=submit]');
  await page.waitForURL(/dossiers/);
  await page.goto(`${url}/kpis`);
  await page.waitForSelector('[data-testid=kpi-tiles]', { timeout: 60_000 });
  await page.selectOption('[data-testid=kpi-preset]', 'thisYear');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/kpis-team-${width}.png`, fullPage: true });
  await page.click('[data-testid=kpi-group-person]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/kpis-person-${width}.png`, fullPage: true });
  await page.click('[data-testid=kpi-group-pointOfSale]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/kpis-pos-${width}.png`, fullPage: width === 1280 });
  await page.evaluate(() => localStorage.setItem('staffel.locale', 'de'));
  await page.reload();
  await page.waitForSelector('[data-testid=kpi-tiles]', { timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/kpis-de-${width}.png`, fullPage: false });
  await ctx.close();
}
console.log('errors', errors);
await browser.close();
await app.close();
