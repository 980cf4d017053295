import { describe, expect, it } from 'vitest';
import type { CreatedIntakeKeyDTO } from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { useBrowserHarness } from '../helpers/browser-harness';

/**
 * Issue #8 end to end: a rep has the task list open; a web form on another site posts a lead with the team's
 * intake key; the callback appears on the assignee's list without a reload (task.created → task:changed).
 */
describe('lead intake reaches the task list live', () => {
  const harness = useBrowserHarness();

  it('a lead posted to /api/intake/leads appears on the assignee’s /tasks page without reload', async () => {
    const { server } = harness;
    const rep = server.demo.users.find((u) => u.role === 'rep' && u.teamIds.length > 0)!;
    const teamId = rep.teamIds[0];
    const manager = server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamId))!;
    const managerCookie = await login(server.url, manager.email, server.demo.password);
    const created = await api<CreatedIntakeKeyDTO>(server.url, `/api/teams/${teamId}/intake-keys`, {
      method: 'POST',
      cookie: managerCookie,
      body: { label: 'Website' }
    });
    expect(created.status).toBe(201);

    const page = await harness.newPage();
    await harness.signIn(page, rep);
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('scope-mine').waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });

    // Round robin: at most one lead per rep of the team until one is this rep's (each is a different person).
    const reps = server.demo.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamId)).length;
    let name = '';
    for (let i = 0; i < reps && !name; i++) {
      const candidate = `Lena Fröhlich ${i}`;
      const res = await fetch(`${server.url}/api/intake/leads`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'https://forms.example.org',
          'sec-fetch-site': 'cross-site',
          authorization: `Bearer ${created.body.key}`
        },
        body: JSON.stringify({ name: candidate, email: `lena${i}@example.org`, source: 'website' })
      });
      expect(res.status).toBe(201);
      const { taskId } = (await res.json()) as { taskId: string };
      if ((await server.app.store.tasks.get(taskId))!.assigneeId === rep.id) name = candidate;
    }
    expect(name).not.toBe('');

    await expect
      .poll(() => page.getByTestId('task-row').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining(`Call back ${name}`));
    expect(navigations).toEqual([]);
    await page.screenshot({ path: '/tmp/i8-intake-tasks-live.png' });
    expect(harness.pageErrors).toEqual([]);
  });
});
