import type {
  CancelHandoffInput,
  CreateHandoffInput,
  HandoffDTO,
  HandoffListQuery,
  HandoffStatus
} from '../../../src/lib/contract';
import type { HandoffEventDTO } from '../../../src/lib/contract/continuity';
import type { CoverageHandoff } from '../../kernel/coverage';
import { DomainError } from '../../kernel/domain-error';
import type { NewEvent } from '../../kernel/events';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { EventOutbox } from '../feed';
import type { BriefingGenerator } from './briefing';
import type { Handoff, HandoffStore } from './handoff-store';
import { createHandoffsInForce } from './handoffs-in-force';

export interface HandoffService {
  /** POST /api/dossiers/:id/handoffs: by the owner, a manager of the dossier's team, or an admin. */
  create(actor: User, dossierId: string, input: CreateHandoffInput): Promise<HandoffDTO>;
  /** POST /api/handoffs/:id/pickup: the receiver acknowledges; only while pending. */
  pickUp(actor: User, id: string): Promise<HandoffDTO>;
  /**
   * POST /api/handoffs/:id/cancel: the sender, the one who made it, a manager of the team or an admin withdraws
   * a hand-off nobody picked up yet (409 otherwise). A permanent one gives the dossier back to its owner.
   */
  cancel(actor: User, id: string, input: CancelHandoffInput): Promise<HandoffDTO>;
  /** GET /api/handoffs/:id: sender, maker, receiver, managers of the team, admins. */
  get(actor: User, id: string): Promise<HandoffDTO>;
  /** GET /api/handoffs: the caller's own hand-offs (to, from, or both). */
  list(actor: User, query: HandoffListQuery): Promise<{ items: HandoffDTO[] }>;
  /** For the desk: hand-offs to `userId` not yet picked up, and theirs still pending with others. */
  handoffsFor(userId: string): Promise<HandoffDTO[]>;
  /** For the coverage service (kernel coverage C2): temporary hand-offs in force at `at`. */
  inForce(at: number): Promise<CoverageHandoff[]>;
  /** Job: returns every temporary hand-off whose `until` has come, each exactly once; resolves how many. */
  returnDue(): Promise<number>;
  /** Job: escalates every hand-off pending longer than the configured time, each exactly once. */
  escalateDue(): Promise<number>;
}

/** Rows per job query; the jobs loop until a batch comes back short. */
const JOB_BATCH = 100;
/** Hand-offs a person's list shows at most (the desk, GET /api/handoffs). */
const DESK_LIMIT = 200;

/** `deactivatedAt` arrives on User with the absences work (i9-core); until then everyone is active. */
const isActiveUser = (user: User): boolean => (user as User & { deactivatedAt?: number | null }).deactivatedAt == null;

