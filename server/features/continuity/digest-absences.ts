import type { AbsenceDTO } from '../../../src/lib/contract';
import type { Clock } from '../../ports/clock';
import { absenceEnd, type Absence, type AbsenceStore } from './absence-store';
import type { DigestAbsences } from './digest.service';
import { absenceDTO } from './absences.rules';

/** How far back "the last absence that ended" is looked for: older ones are not news anymore. */
export const DIGEST_LOOKBACK_MS = 366 * 86_400_000;

/**
 * The absences the digest reads, straight from the absence store, in the wire form the absence routes use
 * (absences.rules.ts `absenceDTO`: the status follows the absence's real end, AB3).
 */
export function createDigestAbsences(deps: {
  absences: Pick<AbsenceStore, 'get' | 'listOverlapping'>;
  namesOf(ids: string[]): Promise<Map<string, string>>;
  clock: Clock;
}): DigestAbsences {
  async function toDTO(a: Absence): Promise<AbsenceDTO> {
    const names = await deps.namesOf([a.userId, ...(a.handToId ? [a.handToId] : [])]);
    return absenceDTO(a, names, deps.clock.now());
  }
  return {
    async get(id) {
      const a = await deps.absences.get(id);
      return a ? toDTO(a) : null;
    },
    async lastEnded(userId, at) {
      const overlapping = await deps.absences.listOverlapping({
        userIds: [userId],
        from: at - DIGEST_LOOKBACK_MS,
        to: at
      });
      // AB4 leaves out absences cancelled before they began; of the rest, the one that ended last.
      const ended = overlapping.filter((a) => absenceEnd(a) <= at).sort((a, b) => absenceEnd(b) - absenceEnd(a));
      return ended[0] ? toDTO(ended[0]) : null;
    }
  };
}
