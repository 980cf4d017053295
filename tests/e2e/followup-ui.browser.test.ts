import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DossierPage } from '../../src/lib/contract';
import { useBrowserHarness } from '../helpers/browser-harness';
import { installFollowupFixture, tasksFor, timelineFor, type FixtureDossier } from '../helpers/followup-route-fixture';

/**
 * Issue #8's screens against contract-shaped answers (page.route) while the server side does not exist yet:
 * session, dossiers and sockets are the real server; /api/tasks, timeline, interactions, stage and intake keys
 * are the fixture. The browser clock is installed so "overdue" can be reached by moving time, not by waiting.
 */
// Monday 30 November 2026, 10:15 in Berlin.
const NOW = Date.parse('2026-11-30T09:15:00.000Z');

describe('follow-up screens (tasks, timeline, quick-log, intake keys)', () => {
  // No seeded past: the test counts the tasks and timeline entries it creates.
  const harness = useBrowserHarness({ demoHistory: false });
  const { newContext, pageErrors, screenshot } = harness;

  async function signedIn(
    role: 'rep' | 'manager'
  ): Promise<{ page: Page; me: { id: string; name: string }; dossiers: FixtureDossier[] }> {
    const { page } = await newContext();
    await page.clock.install({ time: NOW });
    const user = harness.server.demo.users.find((u) => u.role === role && u.teamIds.length > 0)!;
    await harness.signIn(page, { email: user.email, name: user.name });
    const res = await page.request.get(`${harness.server.url}/api/dossiers?limit=10`);
    const dossiers = ((await res.json()) as DossierPage).items.map((d) => ({ id: d.id, company: d.company }));
    const session = (await (await page.request.get(`${harness.server.url}/api/session`)).json()) as {
      user: { id: string; name: string };
    };
    return { page, me: { id: session.user.id, name: session.user.name }, dossiers };
  }

  const sectionRows = (page: Page, section: string) => page.getByTestId(`tasks-${section}`).getByTestId('task-row');
  const selectedTitle = (page: Page) => page.locator('[data-testid=task-row][aria-current=true] .title').textContent();

  it('task list: sections by the Berlin calendar, escalation badge, keyboard complete and snooze, overdue live', async () => {
    const { page, me, dossiers } = await signedIn('rep');
    const fixture = await installFollowupFixture(page, {
      now: NOW,
      me,
      tasks: tasksFor({ now: NOW, me: me.id, myName: me.name, dossiers })
    });
    await page.goto(`${harness.server.url}/tasks`);
    await expect.poll(() => sectionRows(page, 'overdue').count()).toBe(2);
    expect(await sectionRows(page, 'today').count()).toBe(3);
    expect(await sectionRows(page, 'upcoming').count()).toBe(3);
    expect(await page.getByTestId('escalated-badge').count()).toBe(1);
    await expect.poll(() => page.getByTestId('overdue-badge').textContent()).toContain('2 overdue');
    await screenshot(page, 'i8-tasks-desktop.png');

    // ↓ selects the second overdue task; x asks for an outcome; Enter completes with it.
    await page.locator('body').press('ArrowDown');
    expect(await selectedTitle(page)).toContain('Reklamation');
    await page.locator('body').press('x');
    const outcome = page.getByTestId('task-inline-complete').locator('input');
    await outcome.waitFor();
    await outcome.fill('Fehlende Paletten heute nachgeliefert');
    await screenshot(page, 'i8-tasks-complete.png');
    await outcome.press('Enter');
    await expect.poll(() => sectionRows(page, 'overdue').count()).toBe(1);
    await expect
      .poll(() => fixture.requests.find((r) => r.path === '/api/tasks/t-over/complete')?.body)
      .toEqual({ outcome: 'Fehlende Paletten heute nachgeliefert' });
    await expect.poll(() => page.getByTestId('overdue-badge').textContent()).toContain('1 overdue');

    // ↑ back to the escalated callback; s then 2 snoozes it to tomorrow 09:00 Berlin (08:00 UTC).
    await page.locator('body').press('ArrowUp');
    expect(await selectedTitle(page)).toContain('Probefahrt');
    await page.locator('body').press('s');
    await page.getByTestId('task-inline-snooze').waitFor();
    await screenshot(page, 'i8-tasks-snooze.png');
    await page.locator('body').press('2');
    await expect
      .poll(() => fixture.requests.find((r) => r.path.endsWith('/snooze'))?.body)
      .toEqual({ until: '2026-12-01T08:00:00.000Z' });
    await expect
      .poll(() => sectionRows(page, 'upcoming').allTextContents())
      .toContainEqual(expect.stringContaining('Probefahrt'));
    expect(await page.getByTestId('tasks-overdue').count()).toBe(0);
    await expect.poll(() => page.getByTestId('overdue-badge').count()).toBe(0);

    // 46 minutes later the offer callback is overdue by the clock tick (it flashes), and the nav badge counts it.
    await page.clock.fastForward(46 * 60_000);
    const offer = sectionRows(page, 'overdue').filter({ hasText: 'offer 2026-114' });
    await expect.poll(() => offer.count()).toBe(1);
    expect(await offer.getAttribute('class')).toContain('flash');
    await expect.poll(() => page.getByTestId('overdue-badge').textContent()).toContain('1 overdue');

    // Enter opens the selected task's dossier.
    await page.locator('body').press('Enter');
    await page.waitForURL(/\/dossiers\/[^/]+$/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${harness.server.url}/tasks`);
    await sectionRows(page, 'today').first().waitFor();
    await screenshot(page, 'i8-tasks-phone.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Aufgaben');
    await screenshot(page, 'i8-tasks-de.png');
    expect(pageErrors).toEqual([]);
  });

  it('dossier: timeline with filters and corrections, quick-log by keyboard, stage change with a reason', async () => {
    const { page, me, dossiers } = await signedIn('rep');
    const stage = (id: string, from: 'lead' | null, to: 'lead' | 'prospect', at: string, reason: string | null) => ({
      id,
      dossierId: dossiers[0].id,
      from,
      to,
      reason,
      byId: 'u-lena',
      byName: 'Lena Schröder',
      at
    });
    const fixture = await installFollowupFixture(page, {
      now: NOW,
      me,
      timeline: timelineFor({ now: NOW, me: me.id, myName: me.name }),
      // One overdue callback held by a colleague on this dossier; the strip shows it above the timeline.
      tasks: tasksFor({ now: NOW, me: 'u-lena', myName: 'Lena Schröder', dossiers }).filter((t) => t.id === 't-esc'),
      stages: [
        stage('s-2', 'lead', 'prospect', '2026-11-27T10:05:00.000Z', 'Offer 2026-114 sent'),
        stage('s-1', null, 'lead', '2026-11-15T08:00:00.000Z', null)
      ]
    });
    await page.goto(`${harness.server.url}/dossiers/${dossiers[0].id}`);
    const entries = page.getByTestId('timeline-entry');
    await expect.poll(() => entries.count()).toBe(8);
    // The corrected visit shows who corrected it, and its earlier text on demand.
    const visit = entries.filter({ hasText: 'Halle 3' });
    await visit.getByRole('button', { name: 'Show earlier text' }).click();
    expect(await visit.getByTestId('earlier-text').textContent()).toContain('Halle 2');

    // Infinite paging: scrolling to the end brings the older entries.
    await page.getByTestId('timeline-panel').locator('.more').scrollIntoViewIfNeeded();
    await expect.poll(() => entries.count()).toBe(11);
    await page.getByTestId('dossier-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'i8-timeline-desktop.png');

    // Enter logs a call with the remembered defaults.
    const summary = page.getByTestId('quicklog-summary');
    await summary.fill('Reached Herr Kessler, wants the offer split into two phases');
    await summary.press('Enter');
    await expect.poll(() => fixture.requests.filter((r) => r.path.endsWith('/interactions')).length).toBe(1);
    expect(fixture.requests.find((r) => r.path.endsWith('/interactions'))?.body).toEqual({
      type: 'call',
      pointOfSale: 'call_centre',
      direction: 'outbound',
      summary: 'Reached Herr Kessler, wants the offer split into two phases'
    });
    await expect.poll(() => entries.first().textContent()).toContain('two phases');
    expect(await summary.inputValue()).toBe('');

    // Keyboard: o picks "offer" in the type group, the amount is typed in German notation, Ctrl+Enter adds a callback.
    await page.getByTestId('quicklog-pos').selectOption('field_sales');
    await page.getByTestId('quicklog-type-call').focus();
    await page.keyboard.press('o');
    expect(await page.getByTestId('quicklog-type-offer').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('quicklog-amount').fill('12.500,00');
    await summary.fill('Phase 1 offer sent');
    await page.getByTestId('quicklog-when').fill('9:15');
    await summary.press('Control+Enter');
    await expect
      .poll(() => fixture.requests.filter((r) => r.path === '/api/tasks' && r.method === 'POST').length)
      .toBe(1);
    const logged = fixture.requests.filter((r) => r.path.endsWith('/interactions'))[1]?.body;
    expect(logged).toMatchObject({
      type: 'offer',
      amount: 12500,
      pointOfSale: 'field_sales',
      at: '2026-11-30T08:15:00.000Z'
    });
    const callback = fixture.requests.find((r) => r.path === '/api/tasks' && r.method === 'POST')?.body;
    // Monday → Tuesday 10:00 Berlin.
    expect(callback).toMatchObject({ kind: 'callback', dueAt: '2026-12-01T09:00:00.000Z', dossierId: dossiers[0].id });
    await expect
      .poll(() => page.getByTestId('quick-log').locator('[role=status]').textContent())
      .toContain('callback due');

    // The new callback joins the dossier's open follow-ups at once; completing it there sends the outcome.
    const strip = page.getByTestId('dossier-tasks').getByTestId('task-row');
    await expect.poll(() => strip.count()).toBe(2);
    await page.getByTestId('dossier-tasks').scrollIntoViewIfNeeded();
    await screenshot(page, 'i8-dossier-followups.png');
    const fresh = strip.filter({ hasText: 'Phase 1 offer sent' });
    await fresh.getByRole('button', { name: 'Done' }).click();
    await fresh.getByPlaceholder('Optional: what came of it?').fill('Confirmed by phone');
    await fresh.getByRole('button', { name: 'Complete', exact: true }).click();
    await expect.poll(() => strip.count()).toBe(1);
    await expect
      .poll(() => fixture.requests.find((r) => r.path.endsWith('/complete'))?.body)
      .toEqual({ outcome: 'Confirmed by phone' });

    // Filters: only the field-sales entries.
    await page.getByTestId('timeline-filters').getByRole('button', { name: 'Field sales' }).click();
    await expect.poll(() => fixture.requests.at(-1)?.path).toContain('pointOfSale=field_sales');
    await expect
      .poll(async () => (await entries.allTextContents()).every((text) => text.includes('Field sales')))
      .toBe(true);
    await page.getByTestId('dossier-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'i8-timeline-filtered.png');

    // The point of sale is remembered for this user on this device.
    await page.reload();
    await page.getByTestId('quicklog-pos').waitFor();
    expect(await page.getByTestId('quicklog-pos').inputValue()).toBe('field_sales');

    // Stage: a deliberate change with a reason.
    await page.evaluate(() => window.scrollTo(0, 0));
    const shown = (await (await page.request.get(`${harness.server.url}/api/dossiers/${dossiers[0].id}`)).json()) as {
      stage: string;
    };
    await page.getByTestId('stage-control').click();
    // Giving a dossier up needs a reason (rule L2): the form says so and will not send without one.
    await page.getByRole('dialog').getByLabel('Lost').check();
    await expect.poll(() => page.getByRole('dialog').locator('.required').textContent()).toContain('required');
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Change stage' }).isDisabled()).toBe(true);
    await screenshot(page, 'i8-stage-reason-required.png');
    await page.getByRole('dialog').getByLabel('Key account').check();
    await page.getByRole('dialog').getByPlaceholder('Why?').fill('Framework agreement signed for 2027');
    await screenshot(page, 'i8-stage-dialog.png');
    await page.getByRole('dialog').getByRole('button', { name: 'Change stage' }).click();
    await expect.poll(() => page.getByTestId('stage-control').textContent()).toContain('Key account');
    expect(fixture.requests.find((r) => r.path.endsWith('/stage'))?.body).toEqual({
      stage: 'key_account',
      reason: 'Framework agreement signed for 2027',
      from: shown.stage
    });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('dossier-timeline').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'i8-timeline-phone.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await expect.poll(() => page.locator('#sec-timeline').textContent()).toBe('Kontaktverlauf');
    await page.getByTestId('dossier-timeline').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'i8-timeline-de.png');
    expect(pageErrors).toEqual([]);
  });

  it('intake keys for a manager: create shows the key once with a curl example, revoke asks first', async () => {
    const { page, me } = await signedIn('manager');
    const fixture = await installFollowupFixture(page, {
      now: NOW,
      me,
      keys: [
        {
          id: 'k-old',
          label: 'Messe-Tablet SHK 2026',
          prefix: 'stk_live',
          createdAt: '2026-03-02T09:00:00.000Z',
          createdBy: me.id,
          createdByName: me.name,
          revokedAt: null,
          lastUsedAt: '2026-11-30T08:40:00.000Z'
        },
        {
          id: 'k-gone',
          label: 'Old landing page',
          prefix: 'stk_live',
          createdAt: '2025-05-02T09:00:00.000Z',
          createdBy: me.id,
          revokedAt: '2025-10-01T09:00:00.000Z'
        }
      ]
    });
    await page.goto(`${harness.server.url}/settings/intake`);
    await page.getByPlaceholder('e.g. Website contact form').fill('Website contact form');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect
      .poll(() => page.getByTestId('created-key-value').textContent())
      .toBe('stk_live_7Qm2xV9pLc4RwT8nZ1bY6dHf');
    expect(await page.getByTestId('created-key').locator('pre').textContent()).toContain(
      'Authorization: Bearer stk_live_'
    );
    expect(await page.getByTestId('intake-key').count()).toBe(2);
    await screenshot(page, 'i8-intake-created.png');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByTestId('created-key').count()).toBe(0);

    const old = page.getByTestId('intake-key').filter({ hasText: 'Messe-Tablet' });
    await old.getByRole('button', { name: 'Revoke' }).click();
    expect(fixture.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await screenshot(page, 'i8-intake-confirm.png');
    await old.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => fixture.requests.find((r) => r.method === 'DELETE')?.path).toMatch(/\/intake-keys\/k-old$/);
    await expect.poll(() => page.getByTestId('intake-key').count()).toBe(1);

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'i8-intake-phone.png');
    expect(pageErrors).toEqual([]);
  });

  it('a server without the follow-up routes (404) makes every screen say "not available yet" instead of breaking', async () => {
    const { page, dossiers } = await signedIn('manager');
    // An older server: these routes answer 404 as any unknown /api route does.
    const notFound = { error: { code: 'not_found', message: 'no such endpoint' } };
    for (const pattern of ['**/api/tasks**', '**/api/teams/*/intake-keys**', '**/api/dossiers/*/timeline**']) {
      await page.route(pattern, (route) => route.fulfill({ status: 404, json: notFound }));
    }
    await page.goto(`${harness.server.url}/tasks`);
    await page.getByTestId('tasks-unavailable').waitFor();
    expect(await page.getByTestId('overdue-badge').count()).toBe(0);
    await screenshot(page, 'i8-tasks-unavailable.png');
    await page.goto(`${harness.server.url}/settings/intake`);
    await page.getByTestId('intake-unavailable').waitFor();
    await page.goto(`${harness.server.url}/dossiers/${dossiers[0].id}`);
    await page.getByTestId('timeline-unavailable').waitFor();
    expect(await page.getByTestId('quick-log').count()).toBe(0);
    // The rest of the dossier works as before.
    await page.getByTestId('dossier-title').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
