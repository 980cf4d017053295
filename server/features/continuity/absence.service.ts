import type {
  AbsenceDTO,
  AbsenceListQuery,
  PatchAbsenceInput,
  RecordAbsenceInput,
  SetDeputyInput
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { NewEvent } from '../../kernel/events';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { EventOutbox } from '../feed';
import type { UserService } from '../identity';
import { absenceEnd, type Absence, type AbsenceStore } from './absence-store';
import { absenceDTO, coverageAbsence, mayManageAbsencesOf, notInForce } from './absences.rules';
import { createCoverageChangeEvents } from './coverage-change-events';
import type { CoverageGapTracker } from './coverage-gaps';
import type { CoverageEngine, CoverageOverlay } from './create-coverage-service';

export interface AbsenceService {
  /** POST /api/absences (AR1): an absence starting now also starts at once (absence.started). */
  record(actor: User, input: RecordAbsenceInput): Promise<AbsenceDTO>;
  /** PATCH /api/absences/:id: a planned one may move; a running one may change `to`, hand-to, kind, note. */
  update(actor: User, id: string, input: PatchAbsenceInput): Promise<AbsenceDTO>;
  /** POST /api/absences/:id/end: ends a running absence now, or cancels a planned one. */
  end(actor: User, id: string): Promise<AbsenceDTO>;
  /** GET /api/absences: absences overlapping [from, to) of a team's members (default: the actor's teams). */
  list(actor: User, query: AbsenceListQuery): Promise<AbsenceDTO[]>;
  /** PUT /api/users/:id/deputy (AR2). */
  setDeputy(actor: User, userId: string, input: SetDeputyInput): Promise<{ userId: string; deputyId: string | null }>;
  /** The person's current absence, else their next one (the desk's "you are away until …"). */
  currentOrNext(userId: string): Promise<AbsenceDTO | null>;
  /** Job: writes absence.started for every absence whose start came, each exactly once (AB6/AB7). */
  startDue(): Promise<number>;
  /** Job: writes absence.ended for every absence whose end came, each exactly once (AB8/AB9). */
  endDue(): Promise<number>;
}

const DAY = 86_400_000;
/** GET without a window: from a week ago to three months ahead (the absence calendar's default view). */
const DEFAULT_WINDOW = { before: 7 * DAY, after: 92 * DAY };
const JOB_BATCH = 100;

export function createAbsenceService(deps: {
  absences: AbsenceStore;
  people: Pick<UserService, 'get' | 'namesOf' | 'membersOf' | 'listAll' | 'setDeputy'>;
  coverage: Pick<CoverageEngine, 'impact'>;
  /** Gap events written with each coverage change (issue #9 KPIs); none when not wired. */
  gaps?: Pick<CoverageGapTracker, 'eventsFor'>;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): AbsenceService {
  const { absences, people, events, clock } = deps;
  const changeEvents = createCoverageChangeEvents({ coverage: deps.coverage, gaps: deps.gaps, events });

  async function dtos(list: Absence[]): Promise<AbsenceDTO[]> {
    const names = await people.namesOf([...new Set(list.flatMap((a) => [a.userId, a.handToId ?? a.userId]))]);
    const now = clock.now();
    return list.map((a) => absenceDTO(a, names, now));
  }

  async function activePerson(id: string, what: string): Promise<User> {
    const user = await people.get(id);
    if (!user) throw new DomainError(what === 'person' ? 'not_found' : 'invalid', `${what} not found`);
    if (user.deactivatedAt !== null) throw new DomainError('invalid', `${what} is no longer active`);
    return user;
  }

  async function managed(actor: User, absenceId: string): Promise<{ absence: Absence; person: User }> {
    const absence = await absences.get(absenceId);
    if (!absence) throw new DomainError('not_found', 'absence not found');
    const person = await people.get(absence.userId);
    if (!person || !mayManageAbsencesOf(actor, person)) throw new DomainError('forbidden', 'not your absence');
    return { absence, person };
  }

  async function checkHandTo(handToId: string | null | undefined, userId: string) {
    if (!handToId) return;
    if (handToId === userId) throw new DomainError('invalid', 'an absence cannot be handed to the absent person');
    await activePerson(handToId, 'hand-to colleague');
  }

  /** coverage.changed and gap events for a change (coverage-change-events.ts). */
  const coverageEvent = async (
    actorId: string | null,
    person: User,
    at: number,
    overlays: { before?: CoverageOverlay; after?: CoverageOverlay },
    cause: string,
    extraUserIds: Array<string | null> = []
  ): Promise<NewEvent[]> => changeEvents({ actorId, person, at, overlays, cause, extraUserIds });

  const event = <T extends 'absence.recorded' | 'absence.updated' | 'absence.started'>(
    type: T,
    actorId: string | null,
    person: User,
    dto: AbsenceDTO
  ) => events.event(type, { actorId, teamId: person.teamIds[0] ?? null, dossierId: null, data: { absence: dto } });

  const ended = (actorId: string | null, person: User, dto: AbsenceDTO, early: boolean) =>
    events.event('absence.ended', {
      actorId,
      teamId: person.teamIds[0] ?? null,
      dossierId: null,
      data: { absence: dto, early }
    });

  return {
    async record(actor, input) {
      const person = await activePerson(input.userId, 'person');
      if (!mayManageAbsencesOf(actor, person)) throw new DomainError('forbidden', 'not allowed for this person');
      const now = clock.now();
      const from = input.from ? Date.parse(input.from) : now;
      const to = Date.parse(input.to);
      if (!(to > from)) throw new DomainError('invalid', 'the absence must end after it starts');
      if (to <= now) throw new DomainError('invalid', 'the absence is already over');
      await checkHandTo(input.handToId, person.id);
      const startsNow = from <= now;
      const absence: Absence = {
        id: deps.ids.next(),
        userId: person.id,
        kind: input.kind,
        from,
        to,
        handToId: input.handToId ?? null,
        note: input.note || null,
        endedAt: null,
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
        startedFiredAt: startsNow ? now : null,
        endedFiredAt: null,
        version: 1
      };
      const [dto] = await dtos([absence]);
      const written: NewEvent[] = [event('absence.recorded', actor.id, person, dto)];
      if (startsNow) {
        written.push(event('absence.started', actor.id, person, dto));
        const overlays = { after: { absences: [coverageAbsence(absence)] } };
        written.push(...(await coverageEvent(actor.id, person, now, overlays, 'absence.started')));
      }
      await absences.create(absence, written);
      events.committed();
      return dto;
    },

    async update(actor, id, input) {
      const { absence, person } = await managed(actor, id);
      const now = clock.now();
      if (absence.endedAt !== null || absenceEnd(absence) <= now) throw new DomainError('conflict', 'absence is over');
      const running = absence.from <= now;
      const next: Absence = {
        ...absence,
        kind: input.kind ?? absence.kind,
        from: input.from ? Date.parse(input.from) : absence.from,
        to: input.to ? Date.parse(input.to) : absence.to,
        handToId: input.handToId === undefined ? absence.handToId : input.handToId,
        note: input.note === undefined ? absence.note : input.note || null,
        updatedAt: now
      };
      if (running && next.from !== absence.from) throw new DomainError('invalid', 'a running absence keeps its start');
      if (!(next.to > next.from)) throw new DomainError('invalid', 'the absence must end after it starts');
      if (next.to <= now) throw new DomainError('invalid', 'to end an absence now, use end');
      await checkHandTo(next.handToId, person.id);
      const startsNow = !running && next.from <= now;
      if (startsNow) next.startedFiredAt = now;
      const [dto] = await dtos([next]);
      const written: NewEvent[] = [event('absence.updated', actor.id, person, dto)];
      if (startsNow) written.push(event('absence.started', actor.id, person, dto));
      const overlays = { after: { absences: [coverageAbsence(next)] } };
      const extra = [absence.handToId, next.handToId];
      // A planned absence moves nobody's cases yet (its desk pushes follow absence.updated itself).
      if (running || startsNow)
        written.push(...(await coverageEvent(actor.id, person, now, overlays, 'absence.updated', extra)));
      const stored = await absences.update(next, absence.version, written);
      if (!stored) throw new DomainError('conflict', 'the absence changed meanwhile; reload and try again');
      events.committed();
      return dto;
    },

    async end(actor, id) {
      const { absence, person } = await managed(actor, id);
      const now = clock.now();
      if (absence.endedAt !== null || absenceEnd(absence) <= now) throw new DomainError('conflict', 'absence is over');
      const [dto] = await dtos([{ ...absence, endedAt: now }]);
      const overlays = { after: { absences: [coverageAbsence({ ...absence, endedAt: now })] } };
      const written: NewEvent[] = [
        ended(actor.id, person, dto, true),
        ...(await coverageEvent(actor.id, person, now, overlays, 'absence.ended', [absence.handToId]))
      ];
      const stored = await absences.end({ id, at: now, events: written });
      if (!stored) throw new DomainError('conflict', 'the absence changed meanwhile; reload and try again');
      events.committed();
      return dto;
    },

    async list(actor, query) {
      const now = clock.now();
      const from = query.from ? Date.parse(query.from) : now - DEFAULT_WINDOW.before;
      const to = query.to ? Date.parse(query.to) : now + DEFAULT_WINDOW.after;
      if (!(to > from)) throw new DomainError('invalid', '`to` must be after `from`');
      let userIds: string[] | 'all';
      if (query.userId) {
        const person = await people.get(query.userId);
        if (!person || !(mayManageAbsencesOf(actor, person) || person.teamIds.some((t) => actor.teamIds.includes(t))))
          throw new DomainError('forbidden', 'not a colleague');
        userIds = [person.id];
      } else if (query.team) {
        if (actor.role !== 'admin' && !actor.teamIds.includes(query.team))
          throw new DomainError('forbidden', 'not a member of that team');
        userIds = (await people.membersOf(query.team)).map((u) => u.id);
      } else if (actor.role === 'admin') {
        userIds = 'all';
      } else {
        const members = await Promise.all(actor.teamIds.map((t) => people.membersOf(t)));
        userIds = [...new Set([actor.id, ...members.flat().map((u) => u.id)])];
      }
      return dtos(await absences.listOverlapping({ userIds, from, to }));
    },

    async setDeputy(actor, userId, input) {
      const person = await activePerson(userId, 'person');
      if (!mayManageAbsencesOf(actor, person)) throw new DomainError('forbidden', 'not allowed for this person');
      if (input.deputyId === person.id) throw new DomainError('invalid', 'nobody deputises for themself');
      if (input.deputyId) await activePerson(input.deputyId, 'deputy');
      const now = clock.now();
      const teamId = person.teamIds[0] ?? null;
      const written: NewEvent[] = [
        events.event('deputy.changed', {
          actorId: actor.id,
          teamId,
          dossierId: null,
          data: { userId: person.id, deputyId: input.deputyId }
        }),
        ...(await coverageEvent(
          actor.id,
          person,
          now,
          { after: { people: [{ id: person.id, active: true, deputyId: input.deputyId }] } },
          'deputy.changed',
          [person.deputyId, input.deputyId]
        ))
      ];
      const stored = await people.setDeputy({ userId: person.id, deputyId: input.deputyId, events: written });
      if (!stored) throw new DomainError('not_found', 'person not found');
      events.committed();
      return { userId: person.id, deputyId: stored.deputyId };
    },

    async currentOrNext(userId) {
      const now = clock.now();
      const list = await absences.listOverlapping({ userIds: [userId], from: now, to: now + DEFAULT_WINDOW.after });
      const [first] = list.sort((a, b) => a.from - b.from);
      return first ? ((await dtos([first]))[0] ?? null) : null;
    },

    async startDue() {
      let fired = 0;
      for (;;) {
        const now = clock.now();
        const due = await absences.dueStarts(now, JOB_BATCH);
        for (const absence of due) {
          const person = await people.get(absence.userId);
          // A person deleted meanwhile: claim it silently so it never blocks the queue.
          if (!person) await absences.claimStart(absence.id, now, []);
          if (!person) continue;
          const [dto] = await dtos([absence]);
          const overlays = { before: { absences: [notInForce(absence)] } };
          const written = [
            event('absence.started', null, person, dto),
            ...(await coverageEvent(null, person, now, overlays, 'absence.started', [absence.handToId]))
          ];
          if (await absences.claimStart(absence.id, now, written)) fired++;
        }
        if (fired) events.committed();
        if (due.length < JOB_BATCH) return fired;
      }
    },

    async endDue() {
      let fired = 0;
      for (;;) {
        const now = clock.now();
        const due = await absences.dueEnds(now, JOB_BATCH);
        for (const absence of due) {
          const person = await people.get(absence.userId);
          if (!person) await absences.claimEnd(absence.id, now, []);
          if (!person) continue;
          const [dto] = await dtos([absence]);
          const stillAway = { ...coverageAbsence(absence), endedAt: null, to: now + 1 };
          const overlays = { before: { absences: [stillAway] } };
          const written = [
            ended(null, person, dto, false),
            ...(await coverageEvent(null, person, now, overlays, 'absence.ended', [absence.handToId]))
          ];
          if (await absences.claimEnd(absence.id, now, written)) fired++;
        }
        if (fired) events.committed();
        if (due.length < JOB_BATCH) return fired;
      }
    }
  };
}
