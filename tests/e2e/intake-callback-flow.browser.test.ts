import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CreatedIntakeKeyDTO, TaskDTO } from '../../src/lib/contract';
import { SCREENSHOTS, useBrowserHarness } from '../helpers/browser-harness';
import { api, login } from '../helpers/clients';
import type { TestServer } from '../helpers/start-test-server';

/**
 * Issue #8's browser walk, from lead to done callback: a web form posts a lead; the callback shows up live
 * on the assignee's task list; the rep opens the dossier from the task, logs the call from the quick-log bar
 * with the keyboard, then completes the callback from the dossier's follow-ups strip with an outcome. The
 * task leaves the open list and the outcome stands on the timeline as a task_done entry.
 */
describe('from web lead to done callback in the browser', () => {
  // No demo history: the rep's open list holds only what this test creates.
  const harness = useBrowserHarness({ demoHistory: false });
  const shot = (name: string) => ({ path: resolve(SCREENSHOTS, name), fullPage: true });

  /** Posts leads cross-origin with the team's key until round robin gives one to `repId`; its name and task. */
  async function leadFor(server: TestServer, key: string, repId: string, teamReps: number) {
    for (let i = 0; i < teamReps; i++) {
      const name = `Jonas Weber ${i}`;
      const res = await fetch(`${server.url}/api/intake/leads`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'https://forms.example.org',
          'sec-fetch-site': 'cross-site',
          authorization: `Bearer ${key}`
        },
        body: JSON.stringify({ name, email: `jonas${i}@example.org`, source: 'website', campaign: 'spring' })
      });
      expect(res.status).toBe(201);
      const { taskId } = (await res.json()) as { taskId: string };
      if ((await server.app.store.tasks.get(taskId))!.assigneeId === repId) return { name, taskId };
    }
    throw new Error('round robin never reached the rep');
  }

  it('the rep sees the lead’s callback live, logs the call on its dossier and completes the callback with an outcome', async () => {
    const { server } = harness;
    const rep = server.demo.users.find((u) => u.role === 'rep' && u.teamIds.length > 0)!;
    const teamId = rep.teamIds[0];
    const manager = server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamId))!;
    const created = await api<CreatedIntakeKeyDTO>(server.url, `/api/teams/${teamId}/intake-keys`, {
      method: 'POST',
      cookie: await login(server.url, manager.email, server.demo.password),
      body: { label: 'Website' }
    });
    expect(created.status).toBe(201);

    const page = await harness.newPage();
    await harness.signIn(page, rep);
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('scope-mine').waitFor();
    const teamReps = server.demo.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamId)).length;
    const { name, taskId } = await leadFor(server, created.body.key, rep.id, teamReps);

    // Live, without a reload: the callback row with the lead's name.
    const row = page.locator(`[data-testid=task-row][data-task-id="${taskId}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(`Call back ${name}`);
    await page.screenshot(shot('i8-flow-1-task-live.png'));

    // Open the dossier from the task.
    await row.locator('a.company').click();
    await page.waitForURL(/\/dossiers\/[^/]+$/);
    const dossierId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect((await server.app.store.tasks.get(taskId))!.dossierId).toBe(dossierId);
    const summary = page.getByTestId('quicklog-summary');
    await summary.waitFor();

    // Log the call with the keyboard: Alt+C picks "call" without leaving the summary, Enter logs.
    await summary.click();
    await page.keyboard.type('Reached him, wants an offer for 40 seats');
    await page.keyboard.press('Alt+KeyC');
    await expect.poll(() => page.getByTestId('quicklog-type-call').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Enter');
    const callEntry = page.locator('[data-testid=timeline-entry][data-type=call]');
    await expect
      .poll(() => callEntry.allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Reached him, wants an offer for 40 seats'));
    await expect.poll(() => summary.inputValue()).toBe('');

    // Complete the callback from the dossier's follow-ups strip, with an outcome.
    const stripRow = page.locator(`[data-testid=dossier-tasks] [data-testid=task-row][data-task-id="${taskId}"]`);
    await stripRow.waitFor();
    await page.screenshot(shot('i8-flow-2-dossier-call-logged.png'));
    await stripRow.locator('button.done').click();
    const outcome = stripRow.locator('input.outcome');
    await outcome.waitFor();
    await outcome.fill('Offer promised by Friday');
    await page.screenshot(shot('i8-flow-3-completing.png'));
    await outcome.press('Enter');

    await expect.poll(() => stripRow.count(), { timeout: 10_000 }).toBe(0);
    const doneEntry = page.locator('[data-testid=timeline-entry][data-type=task_done]');
    await expect
      .poll(() => doneEntry.allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Offer promised by Friday'));
    await page.screenshot(shot('i8-flow-4-done-on-timeline.png'));
    expect(await server.app.store.tasks.get(taskId)).toMatchObject({ status: 'done' });

    // Back on the task list the callback is gone from the open list.
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('scope-mine').waitFor();
    await expect.poll(() => page.locator(`[data-testid=task-row][data-task-id="${taskId}"]`).count()).toBe(0);
    await page.screenshot(shot('i8-flow-5-task-list-after.png'));
    expect(harness.pageErrors).toEqual([]);
  });
  it('the dossier header counts its open tickets live, whoever holds them, and jumps to the follow-ups', async () => {
    const { server } = harness;
    const rep = server.demo.users.find((u) => u.role === 'rep' && u.teamIds.length > 0)!;
    const teamId = rep.teamIds[0];
    const colleague = server.demo.users.find((u) => u.role === 'rep' && u.id !== rep.id && u.teamIds.includes(teamId))!;
    const dossier = server.demo.company.dossiers.find((d) => d.dossier.teamId === teamId)!.dossier;
    const cookie = await login(server.url, colleague.email, server.demo.password);
    // The colleague's own tickets: the rep hears of them only because the dossier is open (its room).
    const ticket = async (title: string) => {
      const res = await api<TaskDTO>(server.url, '/api/tasks', {
        method: 'POST',
        cookie,
        body: {
          dossierId: dossier.id,
          kind: 'ticket',
          title,
          assigneeId: colleague.id,
          dueAt: new Date(Date.now() + 86_400_000).toISOString()
        }
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };

    const page = await harness.newPage();
    await harness.signIn(page, rep);
    await page.goto(`${server.url}/dossiers/${dossier.id}`);
    await page.getByTestId('quicklog-summary').waitFor();
    const badge = page.getByTestId('dossier-open-tickets');
    expect(await badge.count()).toBe(0);

    const first = await ticket('Delivery arrived damaged');
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toContain('1 open ticket');
    await ticket('Invoice amount wrong');
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toContain('2 open tickets');
    await page.screenshot({ path: '/tmp/i8-polish-badge-laptop.png' });

    const done = await api(server.url, `/api/tasks/${first}/complete`, {
      method: 'POST',
      cookie,
      body: { outcome: 'Replacement sent' }
    });
    expect(done.status).toBe(200);
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toContain('1 open ticket');

    await badge.click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#open-tasks-${dossier.id}`);
    await expect.poll(() => page.getByTestId('dossier-tasks').isVisible()).toBe(true);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/i8-polish-badge-phone.png' });
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await expect.poll(() => badge.textContent()).toContain('1 offene Reklamation');
    await page.screenshot({ path: '/tmp/i8-polish-badge-phone-de.png' });
    expect(harness.pageErrors).toEqual([]);
  });
});
