import { expect, it } from 'vitest';
import type { IntakeKey, LeadRecords } from '../../server/features/intake/intake-store';
import { sessionEvent } from './activity-store.contract';
import { dossier } from './dossier-fixtures';
import { interaction } from './interaction-store.contract';
import { task } from './task-store.contract';
import type { StoreContext } from './store-contract';

const key = (over: Partial<IntakeKey> = {}): IntakeKey => ({
  id: 'k1',
  teamId: 't1',
  label: 'Website',
  hash: 'h1',
  prefix: 'stk_abcd',
  createdAt: 1_000,
  createdBy: 'u1',
  revokedAt: null,
  lastUsedAt: null,
  ...over
});

const eventCount = async (store: StoreContext) => (await store().activity.bounds()).lastSeq;

/** A new lead's records (IL3): dossier `id` with document, version, message i-<id>, callback k-<id>. */
const newLead = (id: string, keys: string[], over: Partial<LeadRecords> = {}): LeadRecords => ({
  teamId: 't1',
  dossierId: id,
  keys,
  at: 10,
  newDossier: {
    dossier: dossier({ id }),
    document: new Uint8Array([1, 2, 3, id.length]),
    version: {
      id: `v-${id}`,
      docId: id,
      createdAt: 1_000,
      kind: 'created',
      authorIds: ['u1'],
      restoredFrom: null,
      snapshot: new Uint8Array([1, 2, 3, id.length]),
      baseId: null
    }
  },
  interaction: interaction({ id: `i-${id}`, dossierId: id }),
  task: task({ id: `k-${id}`, dossierId: id, interactionId: `i-${id}` }),
  events: [sessionEvent(`e1-${id}`), sessionEvent(`e2-${id}`)],
  ...over
});

