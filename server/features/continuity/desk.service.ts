import {
  compareDossiers,
  TaskListQuery,
  type CoverageGapDTO,
  type CoveringEntryDTO,
  type DeskDTO,
  type DeskQuery,
  type HandoffDTO,
  type TaskDTO
} from '../../../src/lib/contract';
import type { Coverage } from '../../kernel/coverage';
import type { User } from '../../kernel/types';
import type { DossierService } from '../dossiers';
import type { FollowupService } from '../followups';
import type { AbsenceService } from './absence.service';
import type { CoverageService } from './coverage.service';
import { coveringByPerson, firstCoveredInCompanyOrder, firstInCompanyOrder, type CoveredRow } from './desk-covering';

export interface DeskService {
  /** GET /api/desk: my dossiers, what I cover, my tasks, hand-offs, gaps I must fill, my absence. */
  desk(actor: User, query?: DeskQuery): Promise<DeskDTO>;
}

/** Tasks per list on the desk: a day's work fits many times over; the task list pages the rest. */
const TASK_LIMIT = 200;

const byName = compareDossiers('name');

const untilOf = (c: Coverage) => (c.kind === 'owner' || c.until === null ? null : new Date(c.until).toISOString());

/**
 * The stand-in desk (issue #9). Everything comes from the owning features' public faces; who acts is the
 * CoverageService's answer (the kernel rule), never decided here.
 */
