import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { dossierSearchText } from '../../server/domain/search-text';
import { buildListSql } from '../../server/storage/sqlite/sqlite-dossier-query';
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
const file = join(dir, 'x.db');
const store = createSqliteStore({ file });
const bulk = generateBulkDossiers({ seed: 4242, count: 100000, teams: [{teamId:'team-nord', ownerIds:['a','b']},{teamId:'team-sued', ownerIds:['c','d']}], now: Date.now() });
await store.dossiers.createMany(bulk);
const vis = bulk.filter(d=>d.teamId==='team-nord').map(dossierSearchText);
const counts = new Map<string, number>();
for (const s of vis) { const seen = new Set<string>(); for (let i=0;i+2<=s.length;i++){const g=s.slice(i,i+2); if(/^[a-zäöüß]{2}$/.test(g)) seen.add(g);} for (const g of seen) counts.set(g,(counts.get(g)??0)+1); }
const arr=[...counts].sort((a,b)=>a[1]-b[1]);
console.log('rarest', arr.slice(0,40).map(x=>x.join(':')).join(' '));
console.log('mid', arr.filter(x=>x[1]>50&&x[1]<600).slice(0,30).map(x=>x.join(':')).join(' '));
for (const t of ['qx','yz','xj']) console.log(t, counts.get(t));
await store.close();
const db = new Database(file);
for (const sql of [
 buildListSql({sort:'name', driver:'scan', scope:'one', q:true, tag:false, stage:false, owner:false, cursor:false}),
 buildListSql({sort:'name', driver:'probe', scope:'one', q:true, tag:false, stage:false, owner:false, cursor:false}),
 buildListSql({sort:'name', driver:'tag', scope:'one', q:false, tag:true, stage:false, owner:false, cursor:false}),
 buildListSql({sort:'name', driver:'fts', scope:'one', q:true, tag:false, stage:false, owner:false, cursor:false}),
]) { console.log(sql); console.log(db.prepare('EXPLAIN QUERY PLAN '+sql).all({team:'team-nord', q:'qx', tag:'x', match:'"abc"', probe:3000, limit:51}).map((r:any)=>'   '+r.detail).join('\n')); }
const scan = db.prepare(buildListSql({sort:'name', driver:'scan', scope:'one', q:true, tag:false, stage:false, owner:false, cursor:false}));
for (let k=0;k<3;k++){ const t=performance.now(); for(let i=0;i<10;i++) scan.all({team:'team-nord', q:'qx', limit:51}); console.log('scan one-team qx', ((performance.now()-t)/10).toFixed(2)); }
const full = db.prepare("SELECT d.id FROM dossiers d NOT INDEXED WHERE d.team_id = @team AND instr(d.search, @q) > 0 ORDER BY d.company_sort || '', d.id LIMIT 51");
for (let k=0;k<3;k++){ const t=performance.now(); for(let i=0;i<10;i++) full.all({team:'team-nord', q:'qx'}); console.log('NOT INDEXED table scan', ((performance.now()-t)/10).toFixed(2)); }
const cnt = db.prepare("SELECT count(*) n FROM dossiers d NOT INDEXED WHERE instr(d.search, @q) > 0");
for (let k=0;k<3;k++){ const t=performance.now(); for(let i=0;i<10;i++) cnt.all({q:'qx'}); console.log('count scan', ((performance.now()-t)/10).toFixed(2)); }
console.log('page_count', db.pragma('page_count', {simple:true}), 'page_size', db.pragma('page_size',{simple:true}));
console.log(db.prepare("select name, sum(pgsize) b from dbstat group by name order by b desc").all().slice(0,12));