/** IntakeStore rules IK1..RR1 (server/features/intake/intake-store.ts). */
export function intakeStoreContract(store: StoreContext): void {
  it('IK1 createKey stores the key with its events; a second id or hash is a conflict without events', async () => {
    await store().intake.createKey(key(), [sessionEvent('e1')]);
    expect(await store().intake.findKeyByHash('h1')).toEqual(key());
    expect(await eventCount(store)).toBe(1);
    await expect(store().intake.createKey(key({ hash: 'h2' }), [sessionEvent('e2')])).rejects.toMatchObject({
      code: 'conflict'
    });
    await expect(store().intake.createKey(key({ id: 'k2' }), [sessionEvent('e3')])).rejects.toMatchObject({
      code: 'conflict'
    });
    expect(await eventCount(store)).toBe(1);
  });

  it('IK2 listKeys gives one team’s keys, revoked included, newest first (ties by id descending)', async () => {
    await store().intake.createKey(key({ id: 'k1', hash: 'h1', createdAt: 1 }), []);
    await store().intake.createKey(key({ id: 'k2', hash: 'h2', createdAt: 3 }), []);
    await store().intake.createKey(key({ id: 'k3', hash: 'h3', createdAt: 3, revokedAt: 4 }), []);
    await store().intake.createKey(key({ id: 'k4', hash: 'h4', teamId: 't2' }), []);
    expect((await store().intake.listKeys('t1')).map((k) => k.id)).toEqual(['k3', 'k2', 'k1']);
    expect(await store().intake.listKeys('t9')).toEqual([]);
  });

  it('IK3 findKeyByHash finds revoked keys too and resolves null for unknown hashes', async () => {
    await store().intake.createKey(key({ revokedAt: 5 }), []);
    expect(await store().intake.findKeyByHash('h1')).toMatchObject({ id: 'k1', revokedAt: 5 });
    expect(await store().intake.findKeyByHash('nope')).toBeNull();
  });

  it('IK4 revokeKey sets revokedAt once with its events; other teams and unknown ids get null', async () => {
    await store().intake.createKey(key(), []);
    const first = await store().intake.revokeKey({ teamId: 't1', id: 'k1', at: 50, events: [sessionEvent('e1')] });
    expect(first).toMatchObject({ id: 'k1', revokedAt: 50 });
    const again = await store().intake.revokeKey({ teamId: 't1', id: 'k1', at: 60, events: [sessionEvent('e2')] });
    expect(again).toMatchObject({ revokedAt: 50 });
    expect(await eventCount(store)).toBe(1);
    expect(await store().intake.revokeKey({ teamId: 't2', id: 'k1', at: 70, events: [] })).toBeNull();
    expect(await store().intake.revokeKey({ teamId: 't1', id: 'nope', at: 70, events: [] })).toBeNull();
    expect(await store().intake.findKeyByHash('h1')).toMatchObject({ revokedAt: 50 });
  });

  it('IK5 touchKey records the last use', async () => {
    await store().intake.createKey(key(), []);
    await store().intake.touchKey('k1', 10);
    await store().intake.touchKey('k1', 20);
    expect(await store().intake.findKeyByHash('h1')).toMatchObject({ lastUsedAt: 20 });
  });

  it('IL1 IL2 findLead gives the earliest dossier of the team sharing any key; repeats are no-ops', async () => {
    expect(await store().intake.findLead('t1', ['email:a'])).toBeNull();
    await store().intake.recordLead({
      teamId: 't1',
      dossierId: 'd1',
      keys: ['email:a', 'person:x'],
      at: 10,
      events: []
    });
    await store().intake.recordLead({
      teamId: 't1',
      dossierId: 'd1',
      keys: ['email:a', 'person:x'],
      at: 11,
      events: []
    });
    await store().intake.recordLead({
      teamId: 't1',
      dossierId: 'd2',
      keys: ['email:b', 'person:x'],
      at: 20,
      events: []
    });
    await store().intake.recordLead({ teamId: 't2', dossierId: 'd9', keys: ['email:c'], at: 1, events: [] });
    expect(await store().intake.findLead('t1', ['email:a'])).toBe('d1');
    expect(await store().intake.findLead('t1', ['email:b'])).toBe('d2');
    expect(await store().intake.findLead('t1', ['email:b', 'person:x'])).toBe('d1');
    expect(await store().intake.findLead('t1', ['email:c'])).toBeNull();
    expect(await store().intake.findLead('t2', ['email:c'])).toBe('d9');
    expect(await store().intake.findLead('t1', [])).toBeNull();
  });

  it('IL2 recordLead writes its events with the keys, also when every key was known already', async () => {
    const lead = { teamId: 't1', dossierId: 'd1', keys: ['email:a'] };
    await store().intake.recordLead({ ...lead, at: 10, events: [sessionEvent('e1')] });
    await store().intake.recordLead({ ...lead, at: 11, events: [sessionEvent('e2')] });
    expect(await eventCount(store)).toBe(2);
    expect(await store().intake.findLead('t1', ['email:a'])).toBe('d1');
  });

  it('IL3 recordLead writes a new lead’s dossier, document, version, keys, interaction, task and events', async () => {
    const lead = newLead('d1', ['email:a', 'person:x']);
    expect(await store().intake.recordLead(lead)).toEqual({ duplicateOf: null });
    expect(await store().dossiers.get('d1')).toEqual(lead.newDossier!.dossier);
    const doc = await store().documents.load('d1');
    expect(doc.tail.map((t) => [...t.update])).toEqual([[1, 2, 3, 2]]);
    expect(await store().versions.get('d1', 'v-d1')).toEqual(lead.newDossier!.version);
    expect(await store().interactions.get('i-d1')).toEqual(lead.interaction);
    expect(await store().tasks.get('k-d1')).toEqual(lead.task);
    expect(await store().intake.findLead('t1', ['person:x'])).toBe('d1');
    expect(await eventCount(store)).toBe(2);
  });

  it('IL3 when the last write fails (a taken task id) nothing of the lead is stored; a retry succeeds', async () => {
    await store().tasks.create(task({ id: 'k-taken', dossierId: 'd0' }), []);
    const before = await eventCount(store);
    const lead = newLead('d1', ['email:a'], { task: task({ id: 'k-taken', dossierId: 'd1' }) });
    await expect(store().intake.recordLead(lead)).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().dossiers.get('d1')).toBeNull();
    expect(await store().documents.load('d1')).toMatchObject({ snapshot: null, tail: [] });
    expect(await store().versions.get('d1', 'v-d1')).toBeNull();
    expect(await store().interactions.get('i-d1')).toBeNull();
    expect(await store().intake.findLead('t1', ['email:a'])).toBeNull();
    expect(await eventCount(store)).toBe(before);
    // The identity claim was rolled back with the rest: the same lead is new again, not a duplicate of a ghost.
    expect(await store().intake.recordLead(newLead('d1', ['email:a']))).toEqual({ duplicateOf: null });
    expect(await store().tasks.get('k-d1')).toMatchObject({ dossierId: 'd1' });
  });

  it('IL4 a new lead with a claimed key writes nothing and names the claiming dossier', async () => {
    await store().intake.recordLead(newLead('d1', ['email:a', 'person:x']));
    const before = await eventCount(store);
    expect(await store().intake.recordLead(newLead('d2', ['email:b', 'person:x']))).toEqual({ duplicateOf: 'd1' });
    expect(await store().dossiers.get('d2')).toBeNull();
    expect(await store().tasks.get('k-d2')).toBeNull();
    expect(await store().intake.findLead('t1', ['email:b'])).toBeNull();
    expect(await eventCount(store)).toBe(before);
    // A duplicate recorded on d1 claims its new key for d1; other teams have their own identities.
    await store().intake.recordLead({ teamId: 't1', dossierId: 'd1', keys: ['email:b'], at: 20, events: [] });
    expect(await store().intake.recordLead(newLead('d3', ['email:b']))).toEqual({ duplicateOf: 'd1' });
    expect(await store().intake.recordLead(newLead('d4', ['email:b'], { teamId: 't2' }))).toEqual({
      duplicateOf: null
    });
  });

  it('IL4 ten identical new leads at once: exactly one is written, the others name its dossier', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `d${i}`);
    const results = await Promise.all(ids.map((id) => store().intake.recordLead(newLead(id, ['email:same']))));
    const winners = ids.filter((_, i) => results[i].duplicateOf === null);
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.duplicateOf !== null) expect(r.duplicateOf).toBe(winners[0]);
    expect(await eventCount(store)).toBe(2);
    for (const id of ids) expect((await store().dossiers.get(id)) !== null).toBe(id === winners[0]);
  });

  it('RR1 nextTurn counts 0, 1, 2 per team and concurrent callers never share a number', async () => {
    expect(await store().intake.nextTurn('t1')).toBe(0);
    expect(await store().intake.nextTurn('t1')).toBe(1);
    expect(await store().intake.nextTurn('t2')).toBe(0);
    const turns = await Promise.all(Array.from({ length: 10 }, () => store().intake.nextTurn('t1')));
    expect(turns.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
}