export function createDeskService(deps: {
  dossiers: Pick<DossierService, 'ownedBy' | 'findMany' | 'summarize' | 'sortKeysOf'>;
  coverage: Pick<CoverageService, 'coveringFor' | 'gapsIn' | 'fromCovering'>;
  followups: Pick<FollowupService, 'list' | 'openAssignedTo'>;
  absences: Pick<AbsenceService, 'currentOrNext'>;
  people: { namesOf(ids: string[]): Promise<Map<string, string>> };
  /** Hand-offs to me not yet picked up and mine still pending (the hand-off feature); default none. */
  handoffsFor?: (userId: string) => Promise<HandoffDTO[]>;
}): DeskService {
  async function summariesById(ids: string[], known: ReadonlyMap<string, Coverage>) {
    const rows = await deps.dossiers.summarize(await deps.dossiers.findMany(ids), known);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async function tasksFor(actor: User, covering: Array<{ dossierId: string; coverage: Coverage }>) {
    const query = (scope: 'mine' | 'covering') => TaskListQuery.parse({ scope, status: 'open', limit: TASK_LIMIT });
    const [mine, acting] = await Promise.all([
      deps.followups.list(actor, query('mine')),
      deps.followups.list(actor, query('covering'))
    ]);
    // Tasks of the colleagues I cover, on the dossiers I act for, count as mine while they are away (the task's
    // stored actingAssigneeId follows once the follow-ups feature recomputes it).
    const forUser = new Map(
      covering.map((c) => [c.dossierId, c.coverage.kind === 'owner' ? null : c.coverage.forUserId])
    );
    const owners = [...new Set([...forUser.values()].filter((id): id is string => !!id))];
    // Only tasks on dossiers I act for on their behalf are described (the chain gives a stand-in a few dossiers
    // of many colleagues: their other open tasks are not mine).
    const onMyDossiers = (t: { dossierId: string; assigneeId: string }) => forUser.get(t.dossierId) === t.assigneeId;
    const theirs = owners.length
      ? await deps.followups.openAssignedTo(owners, { limitEach: TASK_LIMIT, keep: onMyDossiers })
      : [];
    const byId = new Map<string, TaskDTO>();
    for (const t of [...mine.items, ...acting.items]) byId.set(t.id, t);
    for (const t of theirs) if (onMyDossiers(t)) byId.set(t.id, t);
    return [...byId.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  }

  return {
    async desk(actor, query = {}) {
      const managed = actor.role === 'admin' ? 'all' : actor.role === 'manager' ? actor.teamIds : [];
      const [allOwnIds, covering, gaps, myAbsence, handoffs] = await Promise.all([
        deps.dossiers.ownedBy([actor.id]).then((rows) => rows.map((r) => r.id)),
        deps.coverage.coveringFor(actor.id),
        managed.length === 0 ? Promise.resolve([]) : deps.coverage.gapsIn(managed),
        deps.absences.currentOrNext(actor.id),
        deps.handoffsFor ? deps.handoffsFor(actor.id) : Promise.resolve([])
      ]);
      // A stand-in for a whole team covers 1,000+ dossiers: with a coveringLimit only the first page (company
      // order, from the id → sort key lookup) is loaded and summarised; coveringTotal/coveringBy count them all.
      // The page is kept with the covering rows per coverage epoch where the coverage service offers it (ordering
      // 1,200 sort keys was a quarter of the request).
      const limit = query.coveringLimit;
      const firstPage = (rows: CoveredRow[], n: number) =>
        firstCoveredInCompanyOrder(rows, n, deps.dossiers.sortKeysOf);
      const shown =
        limit === undefined
          ? covering
          : deps.coverage.fromCovering
            ? await deps.coverage.fromCovering(actor.id, `company-order:${limit}`, (rows) => firstPage(rows, limit))
            : await firstPage(covering, limit);
      // The page shows a dozen of my 400 dossiers and counts the rest: with an ownLimit only those are summarised.
      const ownIds =
        query.ownLimit === undefined
          ? allOwnIds
          : await firstInCompanyOrder(allOwnIds, (id) => id, query.ownLimit, deps.dossiers.sortKeysOf);
      const [summaries, tasks] = await Promise.all([
        // The coverage of covered dossiers and gaps is known already: summaries only ask it for my own.
        summariesById(
          [...ownIds, ...shown.map((c) => c.dossierId), ...gaps.map((g) => g.dossierId)],
          new Map([...covering, ...gaps].map((c) => [c.dossierId, c.coverage]))
        ),
        tasksFor(actor, covering)
      ]);
      const forIds = [...covering, ...gaps].map((c) => (c.coverage.kind === 'owner' ? '' : c.coverage.forUserId));
      const names = await deps.people.namesOf([...new Set(forIds.filter(Boolean))]);
      const coveringDTOs: CoveringEntryDTO[] = [];
      for (const { dossierId, coverage: c } of shown) {
        const dossier = summaries.get(dossierId);
        if (!dossier || c.kind === 'owner' || c.kind === 'gap') continue;
        coveringDTOs.push({
          dossier,
          forUserId: c.forUserId,
          forUserName: names.get(c.forUserId) ?? '',
          until: untilOf(c),
          reason: c.reason,
          via: c.via
        });
      }
      const gapDTOs: CoverageGapDTO[] = [];
      for (const { dossierId, coverage: c } of gaps) {
        const dossier = summaries.get(dossierId);
        if (!dossier || c.kind !== 'gap') continue;
        const forUserName = names.get(c.forUserId) ?? '';
        gapDTOs.push({
          dossier,
          forUserId: c.forUserId,
          forUserName,
          reason: c.reason,
          until: untilOf(c),
          cause: c.cause
        });
      }
      const byCompany = <T extends { dossier: { company: string } }>(a: T, b: T) =>
        a.dossier.company.localeCompare(b.dossier.company);
      return {
        // Company order, as covering (and as the dossier list the page links to for the rest).
        own: ownIds
          .map((id) => summaries.get(id))
          .filter((d) => d !== undefined)
          .sort(byName),
        ownTotal: allOwnIds.length,
        // The dossier list's 'name' order (list-order.ts), the order the coveringLimit page is cut in.
        covering: coveringDTOs.sort((a, b) => byName(a.dossier, b.dossier)),
        coveringTotal: covering.filter((c) => c.coverage.kind !== 'owner' && c.coverage.kind !== 'gap').length,
        coveringBy: coveringByPerson(covering, names),
        tasks,
        handoffs,
        gaps: gapDTOs.sort(byCompany),
        myAbsence
      };
    }
  };
}
