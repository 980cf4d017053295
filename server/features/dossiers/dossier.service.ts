import type {
  ChangeStageInput,
  CoverageDTO,
  CreateDossierInput,
  DossierDTO,
  DossierListQuery,
  DossierPage,
  DossierSummaryDTO,
  PatchDossierInput,
  Stage,
  StageChangeDTO
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { Coverage } from '../../kernel/coverage';
import {
  canCreateIn,
  coverageCouldRaise,
  dossierAccess,
  visibleTeams,
  type DossierAccess
} from '../../kernel/permissions';
import type { NewEvent } from '../../kernel/events';
import type { Dossier, DossierKnowledge, DossierProjection, StageChange, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { FieldKey } from '../../../src/lib/dossier-doc';
import type { UserService } from '../identity';
import type { DossierOwnership, DossierSortKey, DossierStore } from './dossier-store';
import type { EventOutbox } from '../feed';
import {
  announcesUpdate,
  normalisePatch,
  stageAfterEvent,
  stageMoveProblem,
  type LifecycleEvent
} from './dossiers.rules';

export interface DossierService {
  list(actor: User, query: DossierListQuery): Promise<DossierPage>;
  get(actor: User, id: string): Promise<DossierDTO>;
  create(actor: User, input: CreateDossierInput): Promise<DossierDTO>;
  /**
   * What create would write (the checked record and its dossier.created event), without writing it or its
   * document: for a feature that stores a new dossier with its own records in one transaction (lead intake).
   * The caller writes the initial document too (history's draftInitialDocument) and calls events.committed().
   */
  draftCreate(actor: User, input: CreateDossierInput): Promise<{ dossier: Dossier; events: NewEvent[] }>;
  /** What the actor may do with a dossier; throws not_found / forbidden when nothing. Every transport asks this. */
  /** The dossier record without an access check, for other features' own checks and events; null if unknown. */
  find(id: string): Promise<Dossier | null>;
  /** Several records at once (unknown ids left out), for a page of another feature's rows. */
  findMany(ids: readonly string[]): Promise<Dossier[]>;
  /** The 'name' sort key of these dossiers (DS4c), to order many without loading them (the desk's covering page). */
  sortKeysOf(ids: readonly string[]): Promise<DossierSortKey[]>;
  /** Issue #9 offboarding: dossiers naming the user as owner, stand-in or key-account manager (DS14). */
  listHeldBy(userId: string): Promise<Dossier[]>;
  /** Issue #9: id, team, owner and stand-ins of the dossiers these people own (coverage scans them, DS13). */
  ownedBy(ownerIds: readonly string[], options?: { standInId?: string }): Promise<DossierOwnership[]>;
  /** List rows of records another feature already holds (the desk), without an access check. */
  summarize(dossiers: Dossier[], known?: ReadonlyMap<string, Coverage>): Promise<DossierSummaryDTO[]>;
  authorize(actor: User, id: string): Promise<{ dossier: Dossier; access: Exclude<DossierAccess, 'none'> }>;
  /** Stores values projected from the dossier's Y.Doc and moves updatedAt (U1); announces per U2 (dossiers.rules.ts). */
  applyProjection(options: { dossierId: string; projection: DossierProjection; actorId: string | null }): Promise<void>;
  /** A deliberate stage move (L1–L3); edit access; a concurrent move rejects with 'conflict' (DS10). */
  changeStage(actor: User, id: string, input: ChangeStageInput): Promise<StageChangeDTO>;
  /** The stage history, newest first; read access. */
  stageHistory(actor: User, id: string): Promise<StageChangeDTO[]>;
  /** Tags, key-account manager, stand-ins (P1, P2, L5); edit access. */
  patch(actor: User, id: string, input: PatchDossierInput): Promise<DossierDTO>;
  /**
   * Issue #11 tag rename/merge: replaces `from` by `to` on those of `dossiers` carrying it (one tag when a
   * dossier had both), with dossier.updated + dossier.tags_changed each, all in one transaction (DS15). For the
   * segments feature, which has checked that the actor manages these dossiers' teams.
   */
  retag(options: {
    actorId: string;
    dossiers: readonly Dossier[];
    from: string;
    to: string;
  }): Promise<{ changed: number; merged: boolean }>;
  /**
   * L4: moves the dossier as an event implies (an order makes a prospect a customer), recorded as the system's
   * move (byId null) with `reason`; resolves the change, or null when the event moves nothing. For the
   * interactions/tasks features, which have checked access themselves.
   */
  followLifecycleEvent(options: {
    dossierId: string;
    event: LifecycleEvent;
    reason: string | null;
    /** Who caused it (issue #11: the person who started or ended a win-back); default null, the system. */
    byId?: string | null;
    /** Events of the caller's feature written in the same transaction as the move (issue #11 win-back). */
    alsoEvents?: readonly NewEvent[];
  }): Promise<StageChangeDTO | null>;
  /**
   * What followLifecycleEvent would write (the conditional stage move with its history entry, and
   * dossier.stage_changed), without writing it: for a feature that stores the move with its own record in one
   * transaction (issue #11: a win-back's start and end, WinbackStore WS6). Null when the event moves nothing;
   * unknown dossier → not_found. The caller's store applies the move with DS10's condition (another stage by
   * then → 'conflict', nothing written) and the caller calls events.committed().
   */
  draftLifecycleEvent(options: {
    dossierId: string;
    event: LifecycleEvent;
    reason: string | null;
    byId?: string | null;
  }): Promise<{
    move: { expectedFrom: Stage; change: StageChange };
    events: NewEvent[];
    change: StageChangeDTO;
  } | null>;
  /**
   * Issue #9: gives the dossier a new owner (a permanent hand-off, offboarding) if its owner is still
   * `expectedOwnerId` (DS14: a concurrent change rejects with 'conflict'). Writes `dossier.owner_changed` and
   * `alsoEvents` (e.g. coverage.changed) in the same transaction. For other features, which have checked
   * permissions and the new owner themselves.
   */
  changeOwner(options: {
    dossierId: string;
    expectedOwnerId: string;
    ownerId: string;
    actorId: string | null;
    reason: string | null;
    alsoEvents?: readonly NewEvent[];
  }): Promise<DossierSummaryDTO>;
  /**
   * What changeOwner would write (the conditional move and its dossier.owner_changed event), without writing
   * it: for a feature that stores the move with its own records in one transaction (a permanent hand-off,
   * HandoffStore HO12). Unknown dossier → not_found; another owner already → conflict. The caller writes the
   * change with DS14's condition and calls events.committed().
   */
  draftOwnerChange(options: {
    dossierId: string;
    expectedOwnerId: string;
    ownerId: string;
    actorId: string | null;
    reason: string | null;
  }): Promise<{
    change: { id: string; expectedOwnerId: string; ownerId: string; updatedAt: number };
    events: NewEvent[];
    summary: DossierSummaryDTO;
  }>;
}

/**
 * What dossiers ask of continuity's CoverageService (issue #9). Declared here, structurally, because continuity
 * depends on dossiers (its desk and coverage read dossier records): importing it back would be a cycle.
 */
export interface DossierCoverage {
  /** The coverage of each dossier, in one batch (the service short-circuits owners who are present). */
  coverageOf(dossiers: readonly Dossier[]): Promise<Map<string, Coverage>>;
  /** Whether `userId` acts for this dossier now through coverage (not team membership). */
  isCovering(userId: string, dossier: Dossier): Promise<boolean>;
}

/** Coverage as the wire shows it: null while the owner acts themself (kernel/coverage.ts C1). */
export function coverageDTO(coverage: Coverage | undefined): CoverageDTO | null {
  if (!coverage || coverage.kind === 'owner') return null;
  return {
    reason: coverage.reason,
    forUserId: coverage.forUserId,
    until: coverage.until === null ? null : new Date(coverage.until).toISOString(),
    via: coverage.kind === 'gap' ? null : coverage.via,
    gap: coverage.kind === 'gap'
  };
}

/** Writes a new dossier's first document state and its "created" version (history owns versions). */
export type InitialDocumentWriter = (options: {
  dossierId: string;
  createdAt: number;
  createdBy: string;
  fields: Partial<Record<FieldKey, string>>;
  // Resolves with the new document's knowledge projection (issue #9), stored with the row; void when unknown.
}) => Promise<DossierKnowledge | void>;

export function createDossierService(deps: {
  dossiers: DossierStore;
  people: Pick<UserService, 'namesOf' | 'get'>;
  writeInitialDocument: InitialDocumentWriter;
  /**
   * Late-bound (called per request, not at construction): the coverage service is built after this one in
   * app.ts, because continuity needs the dossier service. Absent (tests, tools): every owner acts themself.
   */
  coverage?: () => DossierCoverage;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): DossierService {
  const { events, clock, ids } = deps;

  /**
   * List rows with their acting owner: one coverage batch and one name lookup per page, never a query per row
   * (tests/bench/list-bench.ts).
   */
  /** `known`: coverage the caller already asked (the desk's covering list), not asked again. */
  async function summaries(dossiers: Dossier[], known?: ReadonlyMap<string, Coverage>): Promise<DossierSummaryDTO[]> {
    const unknown = known ? dossiers.filter((d) => !known.has(d.id)) : dossiers;
    const coverage = new Map<string, Coverage>(known ?? []);
    if (deps.coverage && unknown.length)
      for (const [id, c] of await deps.coverage().coverageOf(unknown)) coverage.set(id, c);
    const acting = (d: Dossier) => {
      const c = coverage.get(d.id);
      return c ? c.actingOwnerId : d.ownerId;
    };
    const people = new Set(dossiers.map((d) => d.ownerId));
    for (const d of dossiers) {
      const id = acting(d);
      if (id) people.add(id);
    }
    const names = await deps.people.namesOf([...people]);
    return dossiers.map((d) => ({
      id: d.id,
      teamId: d.teamId,
      ownerId: d.ownerId,
      ownerName: names.get(d.ownerId) ?? '',
      actingOwnerId: acting(d),
      actingOwnerName: names.get(acting(d) ?? '') ?? '',
      coverage: coverageDTO(coverage.get(d.id)),
      company: d.company,
      street: d.street,
      postalCode: d.postalCode,
      city: d.city,
      industry: d.industry,
      stage: d.stage,
      tags: d.tags,
      contactNames: d.contactNames,
      updatedAt: new Date(d.updatedAt).toISOString(),
      keyAccountManagerId: d.keyAccountManagerId,
      standInIds: d.standInIds
    }));
  }

  /** Issue #11: a `dossier.tags_changed` when the tags differ (none otherwise), for the timeline and the feed. */
  function tagsChangedEvents(options: {
    actorId: string | null;
    before: Dossier;
    after: DossierSummaryDTO;
    renamedFrom: string | null;
  }): NewEvent[] {
    const { before, after } = options;
    const added = after.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !after.tags.includes(t));
    if (added.length === 0 && removed.length === 0) return [];
    return [
      events.event('dossier.tags_changed', {
        actorId: options.actorId,
        teamId: before.teamId,
        dossierId: before.id,
        data: { added, removed, renamedFrom: options.renamedFrom, dossier: after }
      })
    ];
  }

  async function stageChangeDTOs(changes: StageChange[]): Promise<StageChangeDTO[]> {
    const byIds = changes.map((c) => c.byId).filter((id): id is string => id !== null);
    const names = await deps.people.namesOf([...new Set(byIds)]);
    return changes.map((c) => ({
      ...c,
      byName: c.byId === null ? null : (names.get(c.byId) ?? ''),
      at: new Date(c.at).toISOString()
    }));
  }

  async function authorizeEdit(actor: User, id: string) {
    const found = await authorize(actor, id);
    if (found.access !== 'edit') throw new DomainError('forbidden', 'read-only access to this dossier');
    return found.dossier;
  }

  /** Writes one stage move with its event in one transaction (DS10); the event carries the list row after it. */
  async function recordStageChange(options: {
    dossier: Dossier;
    to: Stage;
    reason: string | null;
    byId: string | null;
    alsoEvents?: readonly NewEvent[];
  }): Promise<StageChangeDTO> {
    const { alsoEvents = [], ...move } = options;
    const draft = await draftStageChange(move);
    const updated = await deps.dossiers.changeStage({ ...draft.move, events: [...draft.events, ...alsoEvents] });
    if (!updated) throw new DomainError('not_found', 'dossier not found');
    events.committed();
    return draft.change;
  }

  /** The stage move (DS10's condition: still in the dossier's current stage) and its event, not yet written. */
  async function draftStageChange(options: {
    dossier: Dossier;
    to: Stage;
    reason: string | null;
    byId: string | null;
  }) {
    const { dossier, to, reason, byId } = options;
    const at = clock.now();
    const change: StageChange = { id: ids.next(), dossierId: dossier.id, from: dossier.stage, to, reason, byId, at };
    const [[summary], [dto]] = await Promise.all([
      summaries([{ ...dossier, stage: to, updatedAt: at }]),
      stageChangeDTOs([change])
    ]);
    const moved = events.event('dossier.stage_changed', {
      actorId: byId,
      teamId: dossier.teamId,
      dossierId: dossier.id,
      data: { from: change.from, to, reason, change: dto, dossier: summary }
    });
    return { move: { expectedFrom: dossier.stage, change }, events: [moved], change: dto };
  }

  async function detail(d: Dossier, access: 'read' | 'edit'): Promise<DossierDTO> {
    const [summary] = await summaries([d]);
    return { ...summary, createdAt: new Date(d.createdAt).toISOString(), createdBy: d.createdBy, access };
  }

  async function authorize(actor: User, id: string) {
    const dossier = await deps.dossiers.get(id);
    if (!dossier) throw new DomainError('not_found', 'dossier not found');
    let access = dossierAccess(actor, dossier);
    // A3, cheap path first: coverage is asked only when team membership gives less than it could.
    if (deps.coverage && coverageCouldRaise(actor, access)) {
      const covering = await deps.coverage().isCovering(actor.id, dossier);
      access = dossierAccess(actor, dossier, { covering });
    }
    if (access === 'none') throw new DomainError('forbidden', 'this dossier belongs to another team');
    return { dossier, access };
  }

  async function draftCreate(
    actor: User,
    input: CreateDossierInput
  ): Promise<{ dossier: Dossier; events: NewEvent[] }> {
    const teamId = input.teamId ?? actor.teamIds[0];
    if (!teamId) throw new DomainError('invalid', 'teamId is required for users without a team');
    if (!canCreateIn(actor, teamId)) throw new DomainError('forbidden', 'not a member of that team');
    // L3: a new dossier has no key-account manager yet.
    if (input.stage === 'key_account') {
      throw new DomainError('invalid', 'a key account needs a key-account manager: create it, set one, then move it');
    }
    const ownerId = input.ownerId ?? actor.id;
    if (ownerId !== actor.id) {
      const owner = await deps.people.get(ownerId);
      if (!owner || !owner.teamIds.includes(teamId))
        throw new DomainError('invalid', 'owner must be a member of the team');
    } else if (!actor.teamIds.includes(teamId)) {
      throw new DomainError('invalid', 'ownerId is required when creating outside your own teams');
    }
    const now = clock.now();
    const dossier: Dossier = {
      id: ids.next(),
      teamId,
      ownerId,
      company: input.company,
      street: '',
      postalCode: '',
      city: input.city ?? '',
      industry: input.industry ?? '',
      stage: input.stage,
      tags: [...new Set(input.tags)],
      contactNames: [],
      createdAt: now,
      createdBy: actor.id,
      updatedAt: now,
      keyAccountManagerId: null,
      standInIds: []
    };
    const [row] = await summaries([dossier]);
    const created = events.event('dossier.created', {
      actorId: actor.id,
      teamId,
      dossierId: dossier.id,
      data: { dossier: row }
    });
    return { dossier, events: [created] };
  }

  const draftOwnerChange: DossierService['draftOwnerChange'] = async ({
    dossierId,
    expectedOwnerId,
    ownerId,
    actorId,
    reason
  }) => {
    const current = await deps.dossiers.get(dossierId);
    if (!current) throw new DomainError('not_found', 'dossier not found');
    if (current.ownerId !== expectedOwnerId) throw new DomainError('conflict', 'the dossier changed owner meanwhile');
    const updatedAt = clock.now();
    const [summary] = await summaries([{ ...current, ownerId, updatedAt }]);
    const changed = events.event('dossier.owner_changed', {
      actorId,
      teamId: current.teamId,
      dossierId,
      data: { fromUserId: expectedOwnerId, toUserId: ownerId, reason, dossier: summary }
    });
    return { change: { id: dossierId, expectedOwnerId, ownerId, updatedAt }, events: [changed], summary };
  };

  return {
    authorize,
    find: (id) => deps.dossiers.get(id),
    findMany: (ids) => deps.dossiers.getMany(ids),
    sortKeysOf: (ids) => deps.dossiers.sortKeysOf(ids),
    ownedBy: (ownerIds, options) => deps.dossiers.listByOwners(ownerIds, options),
    summarize: (dossiers, known) => summaries(dossiers, known),

    /*
     * Lists stay team lists: a stand-in finds the dossiers they cover for another team on their desk
     * (GET /api/desk → covering), where it says for whom and until when; opening one is authorised by coverage.
     * Rows of the list carry actingOwnerId/coverage, so an absent colleague's dossiers show who acts for them.
     */
    async list(actor, query) {
      let teamIds = visibleTeams(actor);
      if (query.team) {
        if (teamIds !== 'all' && !teamIds.includes(query.team))
          throw new DomainError('forbidden', 'not a member of that team');
        teamIds = [query.team];
      }
      const page = await deps.dossiers.list({
        teamIds,
        q: query.q || undefined,
        tag: query.tag,
        stage: query.stage,
        ownerId: query.owner,
        sort: query.sort,
        limit: query.limit,
        cursor: query.cursor
      });
      return { items: await summaries(page.items), nextCursor: page.nextCursor };
    },

    async get(actor, id) {
      const { dossier, access } = await authorize(actor, id);
      return detail(dossier, access);
    },

    draftCreate,

    async create(actor, input) {
      const { dossier, events: created } = await draftCreate(actor, input);
      // Document before row: a listed dossier must always open with its content and its history.
      const knowledge = await deps.writeInitialDocument({
        dossierId: dossier.id,
        createdAt: dossier.createdAt,
        createdBy: actor.id,
        fields: { company: dossier.company, city: dossier.city, industry: dossier.industry }
      });
      await deps.dossiers.create(knowledge ? { ...dossier, knowledge } : dossier, created);
      events.committed();
      return detail(dossier, 'edit');
    },

    async changeStage(actor, id, input) {
      const dossier = await authorizeEdit(actor, id);
      // The user chose looking at `from`; a colleague's move since then is not silently overridden.
      if (input.from !== undefined && input.from !== dossier.stage) {
        throw new DomainError('conflict', `the dossier moved to stage ${dossier.stage} meanwhile`);
      }
      const reason = input.reason?.trim() || null;
      const problem = stageMoveProblem({ dossier, to: input.stage, reason });
      if (problem) throw new DomainError('invalid', problem);
      return recordStageChange({ dossier, to: input.stage, reason, byId: actor.id });
    },

    async stageHistory(actor, id) {
      await authorize(actor, id);
      return stageChangeDTOs(await deps.dossiers.stageHistory(id));
    },

    async patch(actor, id, input) {
      const dossier = await authorizeEdit(actor, id);
      const candidates = [
        ...(input.keyAccountManagerId ? [input.keyAccountManagerId] : []),
        ...(input.standInIds ?? [])
      ];
      const members = new Set<string>();
      for (const userId of new Set(candidates)) {
        const user = await deps.people.get(userId);
        // A deactivated colleague (issue #9) is no longer a member who can stand in or look after an account.
        if (user?.teamIds.includes(dossier.teamId) && user.deactivatedAt === null) members.add(userId);
      }
      const result = normalisePatch({ dossier, patch: input, isMember: (userId) => members.has(userId) });
      if ('problem' in result) throw new DomainError('invalid', result.problem);
      const updatedAt = clock.now();
      const [summary] = await summaries([{ ...dossier, ...result.patch, updatedAt }]);
      const updated = events.event('dossier.updated', {
        actorId: actor.id,
        teamId: dossier.teamId,
        dossierId: id,
        data: { dossier: summary }
      });
      const tagEvents = tagsChangedEvents({ actorId: actor.id, before: dossier, after: summary, renamedFrom: null });
      const stored = await deps.dossiers.patch({
        id,
        patch: result.patch,
        updatedAt,
        events: [updated, ...tagEvents]
      });
      if (!stored) throw new DomainError('not_found', 'dossier not found');
      events.committed();
      return detail(stored, 'edit');
    },

    async retag({ actorId, dossiers, from, to }) {
      const updatedAt = clock.now();
      const changed = dossiers.filter((d) => d.tags.includes(from));
      if (changed.length === 0) return { changed: 0, merged: false };
      const nextTags = (d: Dossier) => [...new Set(d.tags.map((t) => (t === from ? to : t)))];
      const rows = await summaries(changed.map((d) => ({ ...d, tags: nextTags(d), updatedAt })));
      const written: NewEvent[] = [];
      rows.forEach((row, i) => {
        const before = changed[i];
        written.push(
          events.event('dossier.updated', {
            actorId,
            teamId: before.teamId,
            dossierId: before.id,
            data: { dossier: row }
          }),
          ...tagsChangedEvents({ actorId, before, after: row, renamedFrom: from })
        );
      });
      await deps.dossiers.patchMany({
        items: changed.map((d) => ({ id: d.id, patch: { tags: nextTags(d) }, expectedTags: d.tags })),
        updatedAt,
        events: written
      });
      events.committed();
      return { changed: changed.length, merged: changed.some((d) => d.tags.includes(to)) };
    },

    async followLifecycleEvent({ dossierId, event, reason, byId = null, alsoEvents }) {
      const dossier = await deps.dossiers.get(dossierId);
      if (!dossier) throw new DomainError('not_found', 'dossier not found');
      const to = stageAfterEvent({ stage: dossier.stage, event });
      return to === null ? null : recordStageChange({ dossier, to, reason, byId, alsoEvents });
    },

    async draftLifecycleEvent({ dossierId, event, reason, byId = null }) {
      const dossier = await deps.dossiers.get(dossierId);
      if (!dossier) throw new DomainError('not_found', 'dossier not found');
      const to = stageAfterEvent({ stage: dossier.stage, event });
      return to === null ? null : draftStageChange({ dossier, to, reason, byId });
    },

    listHeldBy: (userId) => deps.dossiers.listHeldBy(userId),

    draftOwnerChange,

    async changeOwner({ alsoEvents = [], ...options }) {
      const draft = await draftOwnerChange(options);
      const stored = await deps.dossiers.changeOwner({ ...draft.change, events: [...draft.events, ...alsoEvents] });
      if (!stored) throw new DomainError('not_found', 'dossier not found');
      events.committed();
      return draft.summary;
    },

    async applyProjection({ dossierId, projection, actorId }) {
      const current = await deps.dossiers.get(dossierId);
      if (!current) return;
      const updatedAt = clock.now();
      // U1: every projection moves updatedAt; U2: only some are announced. The event is written with the
      // change, so it describes the row as this update leaves it.
      const expected: Dossier = { ...current, ...projection, updatedAt };
      if (!announcesUpdate({ before: current, projection, updatedAt })) {
        await deps.dossiers.updateProjection(dossierId, projection, updatedAt, []);
        return;
      }
      const [summary] = await summaries([expected]);
      const updated = events.event('dossier.updated', {
        actorId,
        teamId: current.teamId,
        dossierId,
        data: { dossier: summary }
      });
      if (await deps.dossiers.updateProjection(dossierId, projection, expected.updatedAt, [updated])) {
        events.committed();
      }
    }
  };
}
