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

describe('durability under SIGKILL', () => {
  it('loses no update that the server relayed before it was killed', async () => {
    const first = await startChildServer({ dataDir });
    // The child seeds the same deterministic demo company, so the ids are known here.
    const company = generateDemoCompany({ now: Date.now() });
    const rep = company.users.find((u) => u.role === 'rep')!;
    const dossier = company.dossiers.find((d) => d.dossier.teamId === rep.teamIds[0])!.dossier;
    const cookie = await login(first.url, rep.email, DEMO_PASSWORD);
    const writer = yClient(first.url, dossier.id, cookie);
    const witness = yClient(first.url, dossier.id, cookie);
    await Promise.all([writer.synced, witness.synced]);

    const field = (doc: Y.Doc) => doc.getMap('fields').get('mainInterests') as Y.Text;
    const witnessed = new Set<string>();
    field(witness.doc).observe(() => {
      for (const m of field(witness.doc).toString().matchAll(/<(\d+)>/g)) witnessed.add(m[1]);
    });

    // Keep typing; kill the server while edits are still flowing.
    let sent = 0;
    const typing = (async () => {
      while (first.child.exitCode === null && sent < 5000) {
        field(writer.doc).insert(0, `<${sent++}>`);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await vi.waitFor(() => expect(witnessed.size).toBeGreaterThanOrEqual(150), { timeout: 20_000 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await typing;
    writer.destroy();
    witness.destroy();

    const second = await startChildServer({ dataDir });
    try {
      const cookie2 = await login(second.url, rep.email, DEMO_PASSWORD);
      const reader = yClient(second.url, dossier.id, cookie2, {});
      reader.provider.on('status', () => {});
      await reader.synced;
      const onDisk = new Set([...field(reader.doc).toString().matchAll(/<(\d+)>/g)].map((m) => m[1]));
      const lost = [...witnessed].filter((id) => !onDisk.has(id));
      console.log(`SIGKILL test: ${sent} edits typed, ${witnessed.size} relayed before the kill, ${onDisk.size} on disk, ${lost.length} relayed-but-lost`);
      expect(lost).toEqual([]);
      reader.destroy();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});
