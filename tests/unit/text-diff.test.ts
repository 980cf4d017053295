import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformPosition, type TextDelta } from '../../src/lib/contract/text-diff';
import { createSeededRandom } from '../../server/seed/seeded-random';

const SEED = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);

function randomText(rng: ReturnType<typeof createSeededRandom>, max: number): string {
  const alphabet = 'aab äßx ';
  return Array.from({ length: rng.int(0, max) }, () => rng.pick([...alphabet])).join('');
}

describe(`text diff (seed ${SEED})`, () => {
  it('diffText yields one splice that turns before into after', () => {
    const rng = createSeededRandom(SEED);
    for (let i = 0; i < 2000; i++) {
      const before = randomText(rng, 12);
      const after = randomText(rng, 12);
      const change = diffText(before, after, rng.chance(0.5) ? rng.int(0, after.length) : null);
      const applied = change
        ? before.slice(0, change.index) + change.insert + before.slice(change.index + change.deleteCount)
        : before;
      expect(applied, `seed ${SEED}: ${JSON.stringify([before, after])}`).toBe(after);
    }
  });

  it('inserting at the caret in a run of equal characters splices at the caret', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, deleteCount: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 3)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
  });

  it('transformPosition keeps the caret on the same character under remote Yjs edits', () => {
    const rng = createSeededRandom(SEED + 1);
    for (let i = 0; i < 500; i++) {
      const doc = new Y.Doc();
      const text = doc.getText('t');
      text.insert(0, 'abcdefghij');
      const caret = rng.int(0, 10);
      const marker = text.toString()[caret - 1]; // character left of the caret
      let delta: TextDelta = [];
      text.observe((e) => (delta = e.delta as TextDelta));
      // A remote edit that does not touch the character left of the caret.
      const at = rng.int(0, 10);
      const del = at < caret ? Math.min(rng.int(0, 2), Math.max(0, caret - 1 - at)) : rng.int(0, 2);
      doc.transact(() => {
        text.delete(at, Math.min(del, text.length - at));
        text.insert(at, 'XY');
      });
      const moved = transformPosition(caret, delta);
      if (caret > 0) expect(text.toString()[moved - 1], `seed ${SEED + 1}`).toBe(marker);
    }
  });
});
