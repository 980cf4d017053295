import type { AbsenceDTO, DigestDTO, DigestQuery } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { StoredEvent } from '../../kernel/events';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import { buildDigest, DIGEST_EVENT_TYPES } from './digest.rules';

/** What the digest needs of absences (the absence service of this feature provides it). */
export interface DigestAbsences {
  get(id: string): Promise<AbsenceDTO | null>;
  /** The person's absence that ended last (status 'ended'), at or before `at`; null when none. */
  lastEnded(userId: string, at: number): Promise<AbsenceDTO | null>;
}

export interface DigestService {
  /** GET /api/digest: "while you were away" for the caller's last ended absence, or the given one. */
  digest(actor: User, query: DigestQuery): Promise<DigestDTO>;
}

/** More is not a digest anymore; a person back from three months of parental leave gets the newest dossiers first. */
export const DIGEST_MAX_EVENTS = 5_000;

/**
 * May `actor` read the digest of `person`'s absence? The person themself; managers of a team the person is in;
 * admins. Everyone else gets not_found (an absence of another team is none of their business).
 */
export function mayReadDigest(
  actor: Pick<User, 'id' | 'role' | 'teamIds'>,
  person: Pick<User, 'id' | 'teamIds'>
): boolean {
  if (actor.id === person.id || actor.role === 'admin') return true;
  return actor.role === 'manager' && person.teamIds.some((t) => actor.teamIds.includes(t));
}

export function createDigestService(deps: {
  absences: DigestAbsences;
  people: { get(id: string): Promise<User | null>; namesOf(ids: string[]): Promise<Map<string, string>> };
  /** Dossiers the person owned during [from, to) with their company names (today: the ones they own now). */
  ownedDossiers(userId: string): Promise<Map<string, string>>;
  activity: {
    listForDossiers(options: {
      dossierIds: readonly string[];
      types: readonly (typeof DIGEST_EVENT_TYPES)[number][];
      from: number;
      to: number;
      limit: number;
    }): Promise<StoredEvent[]>;
  };
  versionChanges(options: { dossierId: string; versionIds: readonly string[] }): Promise<Map<string, string[]>>;
  clock: Clock;
}): DigestService {
  async function absenceFor(actor: User, query: DigestQuery): Promise<AbsenceDTO | null> {
    if (!query.absenceId) return deps.absences.lastEnded(actor.id, deps.clock.now());
    const absence = await deps.absences.get(query.absenceId);
    const person = absence && (absence.userId === actor.id ? actor : await deps.people.get(absence.userId));
    if (!absence || !person || !mayReadDigest(actor, person)) throw new DomainError('not_found', 'absence not found');
    return absence;
  }

  return {
    async digest(actor, query) {
      const absence = await absenceFor(actor, query);
      if (!absence) return { absence: null, dossiers: [] };
      const from = Date.parse(absence.from);
      // Ended early: the window closes when it ended; a running absence reports up to now.
      const to = Math.min(
        Date.parse(absence.to),
        absence.endedAt ? Date.parse(absence.endedAt) : Infinity,
        deps.clock.now()
      );
      const dossiers = await deps.ownedDossiers(absence.userId);
      const events =
        to > from
          ? await deps.activity.listForDossiers({
              dossierIds: [...dossiers.keys()],
              types: DIGEST_EVENT_TYPES,
              from,
              to,
              limit: DIGEST_MAX_EVENTS
            })
          : [];
      const versionChanges = new Map<string, string[]>();
      const versionsByDossier = new Map<string, string[]>();
      for (const e of events) {
        if (e.type !== 'dossier.version_recorded' || !e.dossierId) continue;
        const list = versionsByDossier.get(e.dossierId) ?? [];
        list.push(e.data.version.id);
        versionsByDossier.set(e.dossierId, list);
      }
      for (const [dossierId, versionIds] of versionsByDossier) {
        for (const [id, keys] of await deps.versionChanges({ dossierId, versionIds })) versionChanges.set(id, keys);
      }
      const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
      const names = await deps.people.namesOf(actorIds);
      return {
        absence,
        dossiers: buildDigest({
          personId: absence.userId,
          window: { from, to },
          dossiers,
          events,
          versionChanges,
          names
        })
      };
    }
  };
}
