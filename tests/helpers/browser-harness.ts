import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestServer, type TestServer } from './start-test-server';

/** Where browser tests leave their screenshots for humans to look at. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
const VIEWPORT = { width: 1366, height: 768 };

export interface Rep {
  email: string;
  name: string;
}

/** Two reps of the same team: they see the same dossiers and may both edit them. */
export function twoRepsOfOneTeam(server: TestServer): [Rep, Rep] {
  const reps = server.demo.users.filter((u) => u.role === 'rep' && u.teamIds.length > 0);
  for (const rep of reps) {
    const mate = reps.find((other) => other !== rep && other.teamIds[0] === rep.teamIds[0]);
    if (mate) return [rep, mate];
  }
  throw new Error('the demo company has no team with two reps');
}

/** Signs in through the login form and waits until the dossier list shows rows. */
export async function signIn(
  server: TestServer,
  page: Page,
  rep: Rep,
  options: { screenshot?: string } = {}
): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Work email').waitFor();
  if (options.screenshot) await page.screenshot({ path: resolve(SCREENSHOTS, options.screenshot) });
  await page.getByLabel('Work email').fill(rep.email);
  await page.getByLabel('Password').fill(server.demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dossiers$/);
  await expect.poll(() => page.locator('[data-testid=dossier-table] tbody tr').count()).toBeGreaterThan(0);
}

/**
 * One test server and one headless Chromium for the enclosing describe block: registers beforeAll/afterAll
 * and returns accessors. Every page's uncaught errors land in `pageErrors`, which tests assert is empty.
 */
export function useBrowserHarness(
  options: { env?: Record<string, string>; demoDossiers?: number; demoHistory?: boolean } = {}
) {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startTestServer({
      env: options.env,
      demoDossiers: options.demoDossiers,
      demoHistory: options.demoHistory
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser context (own cookies, storage, service worker) with one page in it. */
  async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
    // English UI regardless of the machine's locale, so text assertions are stable.
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
    return { context, page };
  }

  return {
    /** Only valid inside tests (set in beforeAll). */
    get server(): TestServer {
      return server;
    },
    pageErrors,
    newContext,
    newPage: async (): Promise<Page> => (await newContext()).page,
    twoRepsOfOneTeam: () => twoRepsOfOneTeam(server),
    signIn: (page: Page, rep: Rep, signInOptions?: { screenshot?: string }) => signIn(server, page, rep, signInOptions),
    screenshot: (page: Page, name: string) => page.screenshot({ path: resolve(SCREENSHOTS, name) })
  };
}
