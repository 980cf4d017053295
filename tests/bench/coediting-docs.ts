/**
 * Documents for benchmark 3 parts (b) and (c), generated once per `npm run bench` into a temp directory and
 * handed to the server hosts as files (coediting-servers.ts readUpdates), so every server seeds the same bytes.
 *
 * - dossier100k: the demo dossier plus ~100 KB of paragraphs inserted at random places of its text fields
 *   (random places, not appends: real dossiers are edited all over, which fragments Yjs' item lists).
 * - history(n): the same kind of dossier grown by n small updates, each a typing burst of a few characters
 *   (cursor jumps now and then, ~10 % backspaces), ending with SENTINEL typed at the end of one field. A
 *   cold-loading client is "synced" when the first message containing SENTINEL arrives — which works for
 *   the reference too, whose y-leveldb load finishes after its (empty) step 2 and is broadcast as an update.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { DOC_FIELDS } from '../../src/lib/contract';
import { writeDossierContent } from '../../server/collab/dossier-doc';
import { generateDemoCompany } from '../../server/seed/demo-company';

export const SENTINEL = Buffer.from('~~END-OF-HISTORY~~', 'utf8');

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function demoDoc(): Y.Doc {
  const demo = generateDemoCompany({ now: Date.now(), dossierCount: 1 }).dossiers[0];
  const doc = new Y.Doc();
  writeDossierContent(doc, { fields: demo.fields, contacts: demo.contacts });
  return doc;
}

const textsOf = (doc: Y.Doc) => [...doc.getMap(DOC_FIELDS).values()].filter((v): v is Y.Text => v instanceof Y.Text);

function writeFile(file: string, updates: Uint8Array[]): void {
  const total = updates.reduce((n, u) => n + 4 + u.byteLength, 0);
  const buf = Buffer.alloc(total);
  let at = 0;
  for (const u of updates) {
    buf.writeUInt32LE(u.byteLength, at);
    buf.set(u, at + 4);
    at += 4 + u.byteLength;
  }
  writeFileSync(file, buf);
}

export interface Fixture {
  file: string;
  updates: number;
  updateBytes: number;
  stateBytes: number;
  /** State vector of the final document (part b's clients offer it: they have the dossier cached). */
  stateVector: Uint8Array;
}

const PARAGRAPH =
  'Gesprächsnotiz: Budget für Q3 bestätigt, Entscheidung nach Vorstandssitzung, Ansprechpartnerin bittet um ' +
  'Referenzkunden aus dem Maschinenbau und ein Angebot für 40 Lizenzen inkl. Schulung vor Ort. ';

export function dossier100k(dir: string): Fixture {
  const rnd = lcg(7);
  const doc = demoDoc();
  const texts = textsOf(doc);
  while (Y.encodeStateAsUpdate(doc).byteLength < 100_000) {
    for (let i = 0; i < 50; i++) {
      const t = texts[Math.floor(rnd() * texts.length)];
      t.insert(Math.floor(rnd() * (t.length + 1)), PARAGRAPH);
    }
  }
  const state = Y.encodeStateAsUpdate(doc);
  const file = join(dir, 'dossier-100k.bin');
  writeFile(file, [state]);
  return {
    file,
    updates: 1,
    updateBytes: state.byteLength,
    stateBytes: state.byteLength,
    stateVector: Y.encodeStateVector(doc)
  };
}

export function history(dir: string, n: number): Fixture {
  const rnd = lcg(n);
  const doc = demoDoc();
  const updates: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const texts = textsOf(doc);
  // Characters per update so the dossier ends near 100 KB of text whatever n is (at least one).
  const burst = Math.max(1, Math.round(100_000 / n));
  let text = texts[0];
  let cursor = 0;
  for (let i = 1; i < n - 1; i++) {
    if (i % 200 === 1) {
      text = texts[Math.floor(rnd() * texts.length)];
      cursor = Math.floor(rnd() * (text.length + 1));
    }
    cursor = Math.min(cursor, text.length);
    if (rnd() < 0.1 && cursor > 0) text.delete(--cursor, 1);
    else {
      text.insert(cursor, PARAGRAPH.slice(i % 150, (i % 150) + burst));
      cursor += burst;
    }
  }
  texts[0].insert(texts[0].length, SENTINEL.toString('utf8'));
  const file = join(dir, `history-${n}.bin`);
  writeFile(file, updates);
  return {
    file,
    updates: updates.length,
    updateBytes: updates.reduce((s, u) => s + u.byteLength, 0),
    stateBytes: Y.encodeStateAsUpdate(doc).byteLength,
    stateVector: Y.encodeStateVector(doc)
  };
}

export function fixtureDir(): string {
  const dir = join(tmpdir(), `staffel-c3-fixtures-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
