import { createHash, randomBytes } from 'node:crypto';
import {
  SUMMARY_MAX,
  type CreateIntakeKeyInput,
  type CreatedIntakeKeyDTO,
  type IntakeKeyDTO,
  type IntakeLeadInput,
  type IntakeLeadResultDTO
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import { draftInitialDocument } from '../history';
import type { EventOutbox } from '../feed';
import { addWorkingMinutes, type FollowupService, type TeamCalendarLookup } from '../followups';
import type { InteractionService } from '../interactions';
import type { IntakeKey, IntakeStore, LeadRecords } from './intake-store';
import { leadKeys, leadSummary, leadTags, roundRobinPick } from './intake.rules';

/** Keys look like `stk_<43 characters>`: 32 random bytes (256 bits) in base64url. */
const KEY_PREFIX = 'stk_';
const KEY_BYTES = 32;
/** Shown in lists: "stk_" and 4 characters, 24 bits of 256: tells keys apart, useless for guessing one. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 4;
/** Task titles hold 200 characters; a callback title is "Call back <name>" cut to fit a task row. */
const TITLE_MAX = 120;

/**
 * SHA-256, not a slow password hash: the key is 256 random bits, so there is nothing to brute-force, and a
 * fast hash lets every lead be authenticated by an indexed equality lookup.
 */
export const hashIntakeKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Who may take a lead at a time: app.ts passes continuity's `coverage.isAvailable` (active and not absent), so
 * round robin skips absent colleagues (design.md: coverage rule). Default: everybody is available.
 */
export type LeadAvailability = (options: { userId: string; teamId: string; at: number }) => Promise<boolean>;

/**
 * Who acts for a known dossier at `at` (continuity's coverage: the absent owner's stand-in), null in a coverage
 * gap. A lead for an absent owner's customer lands with them (issue #9). Default: nobody (round robin decides).
 */
export type LeadActingOwner = (options: { dossier: Dossier; at: number }) => Promise<string | null>;

export interface IntakeService {
  createKey(actor: User, teamId: string, input: CreateIntakeKeyInput): Promise<CreatedIntakeKeyDTO>;
  listKeys(actor: User, teamId: string): Promise<IntakeKeyDTO[]>;
  revokeKey(actor: User, teamId: string, keyId: string): Promise<void>;
  /** The active key a bearer token names; 'unauthenticated' when missing, unknown or revoked. */
  authenticate(bearer: string | undefined): Promise<IntakeKey>;
  /** Records a lead for the key's team (see the ordering note in the body). */
  receive(key: IntakeKey, input: IntakeLeadInput): Promise<IntakeLeadResultDTO>;
}

export function createIntakeService(deps: {
  intake: IntakeStore;
  dossiers: Pick<DossierService, 'draftCreate' | 'find'>;
  interactions: Pick<InteractionService, 'draftLog'>;
  followups: Pick<FollowupService, 'draftCreate'>;
  people: {
    get(id: string): Promise<User | null>;
    namesOf(ids: string[]): Promise<Map<string, string>>;
    /** Every user of a team (roles decide who takes leads). */
    membersOf(teamId: string): Promise<User[]>;
  };
  calendarOf: TeamCalendarLookup;
  /** INTAKE_CALLBACK_WITHIN_MINUTES: working minutes from arrival to the callback's due time. */
  callbackWithinMinutes: number;
  isAvailable?: LeadAvailability;
  actingOwnerOf?: LeadActingOwner;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): IntakeService {
  const { intake, events, clock } = deps;
  const isAvailable: LeadAvailability = deps.isAvailable ?? (async () => true);

  function checkManager(actor: User, teamId: string): void {
    const manages = actor.role === 'admin' || (actor.role === 'manager' && actor.teamIds.includes(teamId));
    if (!manages) throw new DomainError('forbidden', 'only managers of this team and admins manage its intake keys');
  }

  async function toDTOs(keys: IntakeKey[]): Promise<IntakeKeyDTO[]> {
    const names = await deps.people.namesOf([...new Set(keys.map((k) => k.createdBy))]);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return keys.map((k) => ({
      id: k.id,
      teamId: k.teamId,
      label: k.label,
      prefix: k.prefix,
      createdAt: new Date(k.createdAt).toISOString(),
      createdBy: k.createdBy,
      createdByName: names.get(k.createdBy) ?? '',
      revokedAt: iso(k.revokedAt),
      lastUsedAt: iso(k.lastUsedAt)
    }));
  }

  /** R4: reps of the team first; a team without available reps gives its leads to its managers. */
  async function roundRobin(teamId: string, at: number): Promise<User> {
    const members = await deps.people.membersOf(teamId);
    const available = async (role: User['role']) => {
      const out: User[] = [];
      for (const u of members.filter((m) => m.role === role)) {
        if (await isAvailable({ userId: u.id, teamId, at })) out.push(u);
      }
      return out;
    };
    let candidates = await available('rep');
    if (candidates.length === 0) candidates = await available('manager');
    const pick = roundRobinPick({ turn: await intake.nextTurn(teamId), candidates: candidates.map((c) => c.id) });
    if (!pick) throw new DomainError('conflict', 'nobody in this team can take leads right now');
    return candidates.find((c) => c.id === pick)!;
  }

  /**
   * The owner of a known customer takes the callback, if still in the team and available; while they are away,
   * whoever acts for the dossier (their stand-in, possibly of another team: coverage lets them edit it);
   * otherwise (a coverage gap, or the owner left the team) round robin.
   */
  async function assigneeFor(teamId: string, dossier: Dossier, at: number): Promise<User> {
    const owner = await deps.people.get(dossier.ownerId);
    if (owner && owner.role !== 'viewer' && owner.teamIds.includes(teamId)) {
      if (await isAvailable({ userId: owner.id, teamId, at })) return owner;
      const actingId = deps.actingOwnerOf ? await deps.actingOwnerOf({ dossier, at }) : null;
      const acting = actingId && actingId !== owner.id ? await deps.people.get(actingId) : null;
      if (acting && acting.role !== 'viewer') return acting;
    }
    return roundRobin(teamId, at);
  }

  return {
    async createKey(actor, teamId, input) {
      checkManager(actor, teamId);
      const secret = KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
      const key: IntakeKey = {
        id: deps.ids.next(),
        teamId,
        label: input.label || null,
        hash: hashIntakeKey(secret),
        prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
        createdAt: clock.now(),
        createdBy: actor.id,
        revokedAt: null,
        lastUsedAt: null
      };
      const created = events.event('intake_key.created', {
        actorId: actor.id,
        teamId,
        dossierId: null,
        data: { keyId: key.id, label: key.label, prefix: key.prefix }
      });
      await intake.createKey(key, [created]);
      events.committed();
      const [dto] = await toDTOs([key]);
      return { ...dto, key: secret };
    },

    async listKeys(actor, teamId) {
      checkManager(actor, teamId);
      return toDTOs(await intake.listKeys(teamId));
    },

    async revokeKey(actor, teamId, keyId) {
      checkManager(actor, teamId);
      const existing = (await intake.listKeys(teamId)).find((k) => k.id === keyId);
      if (!existing) throw new DomainError('not_found', 'intake key not found');
      const revoked = events.event('intake_key.revoked', {
        actorId: actor.id,
        teamId,
        dossierId: null,
        data: { keyId, prefix: existing.prefix }
      });
      await intake.revokeKey({ teamId, id: keyId, at: clock.now(), events: [revoked] });
      events.committed();
    },

    async authenticate(bearer) {
      if (!bearer) throw new DomainError('unauthenticated', 'send the intake key as Authorization: Bearer <key>');
      const key = await intake.findKeyByHash(hashIntakeKey(bearer));
      if (!key || key.revokedAt !== null) throw new DomainError('unauthenticated', 'unknown or revoked intake key');
      return key;
    },

    /*
     * One lead, one transaction (IntakeStore IL3): the services only DRAFT their records here (dossier with its
     * first document state and version, inbound interaction, callback, with their events) and the intake store
     * writes them all at once — a crash leaves either the whole lead or nothing, so a retry never repairs.
     * A port method rather than a generic Store.transaction(fn): SQLite transactions are synchronous (an
     * awaited callback would let other requests' writes into ours) and each adapter keeps its own writes.
     * Duplicate race (IL4): two identical leads at once both find no dossier and both draft one; the store
     * lets the first claim the lead's keys and answers the second with { duplicateOf }: that lead is then
     * drafted again, as a duplicate on the winner's dossier.
     */
    async receive(key, input) {
      const teamId = key.teamId;
      await intake.touchKey(key.id, clock.now());
      const keys = leadKeys(input);
      let knownId = await intake.findLead(teamId, keys);
      for (let attempt = 0; ; attempt++) {
        const known = knownId ? await deps.dossiers.find(knownId) : null;
        const lead = await draftLead({ key, input, keys, known });
        const { duplicateOf } = await intake.recordLead(lead.records);
        if (duplicateOf === null) {
          events.committed();
          return { dossierId: lead.records.dossierId, taskId: lead.taskId, duplicate: known !== null };
        }
        // Only a new lead can lose the race, and its retry is a duplicate: it cannot lose twice.
        if (attempt > 0) throw new DomainError('conflict', 'the lead could not be recorded; send it again');
        knownId = duplicateOf;
      }
    }
  };

  /** Every record and event of one lead, for IntakeStore.recordLead (nothing is written here). */
  async function draftLead(options: {
    key: IntakeKey;
    input: IntakeLeadInput;
    keys: string[];
    known: Dossier | null;
  }): Promise<{ records: LeadRecords; taskId: string }> {
    const { key, input, keys, known } = options;
    const teamId = key.teamId;
    const now = clock.now();
    const written: LeadRecords['events'][number][] = [];
    let dossier: Dossier;
    let assignee: User;
    let newDossier: LeadRecords['newDossier'];
    if (known) {
      assignee = await assigneeFor(teamId, known, now);
      dossier = known;
    } else {
      assignee = await roundRobin(teamId, now);
      const draft = await deps.dossiers.draftCreate(assignee, {
        company: input.company ?? input.name,
        teamId,
        ownerId: assignee.id,
        stage: 'lead',
        tags: leadTags(input)
      });
      dossier = draft.dossier;
      written.push(...draft.events);
      newDossier = {
        dossier,
        ...draftInitialDocument({
          dossierId: dossier.id,
          versionId: deps.ids.next(),
          createdAt: dossier.createdAt,
          createdBy: assignee.id,
          content: { fields: { company: dossier.company, city: dossier.city, industry: dossier.industry } }
        })
      };
    }
    // Also for a duplicate: a new e-mail address of a known person finds this dossier next time.
    written.push(
      events.event('intake.lead_received', {
        actorId: null,
        teamId,
        dossierId: dossier.id,
        data: {
          source: input.source ?? null,
          campaign: input.campaign ?? null,
          duplicate: known !== null,
          assigneeId: assignee.id,
          keyId: key.id
        }
      })
    );
    const message = await deps.interactions.draftLog({
      actor: assignee,
      dossier,
      input: {
        type: 'note',
        pointOfSale: 'web_shop',
        direction: 'inbound',
        contactName: input.name,
        summary: leadSummary(input, SUMMARY_MAX)
      }
    });
    written.push(...message.events);
    const { timeZone, workingHours } = await deps.calendarOf(teamId);
    const dueAt = addWorkingMinutes({ from: now, minutes: deps.callbackWithinMinutes, timeZone, workingHours });
    const title = `Call back ${input.name}${input.company ? ` (${input.company})` : ''}`;
    const callback = await deps.followups.draftCreate({
      actor: assignee,
      dossier,
      input: {
        kind: 'callback',
        title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
        dueAt: new Date(dueAt).toISOString(),
        assigneeId: assignee.id,
        interactionId: message.interaction.id
      }
    });
    written.push(...callback.events);
    return {
      records: {
        teamId,
        dossierId: dossier.id,
        keys,
        at: now,
        newDossier,
        interaction: message.interaction,
        task: callback.task,
        events: written
      },
      taskId: callback.task.id
    };
  }
}
