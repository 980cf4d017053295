import { PREMIUM_TAG, type PremiumPage, type PremiumQuery, type Stage } from '../../../src/lib/contract';
import { visibleTeams } from '../../kernel/permissions';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { DossierService } from '../dossiers';
import type { UserService } from '../identity';
import type { CustomerValueStore } from './customer-value-store';
import { addMonthsUtc } from './months';
import { hasTag, premiumTop } from './premium.rules';

export interface PremiumService {
  /** GET /api/premium (PR1–PR3) over the visible teams and covered dossiers. */
  premium(actor: User, query: PremiumQuery): Promise<PremiumPage>;
}

const RANKED_STAGES: readonly Stage[] = ['customer', 'key_account'];
const round = (n: number) => Math.round(n * 100) / 100;

export function createPremiumService(deps: {
  values: CustomerValueStore;
  dossiers: Pick<DossierService, 'findMany'>;
  people: Pick<UserService, 'namesOf'>;
  coveredBy(userId: string): Promise<string[]>;
  defaultShare: number;
  clock: Clock;
}): PremiumService {
  return {
    async premium(actor, query) {
      const now = deps.clock.now();
      const share = query.share ?? deps.defaultShare;
      const teamIds = visibleTeams(actor);
      const revenue = await deps.values.revenue({
        teamIds,
        dossierIds: teamIds === 'all' ? [] : await deps.coveredBy(actor.id),
        since12: addMonthsUtc(now, -12),
        since36: addMonthsUtc(now, -36)
      });
      const records = new Map((await deps.dossiers.findMany(revenue.map((r) => r.dossierId))).map((d) => [d.id, d]));
      const customers = revenue
        .map((r) => ({ ...r, record: records.get(r.dossierId) }))
        .filter((r) => r.record && RANKED_STAGES.includes(r.record.stage))
        .map((r) => ({ ...r, record: r.record!, company: r.record!.company }));
      const base = customers.filter((c) => c.revenue12 > 0).length;
      const top = premiumTop(customers, share);
      const names = await deps.people.namesOf([
        ...new Set(top.flatMap((c) => [c.record.ownerId, c.record.keyAccountManagerId ?? c.record.ownerId]))
      ]);
      const items = top.slice(0, query.limit).map(({ record, revenue12, revenue36 }) => {
        const suggestManager = record.keyAccountManagerId === null ? record.ownerId : null;
        return {
          dossierId: record.id,
          company: record.company,
          teamId: record.teamId,
          stage: record.stage,
          ownerName: names.get(record.ownerId) ?? '',
          revenue12: round(revenue12),
          revenue36: round(revenue36),
          tags: record.tags,
          keyAccountManagerId: record.keyAccountManagerId,
          keyAccountManagerName: record.keyAccountManagerId ? (names.get(record.keyAccountManagerId) ?? '') : null,
          suggestTag: hasTag(record.tags, PREMIUM_TAG) ? null : PREMIUM_TAG,
          suggestKeyAccountManagerId: suggestManager,
          suggestKeyAccountManagerName: suggestManager ? (names.get(suggestManager) ?? '') : null
        };
      });
      return { items, share, customersWithRevenue: base, threshold: round(top.at(-1)?.revenue12 ?? 0) };
    }
  };
}
