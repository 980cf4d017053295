import { setUpContinuityWorld } from './continuity-setup';
const world = await setUpContinuityWorld(20_000);
const { app } = world.sim;
const store = app.store;
const rep = world.rep.id;
const time = async (label: string, f: () => Promise<unknown>, n = 50) => {
  await f();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let r: unknown;
  for (let i = 0; i < n; i++) r = await f();
  const c = process.cpuUsage(c0);
  console.log(label.padEnd(40), ((performance.now() - t0) / n).toFixed(2), 'ms wall', ((c.user + c.system) / 1000 / n).toFixed(2), 'ms cpu', Array.isArray(r) ? r.length : (r as { items?: unknown[] })?.items?.length ?? '');
};
try {
  const own = await store.dossiers.listByOwners([rep]);
  const covering = await app.coverage.coveringFor(rep);
  const ids = own.map((d) => d.id);
  const cov = covering.map((c) => c.dossierId);
  await time('listByOwners(rep)', () => store.dossiers.listByOwners([rep]));
  await time('getMany(own)', () => store.dossiers.getMany(ids));
  await time('getMany(100 covered)', () => store.dossiers.getMany(cov.slice(0, 100)));
  await time('sortKeysOf(covered)', () => store.dossiers.sortKeysOf(cov));
  await time('coveringFor (cached)', () => app.coverage.coveringFor(rep));
  const d = (await store.dossiers.getMany(ids));
  const OPEN = ['open', 'in_progress'] as const;
  await time('tasks mine', () => store.tasks.list({ teamIds: 'all', assigneeId: rep, statuses: [...OPEN], limit: 200 } as never));
  await time('tasks covering', () => store.tasks.list({ teamIds: 'all', actingAssigneeId: rep, notAssigneeId: rep, statuses: [...OPEN], limit: 200 } as never));
  const owners = [...new Set(covering.map((c) => (c.coverage as { forUserId?: string }).forUserId).filter(Boolean))] as string[];
  await time('tasks theirs', () => store.tasks.list({ teamIds: 'all', assigneeIds: owners, statuses: [...OPEN], limit: 500 } as never));
  await time('names', () => store.users.getUserNames ? (store.users as never as { getUserNames(i: string[]): Promise<unknown> }).getUserNames(owners) : Promise.resolve());
  await time('desk HTTP page', async () => (await fetch(`${world.sim.url}/api/desk?coveringLimit=100`, { headers: { cookie: world.sim.cookieOf(rep) } })).text(), 50);
  await time('session HTTP', async () => (await fetch(`${world.sim.url}/api/session`, { headers: { cookie: world.sim.cookieOf(rep) } })).text(), 50);
  await time('JSON own', async () => JSON.stringify(d));
  const { readdirSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = readdirSync(tmpdir()).filter((f) => f.startsWith('staffel-sim-')).map((f) => `${tmpdir()}/${f}`).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(`${dir}/staffel.db`, { readonly: true });
  const j = JSON.stringify(ids);
  for (const sql of [
    'SELECT * FROM dossiers d WHERE d.id IN (SELECT value FROM json_each(?))',
    'SELECT id, company_sort FROM dossiers WHERE id IN (SELECT value FROM json_each(?))',
    'SELECT d.* FROM json_each(?) j CROSS JOIN dossiers d ON d.id = j.value',
  ]) {
    console.log(sql, db.prepare('EXPLAIN QUERY PLAN ' + sql).all(j));
    const st = db.prepare(sql);
    st.all(j);
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) st.all(j);
    console.log('  ', ((performance.now() - t0) / 50).toFixed(2), 'ms');
  }
  const cols = (db.prepare('PRAGMA table_info(dossiers)').all() as Array<{ name: string }>).map((c) => c.name);
  console.log(db.prepare(`SELECT ${cols.map((c) => `avg(length(${c})) AS ${c}`).join(', ')} FROM dossiers`).get());
  for (const c of cols) {
    const st = db.prepare(`SELECT ${c} FROM dossiers d WHERE d.id IN (SELECT value FROM json_each(?))`);
    st.all(j);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) st.all(j);
    console.log('  col', c, ((performance.now() - t0) / 20).toFixed(2), 'ms');
  }
  db.close();
} finally {
  await world.sim.close();
}
