import { describe, expect, it } from 'vitest';
import { createAnnounceCoalescer } from '../../server/transports/socket/announce-coalescer';
import { createFakeTime } from '../helpers/fake-time';

function setup(windowMs = 250) {
  const time = createFakeTime();
  const errors: unknown[] = [];
  const coalescer = createAnnounceCoalescer({ windowMs, timer: time, onError: (err) => errors.push(err) });
  const sent: Array<{ key: string; value: number; at: number }> = [];
  const announce = (key: string, value: number) =>
    coalescer.announce(key, async () => void sent.push({ key, value, at: time.now() - start }));
  const start = time.now();
  return { time, coalescer, sent, announce, errors };
}

describe('announce coalescer (SG4)', () => {
  it('sends the first announcement at once and collapses the rest of the window into one trailing send with the last value', async () => {
    const { time, sent, announce } = setup();
    for (let i = 1; i <= 1000; i++) announce('team:a', i);
    await time.advance(0);
    expect(sent).toEqual([{ key: 'team:a', value: 1, at: 0 }]);
    await time.advance(250);
    expect(sent).toEqual([
      { key: 'team:a', value: 1, at: 0 },
      { key: 'team:a', value: 1000, at: 250 }
    ]);
  });

  it('sends at most one message per key per window however long the burst lasts', async () => {
    const { time, sent, announce } = setup();
    for (let ms = 0; ms < 2000; ms += 10) {
      announce('dossier:x', ms);
      await time.advance(10);
    }
    await time.advance(1000);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at);
    expect(sent.length).toBeLessThanOrEqual(2000 / 250 + 1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    expect(sent.at(-1)!.value).toBe(1990);
  });

  it('keeps keys apart and sends at once again after a quiet window', async () => {
    const { time, sent, announce } = setup();
    announce('a', 1);
    announce('b', 1);
    await time.advance(600);
    announce('a', 2);
    expect(sent.map((s) => `${s.key}${s.value}@${s.at}`)).toEqual(['a1@0', 'b1@0', 'a2@600']);
  });

  it('sends nothing after close, and reports a failing send instead of throwing', async () => {
    const { time, coalescer, sent, announce, errors } = setup();
    coalescer.announce('x', async () => {
      throw new Error('boom');
    });
    await time.advance(0);
    expect(errors).toHaveLength(1);
    announce('y', 1);
    announce('y', 2);
    coalescer.close();
    await time.advance(1000);
    expect(sent.map((s) => s.value)).toEqual([1]);
    expect(time.pending()).toBe(0);
  });
});
