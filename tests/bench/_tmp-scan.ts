
import Database from 'better-sqlite3';
const db = new Database('/tmp/scanbench.db');
const t0 = performance.now();
for (const [label, sql] of [
  ['walk name idx', "SELECT id FROM dossiers d INDEXED BY dossiers_name WHERE instr(d.search, 'x') > 0 ORDER BY company_sort, id LIMIT 51"],
  ['table scan sort', "SELECT id, company_sort FROM dossiers d NOT INDEXED WHERE instr(d.search, 'x') > 0 ORDER BY company_sort, id LIMIT 51"],
  ['table scan count', "SELECT count(*) FROM dossiers d NOT INDEXED WHERE instr(d.search, 'x') > 0"],
  ['table scan like', "SELECT count(*) FROM dossiers d NOT INDEXED WHERE d.search LIKE '%x%'"],
  ['dense sort', "SELECT id, company_sort FROM dossiers d NOT INDEXED WHERE instr(d.search, 'e') > 0 ORDER BY company_sort, id LIMIT 51"],
] as const) {
  const st = db.prepare(sql); st.all();
  const t = performance.now(); for (let i = 0; i < 10; i++) st.all();
  console.log(label, ((performance.now() - t) / 10).toFixed(2));
}
export {}
