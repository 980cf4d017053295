import { describe, expect, it } from 'vitest';
import { coalesceItems, editKey, placeItem, type ActivityItemDTO } from '../../src/lib/contract';

const MIN = 60_000;
const T0 = Date.parse('2026-11-23T09:00:00Z');

/** A feed item of one event at `minute` past T0 (seq as given). */
function item(seq: number, minute: number, over: Partial<ActivityItemDTO> & { type?: string } = {}): ActivityItemDTO {
  const at = new Date(T0 + minute * MIN).toISOString();
  const type = over.type ?? 'dossier.version_recorded';
  const edit = type === 'dossier.version_recorded' || type === 'dossier.updated';
  const actorId = over.actorId === undefined ? 'anna' : over.actorId;
  const dossierId = over.dossierId === undefined ? 'd1' : over.dossierId;
  return {
    key: edit && actorId && dossierId ? editKey(actorId, dossierId, seq) : `e:${seq}`,
    seq,
    firstSeq: seq,
    count: 1,
    type,
    at,
    firstAt: at,
    actorId,
    actorName: 'Anna',
    onBehalfOfId: null,
    onBehalfOfName: null,
    teamId: 't1',
    teamName: 'Nord',
    dossierId,
    dossierName: 'Müller GmbH',
    pointOfSale: null,
    versionId: type === 'dossier.version_recorded' ? `v${seq}` : null,
    fields: [],
    params: {},
    ...over
  };
}

describe('activity coalescing (CO1–CO4)', () => {
  it('CO2 CO4 edits by one person on one dossier within the window merge, listing every field once', () => {
    const page = [
      item(5, 8, { fields: ['notes'] }),
      item(4, 6, { type: 'dossier.updated' }),
      item(2, 2, { fields: ['agreedConditions', 'notes'] })
    ];
    const [merged, ...rest] = coalesceItems(page, 5 * MIN);
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({
      key: editKey('anna', 'd1', 2),
      seq: 5,
      firstSeq: 2,
      count: 3,
      type: 'dossier.version_recorded',
      versionId: 'v5',
      fields: ['agreedConditions', 'notes'],
      at: new Date(T0 + 8 * MIN).toISOString(),
      firstAt: new Date(T0 + 2 * MIN).toISOString()
    });
  });

  it('CO2 a pause longer than the window starts a new item; 0 turns coalescing off', () => {
    const page = [item(3, 20), item(2, 4), item(1, 0)];
    expect(coalesceItems(page, 5 * MIN).map((i) => i.key)).toEqual([
      editKey('anna', 'd1', 3),
      editKey('anna', 'd1', 1)
    ]);
    expect(coalesceItems(page, 0)).toHaveLength(3);
  });

  it('CO1 CO2 other people, other dossiers and other kinds never merge, even in between', () => {
    const page = [
      item(5, 4),
      item(4, 3, { actorId: 'ben' }),
      item(3, 2, { dossierId: 'd2' }),
      item(2, 1, { type: 'interaction.logged' }),
      item(1, 0)
    ];
    const out = coalesceItems(page, 5 * MIN);
    expect(out.map((i) => [i.seq, i.firstSeq])).toEqual([
      [5, 1],
      [4, 4],
      [3, 3],
      [2, 2]
    ]);
  });

  it('CO3 a group grown live keeps the key it has on a page, so the push replaces the row', () => {
    const first = item(1, 0, { fields: ['industry'] });
    let list = placeItem([item(0, -1, { type: 'task.created' })], first, 5 * MIN);
    const grown = coalesceItems([item(2, 3, { fields: ['notes'] }), first], 5 * MIN)[0]!;
    expect(grown.key).toBe(first.key);
    list = placeItem(list, grown, 5 * MIN);
    expect(list.map((i) => [i.key, i.count])).toEqual([
      [first.key, 2],
      ['e:0', 1]
    ]);
    expect(list[0]!.fields).toEqual(['industry', 'notes']);
  });

  it('placeItem merges a replayed backlog group into the shown row, drops duplicates and sorts by seq', () => {
    const shown = [item(3, 1, { fields: ['notes'] }), item(1, 0, { type: 'task.created' })];
    // After a reconnect the backlog's group starts at seq 4: it continues the shown group.
    const next = placeItem(shown, item(4, 3, { fields: ['website'] }), 5 * MIN);
    expect(next.map((i) => [i.key, i.firstSeq, i.seq])).toEqual([
      [editKey('anna', 'd1', 3), 3, 4],
      ['e:1', 1, 1]
    ]);
    expect(placeItem(next, item(4, 3), 5 * MIN)).toBe(next);
    expect(placeItem(next, item(1, 0, { type: 'task.created' }), 5 * MIN)).toBe(next);
    const between = placeItem(next, item(2, 0.5, { type: 'task.created' }), 5 * MIN);
    expect(between.map((i) => i.seq)).toEqual([4, 2, 1]);
  });
});