export function createHandoffService(deps: {
  handoffs: HandoffStore;
  dossiers: Pick<DossierService, 'authorize' | 'find' | 'draftOwnerChange'>;
  people: {
    get(id: string): Promise<User | null>;
    namesOf(ids: string[]): Promise<Map<string, string>>;
    /** Ids of the managers of a team. */
    managersOf(teamId: string): Promise<string[]>;
  };
  briefing: BriefingGenerator;
  escalateAfterMinutes: number;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): HandoffService {
  const { handoffs, events, clock } = deps;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  async function toDTOs(list: Handoff[]): Promise<HandoffDTO[]> {
    const names = await deps.people.namesOf([...new Set(list.flatMap((h) => [h.fromUserId, h.toUserId, h.byId]))]);
    return list.map((h) => ({
      id: h.id,
      dossierId: h.dossierId,
      teamId: h.teamId,
      dossierCompany: h.briefing.company,
      fromUserId: h.fromUserId,
      fromName: names.get(h.fromUserId) ?? '',
      toUserId: h.toUserId,
      toName: names.get(h.toUserId) ?? '',
      byId: h.byId,
      kind: h.kind,
      until: iso(h.until),
      note: h.note,
      status: h.status,
      createdAt: iso(h.createdAt)!,
      pickedUpAt: iso(h.pickedUpAt),
      escalatedAt: iso(h.escalatedAt),
      returnedAt: iso(h.returnedAt),
      briefing: h.briefing
    }));
  }
  const toDTO = async (h: Handoff) => (await toDTOs([h]))[0];
  const withoutBriefing = ({ briefing: _briefing, ...rest }: HandoffDTO): HandoffEventDTO => rest;

  /** Every hand-off change re-routes who acts (or who sees it on their desk): written with the change. */
  const coverageChanged = (h: Handoff, actorId: string | null, extraUserIds: string[] = []) =>
    events.event('coverage.changed', {
      actorId,
      teamId: h.teamId,
      dossierId: h.dossierId,
      data: {
        userIds: [...new Set([h.fromUserId, h.toUserId, ...extraUserIds])],
        dossierIds: [h.dossierId],
        cause: 'handoff'
      }
    });

  const isManagerOf = (user: User, teamId: string) => user.role === 'manager' && user.teamIds.includes(teamId);

  /** Owner, a manager of the dossier's team, or an admin — with edit access to the dossier. */
  async function mayHandOff(actor: User, dossierId: string): Promise<Dossier> {
    const { dossier, access } = await deps.dossiers.authorize(actor, dossierId);
    const allowed = actor.role === 'admin' || actor.id === dossier.ownerId || isManagerOf(actor, dossier.teamId);
    if (access !== 'edit' || !allowed) {
      throw new DomainError('forbidden', 'only the owner, a manager of the team or an admin hands a dossier over');
    }
    return dossier;
  }

  async function checkReceiver(dossier: Dossier, toUserId: string, permanent: boolean): Promise<User> {
    const receiver = await deps.people.get(toUserId);
    if (!receiver || !isActiveUser(receiver) || receiver.role === 'viewer') {
      throw new DomainError('invalid', 'the receiver must be an active colleague who may edit dossiers');
    }
    if (receiver.id === dossier.ownerId) throw new DomainError('invalid', 'the receiver already owns this dossier');
    // A new owner must be in the dossier's team (team access); a temporary receiver acts through coverage.
    if (permanent && receiver.role !== 'admin' && !receiver.teamIds.includes(dossier.teamId)) {
      throw new DomainError('invalid', 'a new owner must be a member of the dossier’s team');
    }
    return receiver;
  }

  async function mayRead(actor: User, h: Handoff): Promise<void> {
    if (actor.role === 'admin' || [h.fromUserId, h.toUserId, h.byId].includes(actor.id)) return;
    if (isManagerOf(actor, h.teamId)) return;
    throw new DomainError('forbidden', 'this hand-off is not yours');
  }

  async function load(id: string): Promise<Handoff> {
    const h = await handoffs.get(id);
    if (!h) throw new DomainError('not_found', 'hand-off not found');
    return h;
  }

  async function batches(find: () => Promise<Handoff[]>, claim: (h: Handoff) => Promise<boolean>): Promise<number> {
    let done = 0;
    for (;;) {
      const due = await find();
      for (const h of due) if (await claim(h)) done++;
      if (due.length < JOB_BATCH) return done;
    }
  }

  return {
    async create(actor, dossierId, input) {
      const dossier = await mayHandOff(actor, dossierId);
      const now = clock.now();
      const until = input.until === undefined ? null : Date.parse(input.until);
      if (until !== null && until <= now) throw new DomainError('invalid', 'until must be in the future');
      const receiver = await checkReceiver(dossier, input.toUserId, until === null);
      // One open hand-off per dossier: a second would leave two people believing they act for it.
      const open = await handoffs.listFor({
        userId: dossier.ownerId,
        role: 'from',
        statuses: ['pending', 'picked_up'],
        limit: DESK_LIMIT
      });
      if (open.some((h) => h.dossierId === dossier.id && h.kind === 'temporary')) {
        throw new DomainError('conflict', 'this dossier is already handed over; wait until it returns');
      }
      const handoff: Handoff = {
        id: deps.ids.next(),
        dossierId: dossier.id,
        teamId: dossier.teamId,
        fromUserId: dossier.ownerId,
        toUserId: receiver.id,
        byId: actor.id,
        kind: until === null ? 'permanent' : 'temporary',
        until,
        note: input.note,
        status: 'pending',
        createdAt: now,
        pickedUpAt: null,
        escalatedAt: null,
        returnedAt: null,
        briefing: await deps.briefing({ actor, dossier, note: input.note })
      };
      const dto = await toDTO(handoff);
      const created = events.event('handoff.created', {
        actorId: actor.id,
        teamId: dossier.teamId,
        dossierId: dossier.id,
        data: { handoff: withoutBriefing(dto) }
      });
      if (handoff.kind === 'temporary') {
        await handoffs.create(handoff, [created, coverageChanged(handoff, actor.id)]);
        events.committed();
        return dto;
      }
      // Permanent: the hand-off, the owner change and their events in ONE transaction (HandoffStore HO12): if
      // the owner changed meanwhile (DS14) nothing is written and the caller hears 'conflict'.
      const ownerChange = await deps.dossiers.draftOwnerChange({
        dossierId: dossier.id,
        expectedOwnerId: dossier.ownerId,
        ownerId: receiver.id,
        actorId: actor.id,
        reason: input.note
      });
      await handoffs.createPermanent(handoff, ownerChange.change, [
        created,
        ...ownerChange.events,
        coverageChanged(handoff, actor.id)
      ]);
      events.committed();
      return dto;
    },

    async pickUp(actor, id) {
      const h = await load(id);
      if (h.toUserId !== actor.id) throw new DomainError('forbidden', 'only the receiver picks a hand-off up');
      if (h.status !== 'pending') throw new DomainError('conflict', `this hand-off is already ${h.status}`);
      const at = clock.now();
      const dto = await toDTO({ ...h, status: 'picked_up', pickedUpAt: at });
      const picked = events.event('handoff.picked_up', {
        actorId: actor.id,
        teamId: h.teamId,
        dossierId: h.dossierId,
        data: { handoff: withoutBriefing(dto) }
      });
      const stored = await handoffs.pickUp(id, at, [picked, coverageChanged(h, actor.id)]);
      if (!stored) throw new DomainError('conflict', 'this hand-off changed meanwhile');
      events.committed();
      return dto;
    },

    async cancel(actor, id, input) {
      const h = await load(id);
      const allowed =
        actor.role === 'admin' || [h.fromUserId, h.byId].includes(actor.id) || isManagerOf(actor, h.teamId);
      if (!allowed) throw new DomainError('forbidden', 'only the sender or a manager of the team cancels a hand-off');
      if (h.status !== 'pending') throw new DomainError('conflict', `this hand-off is already ${h.status}`);
      const now = clock.now();
      const reason = input.reason ? input.reason : null;
      const dto = await toDTO({ ...h, status: 'cancelled' });
      const cancelled = events.event('handoff.cancelled', {
        actorId: actor.id,
        teamId: h.teamId,
        dossierId: h.dossierId,
        data: { handoff: withoutBriefing(dto), reason }
      });
      // A permanent hand-off moved the dossier when it was made: withdrawing it moves it back (if the receiver
      // still owns it; else DS14 'conflict' and nothing is written).
      const back =
        h.kind === 'permanent'
          ? await deps.dossiers.draftOwnerChange({
              dossierId: h.dossierId,
              expectedOwnerId: h.toUserId,
              ownerId: h.fromUserId,
              actorId: actor.id,
              reason: reason ?? 'Hand-off cancelled'
            })
          : null;
      // Who acts changes only while the hand-off was in force (a temporary one past its until already lapsed).
      const inForce = h.kind === 'permanent' || (h.until !== null && h.createdAt <= now && now < h.until);
      const stored = await handoffs.withdraw(id, back?.change ?? null, [
        cancelled,
        ...(back?.events ?? []),
        ...(inForce ? [coverageChanged(h, actor.id)] : [])
      ]);
      if (!stored) throw new DomainError('conflict', 'this hand-off changed meanwhile');
      events.committed();
      return dto;
    },

    async get(actor, id) {
      const h = await load(id);
      await mayRead(actor, h);
      return toDTO(h);
    },

    async list(actor, query) {
      const found = await handoffs.listFor({
        userId: actor.id,
        role: query.role ?? 'any',
        statuses: query.status ? [query.status] : undefined,
        limit: query.limit
      });
      return { items: await toDTOs(found) };
    },

    async handoffsFor(userId) {
      const pending: HandoffStatus[] = ['pending'];
      const [toMe, fromMe] = await Promise.all([
        handoffs.listFor({ userId, role: 'to', statuses: pending, limit: DESK_LIMIT }),
        handoffs.listFor({ userId, role: 'from', statuses: pending, limit: DESK_LIMIT })
      ]);
      const unique = new Map([...toMe, ...fromMe].map((h) => [h.id, h]));
      return toDTOs([...unique.values()].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id)));
    },

    inForce: createHandoffsInForce(handoffs),

    async returnDue() {
      const now = clock.now();
      return batches(
        () => handoffs.dueReturns(now, JOB_BATCH),
        async (h) => {
          const dto = await toDTO({ ...h, status: 'returned', returnedAt: now });
          const returned: NewEvent = events.event('handoff.returned', {
            actorId: null,
            teamId: h.teamId,
            dossierId: h.dossierId,
            data: { handoff: withoutBriefing(dto) }
          });
          const won = await handoffs.claimReturn(h.id, now, [returned, coverageChanged(h, null)]);
          if (won) events.committed();
          return won;
        }
      );
    },

    async escalateDue() {
      const now = clock.now();
      const createdBefore = now - deps.escalateAfterMinutes * 60_000;
      return batches(
        () => handoffs.dueEscalations(createdBefore, JOB_BATCH),
        async (h) => {
          const managerIds = await deps.people.managersOf(h.teamId);
          const dto = await toDTO({ ...h, escalatedAt: now });
          const escalated = events.event('handoff.escalated', {
            actorId: null,
            teamId: h.teamId,
            dossierId: h.dossierId,
            data: { handoff: withoutBriefing(dto), managerIds }
          });
          const won = await handoffs.claimEscalation(h.id, now, [escalated, coverageChanged(h, null, managerIds)]);
          if (won) events.committed();
          return won;
        }
      );
    }
  };
}
