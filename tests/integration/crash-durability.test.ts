import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { login, yClient } from '../helpers/clients';
import { startChildServer } from '../helpers/child-server';
import { DEMO_PASSWORD, generateDemoCompany } from '../../server/seed/demo-company';

const dataDir = mkdtempSync(join(tmpdir(), 'staffel-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const field = (doc: Y.Doc) => doc.getMap('fields').get('mainInterests') as Y.Text;

/** A rep and a dossier of their team in the deterministic demo company the child server seeds. */
function demoTarget() {
  const company = generateDemoCompany({ now: Date.now() });
  const rep = company.users.find((u) => u.role === 'rep')!;
  const dossier = company.dossiers.find((d) => d.dossier.teamId === rep.teamIds[0])!.dossier;
  return { rep, dossier };
}

describe('durability under SIGKILL', () => {
  it('loses no update that the server relayed before it was killed', async () => {
    const first = await startChildServer({ dataDir });
    const { rep, dossier } = demoTarget();
    const cookie = await login(first.url, rep.email, DEMO_PASSWORD);
    const writer = yClient(first.url, dossier.id, cookie);
    const witness = yClient(first.url, dossier.id, cookie);
    await Promise.all([writer.synced, witness.synced]);

    const witnessed = new Set<string>();
    field(witness.doc).observe(() => {
      for (const m of field(witness.doc)
        .toString()
        .matchAll(/<(\d+)>/g))
        witnessed.add(m[1]);
    });

    // Keep typing; kill the server while edits are still flowing.
    let sent = 0;
    let killed = false;
    const typing = (async () => {
      while (!killed && sent < 5000) {
        field(writer.doc).insert(0, `<${sent++}>`);
        // pace the typist (about one edit per millisecond) so the kill lands mid-stream
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await vi.waitFor(() => expect(witnessed.size).toBeGreaterThanOrEqual(150), { timeout: 20_000 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    killed = true;
    await typing;
    writer.destroy();
    witness.destroy();

    const second = await startChildServer({ dataDir });
    try {
      const cookie2 = await login(second.url, rep.email, DEMO_PASSWORD);
      const reader = yClient(second.url, dossier.id, cookie2);
      await reader.synced;
      const onDisk = new Set(
        [
          ...field(reader.doc)
            .toString()
            .matchAll(/<(\d+)>/g)
        ].map((m) => m[1])
      );
      const lost = [...witnessed].filter((id) => !onDisk.has(id));
      console.log(
        `SIGKILL test: ${sent} edits typed, ${witnessed.size} relayed before the kill, ${onDisk.size} on disk, ${lost.length} relayed-but-lost`
      );
      expect(lost).toEqual([]);
      reader.destroy();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});

describe('graceful shutdown', () => {
  it('flushes and compacts every open document on SIGTERM and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'staffel-term-'));
    try {
      // A tiny tail ratio makes the unload fold certain; with the default, whether 200 edits are "worth" folding
      // depends on how they batched (bytes per batch), which varies with machine load.
      const first = await startChildServer({ dataDir: dir, env: { YJS_COMPACT_TAIL_RATIO: '0.001' } });
      const { rep, dossier } = demoTarget();
      const cookie = await login(first.url, rep.email, DEMO_PASSWORD);
      const writer = yClient(first.url, dossier.id, cookie);
      const witness = yClient(first.url, dossier.id, cookie);
      await Promise.all([writer.synced, witness.synced]);
      for (let i = 0; i < 200; i++) field(writer.doc).insert(0, `[${i}]`);
      await vi.waitFor(() => expect(field(witness.doc).toString()).toContain('[199]'), { timeout: 10_000 });
      first.child.kill('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      writer.destroy();
      witness.destroy();

      const { createSqliteStore } = await import('../../server/storage/sqlite/create-sqlite-store');
      const store = createSqliteStore({ file: join(dir, 'staffel.db') });
      const stored = await store.documents.load(dossier.id);
      await store.close();
      expect(stored.tail).toEqual([]); // folded into the snapshot on shutdown
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.snapshot!);
      for (let i = 0; i < 200; i++) expect(field(doc).toString()).toContain(`[${i}]`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
