import { runCollabOnce } from './collab-run';
const o = { clients: 10, editsPerSecond: 20, warmupS: 2, measureS: 10, drainS: 3, reps: 1, field: 'mainInterests' as const };
for (const env of [{ YJS_COMPACT_AFTER_UPDATES: '1000000000' }, { YJS_COMPACT_AFTER_UPDATES: '50' }]) {
  const t = performance.now();
  const r = await runCollabOnce('ours', 1, o, env);
  console.log(JSON.stringify(env), JSON.stringify(r), ((performance.now()-t)/1000).toFixed(1)+'s');
}
