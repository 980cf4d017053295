import { describe, expect, it } from 'vitest';
import { classifyClose, HEALTHY_AFTER_MS, retryDelayMs, SlowRetryBackoff } from '../../src/lib/realtime/close-policy';
import { WS_CLOSE } from '../../src/lib/contract';

describe('classifyClose: which /yjs close codes the client retries', () => {
  it.each([
    [WS_CLOSE.unauthenticated, 'unauthenticated'],
    [WS_CLOSE.forbidden, 'forbidden'],
    [WS_CLOSE.not_found, 'not_found'],
    [WS_CLOSE.too_large, 'too_large'],
    [1009, 'too_large'], // the ws library's own "message too big" above its hard cap
    [WS_CLOSE.invalid, 'other'],
    [4000, 'other'],
    [4500, 'other'],
    [1002, 'other'],
    [1008, 'other']
  ] as const)('stops on %i (%s): the same update or session would be refused again', (code, reason) => {
    expect(classifyClose(code)).toEqual({ kind: 'stop', reason });
  });

  it.each([WS_CLOSE.rate_limited, WS_CLOSE.internal])(
    'retries %i slowly: the server is up but refuses for now',
    (code) => {
      expect(classifyClose(code)).toEqual({ kind: 'retry', backoff: 'slow' });
    }
  );

  it.each([WS_CLOSE.shutting_down, 1000, 1001, 1005, 1006, 1013, 1014])(
    'retries %i with the provider’s quick backoff: a restart or a network loss',
    (code) => {
      expect(classifyClose(code)).toEqual({ kind: 'retry', backoff: 'provider' });
    }
  );
});

describe('retryDelayMs', () => {
  it('doubles from 1 s to a 60 s cap, with up to 50 % jitter', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 5, 6, 12].map((attempt) => retryDelayMs({ attempt, random: none }))).toEqual([
      1_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000
    ]);
    expect(retryDelayMs({ attempt: 0, random: () => 0.999 })).toBe(1_500);
    expect(retryDelayMs({ attempt: 9, random: () => 0.5 })).toBe(75_000);
  });
});

describe('SlowRetryBackoff (4429, 1011)', () => {
  it('grows while each retried connection is refused again soon, and starts over after a healthy one', () => {
    let now = 0;
    const backoff = new SlowRetryBackoff({ now: () => now, random: () => 0 });
    // A flooding tab: connects, syncs, is rate limited a few seconds later, again and again.
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      backoff.opened();
      now += 5_000;
      delays.push(backoff.nextDelayMs());
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    // Refused before it even opened: still counts.
    expect(backoff.nextDelayMs()).toBe(16_000);

    backoff.opened();
    now += HEALTHY_AFTER_MS;
    expect(backoff.nextDelayMs()).toBe(1_000);
  });
});
