import type { Timer, TimerHandle } from '../../ports/timer';

/**
 * Throttles announcements per key (room + event): the first one in a quiet period goes out at once, later ones
 * within `windowMs` collapse into one trailing send at the end of the window, whose payload is computed then
 * (the latest state). So a key sends at most one message per window however many triggers arrive: a client
 * toggling dossier:watch 5,000 times a second costs each colleague 4 presence messages a second at 250 ms.
 *
 * The timer is a port so the rule can be tested with fake time; the app gives it the system timer, not the
 * test-controlled one, because the window paces the network in real time (tests move business time by hours).
 */
export function createAnnounceCoalescer(options: { windowMs: number; timer: Timer; onError: (err: unknown) => void }) {
  interface Slot {
    timer: TimerHandle;
    /** The send to make when the window ends, if anything was announced during it. */
    trailing: (() => Promise<void>) | null;
  }
  const slots = new Map<string, Slot>();
  let closed = false;

  const run = (send: () => Promise<void>) => void send().catch(options.onError);
  const open = (key: string): Slot => {
    const slot: Slot = {
      trailing: null,
      timer: options.timer.setTimeout(() => {
        slots.delete(key);
        if (slot.trailing && !closed) {
          run(slot.trailing);
          // The trailing send starts a new window, so the next trigger waits for it too.
          slots.set(key, open(key));
        }
      }, options.windowMs)
    };
    return slot;
  };

  return {
    announce(key: string, send: () => Promise<void>): void {
      if (closed) return;
      const slot = slots.get(key);
      if (slot) {
        slot.trailing = send;
        return;
      }
      run(send);
      slots.set(key, open(key));
    },
    /** Pending keys (for tests and metrics). */
    get pending() {
      return slots.size;
    },
    close() {
      closed = true;
      for (const slot of slots.values()) options.timer.clearTimeout(slot.timer);
      slots.clear();
    }
  };
}
