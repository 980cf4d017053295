import type { DormancySweepDTO, SleepingPage, SleepingQuery } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { visibleTeams } from '../../kernel/permissions';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { DossierService } from '../dossiers';
import type { UserService } from '../identity';
import type { CustomerValueStore } from './customer-value-store';
import {
  compareSleepers,
  dormancyReason,
  quietCutoff,
  quietMonths,
  SLEEPING_STAGES,
  warmth,
  WARMTH_WINDOW_MONTHS
} from './dormancy.rules';
import { addMonthsUtc } from './months';

export interface DormancyService {
  /** GET /api/sleeping: sleeping and dormant customers of the visible teams and covered dossiers (D3, W1–W3). */
  sleeping(actor: User, query: SleepingQuery): Promise<SleepingPage>;
  /** The scheduled sweep (D2) over every team; resolves how many dossiers it marked. */
  sweep(): Promise<number>;
  /** POST /api/admin/dormancy-sweep: managers (their teams) and admins (all) run the sweep now. */
  sweepNow(actor: User): Promise<DormancySweepDTO>;
}

/** Far future for "any time" (SQLite and MongoDB compare it as a plain number). */
const ANY_TIME = Number.MAX_SAFE_INTEGER;

export function createDormancyService(deps: {
  values: CustomerValueStore;
  dossiers: Pick<DossierService, 'findMany' | 'followLifecycleEvent'>;
  people: Pick<UserService, 'namesOf'>;
  /** Dossiers the user covers now (issue #9 coverage), for visibility across teams. */
  coveredBy(userId: string): Promise<string[]>;
  dormantAfterMonths: number;
  clock: Clock;
  onError(error: unknown, context: { dossierId: string }): void;
}): DormancyService {
  const { values, clock, dormantAfterMonths } = deps;

  async function sweepTeams(teamIds: readonly string[] | 'all'): Promise<number> {
    const now = clock.now();
    const quiet = await values.quiet({
      teamIds,
      stages: SLEEPING_STAGES,
      before: quietCutoff({ now, dormantAfterMonths })
    });
    let marked = 0;
    for (const candidate of quiet) {
      try {
        // D2: followLifecycleEvent moves only customer/key_account (L4) with a conditional update (DS10): a
        // second sweep, on this node or another, finds the dossier dormant and moves nothing.
        const moved = await deps.dossiers.followLifecycleEvent({
          dossierId: candidate.dossierId,
          event: { type: 'went_dormant' },
          reason: dormancyReason(dormantAfterMonths)
        });
        if (moved) marked += 1;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'conflict')) {
          deps.onError(error, { dossierId: candidate.dossierId });
        }
      }
    }
    return marked;
  }

  return {
    sweep: () => sweepTeams('all'),

    async sweepNow(actor) {
      if (actor.role !== 'manager' && actor.role !== 'admin') {
        throw new DomainError('forbidden', 'only managers and admins run the dormancy sweep');
      }
      return { marked: await sweepTeams(visibleTeams(actor)) };
    },

    async sleeping(actor, query) {
      const now = clock.now();
      const teamIds = visibleTeams(actor);
      const dossierIds = teamIds === 'all' ? [] : await deps.coveredBy(actor.id);
      const [quiet, dormant] = await Promise.all([
        values.quiet({
          teamIds,
          dossierIds,
          stages: SLEEPING_STAGES,
          before: quietCutoff({ now, dormantAfterMonths })
        }),
        values.quiet({ teamIds, dossierIds, stages: ['dormant'], before: ANY_TIME })
      ]);
      const found = [...quiet, ...dormant];
      const lastActivity = new Map(found.map((d) => [d.dossierId, d.lastInteractionAt ?? d.createdAt]));
      const [stats, records] = await Promise.all([
        values.stats(
          found.map((d) => ({
            dossierId: d.dossierId,
            activeFrom: addMonthsUtc(lastActivity.get(d.dossierId) ?? 0, -WARMTH_WINDOW_MONTHS)
          }))
        ),
        deps.dossiers.findMany(found.map((d) => d.dossierId))
      ]);
      const statsOf = new Map(stats.map((s) => [s.dossierId, s]));
      const recordOf = new Map(records.map((r) => [r.id, r]));
      const names = await deps.people.namesOf([...new Set(records.map((r) => r.ownerId))]);
      const items = found
        .filter((d) => recordOf.has(d.dossierId))
        .map((d) => {
          const record = recordOf.get(d.dossierId)!;
          const s = statsOf.get(d.dossierId);
          const last = lastActivity.get(d.dossierId) ?? record.createdAt;
          return {
            dossierId: d.dossierId,
            company: record.company,
            city: record.city,
            teamId: record.teamId,
            ownerId: record.ownerId,
            ownerName: names.get(record.ownerId) ?? '',
            stage: d.stage,
            lastInteractionAt: d.lastInteractionAt === null ? null : new Date(d.lastInteractionAt).toISOString(),
            quietMonths: quietMonths({ lastActivityAt: last, now }),
            pastValue: Math.round((s?.orderTotal ?? 0) * 100) / 100,
            interactionCount: s?.interactionCount ?? 0,
            warmth: warmth({ recentInteractions: s?.activeCount ?? 0, lastActivityAt: last, now, dormantAfterMonths })
          };
        })
        .sort(compareSleepers(query.sort));
      return { items: items.slice(0, query.limit), total: items.length, dormantAfterMonths };
    }
  };
}
