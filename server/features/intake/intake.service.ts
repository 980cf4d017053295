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
import type { EventOutbox } from '../feed';
import { addWorkingMinutes, type FollowupService, type TeamCalendarLookup } from '../followups';
import type { InteractionService } from '../interactions';
import type { IntakeKey, IntakeStore } from './intake-store';
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
  dossiers: Pick<DossierService, 'create' | 'find'>;
  interactions: Pick<InteractionService, 'log'>;
  followups: Pick<FollowupService, 'create'>;
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
     * Order, so that nothing is half-written in a way a retry would duplicate:
     * 1. duplicate lookup in the team's lead ledger (R1);
     * 2. for a new lead: the dossier (dossiers.create), then AT ONCE its ledger keys — from here on the same
     *    lead (a retry with the same body) is a duplicate of this dossier, never a second one;
     * 3. the inbound interaction; 4. the callback task.
     * If 3 or 4 fails, the answer (500) names the dossier and says what is missing; sending the lead again
     * lands on that dossier (200, duplicate) and adds the interaction and callback. A failure inside 2 (between
     * the dossier row and its ledger keys, one local write apart) is the one window that can leave a lead
     * dossier a retry does not find.
     */
    async receive(key, input) {
      const now = clock.now();
      const teamId = key.teamId;
      await intake.touchKey(key.id, now);
      const keys = leadKeys(input);
      const knownId = await intake.findLead(teamId, keys);
      const known = knownId ? await deps.dossiers.find(knownId) : null;
      let dossierId: string;
      let assignee: User;
      if (known) {
        assignee = await assigneeFor(teamId, known, now);
        dossierId = known.id;
      } else {
        assignee = await roundRobin(teamId, now);
        const dossier = await deps.dossiers.create(assignee, {
          company: input.company ?? input.name,
          teamId,
          ownerId: assignee.id,
          stage: 'lead',
          tags: leadTags(input)
        });
        dossierId = dossier.id;
      }
      // Also for a duplicate: a new e-mail address of a known person finds this dossier next time.
      const received = events.event('intake.lead_received', {
        actorId: null,
        teamId,
        dossierId,
        data: {
          source: input.source ?? null,
          campaign: input.campaign ?? null,
          duplicate: known !== null,
          assigneeId: assignee.id,
          keyId: key.id
        }
      });
      await intake.recordLead({ teamId, dossierId, keys, at: now, events: [received] });
      events.committed();

      const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
        try {
          return await run();
        } catch (error) {
          const reason = error instanceof DomainError ? `: ${error.message}` : '';
          throw new DomainError(
            'internal',
            `the lead was recorded on dossier ${dossierId}, but its ${what} could not be written${reason}; ` +
              'sending the same lead again adds it to that dossier'
          );
        }
      };
      const interaction = await step('message', () =>
        deps.interactions.log(assignee, dossierId, {
          type: 'note',
          pointOfSale: 'web_shop',
          direction: 'inbound',
          contactName: input.name,
          summary: leadSummary(input, SUMMARY_MAX)
        })
      );
      const { timeZone, workingHours } = await deps.calendarOf(teamId);
      const dueAt = addWorkingMinutes({ from: now, minutes: deps.callbackWithinMinutes, timeZone, workingHours });
      const title = `Call back ${input.name}${input.company ? ` (${input.company})` : ''}`;
      const task = await step('callback', () =>
        deps.followups.create(assignee, {
          dossierId,
          kind: 'callback',
          title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
          dueAt: new Date(dueAt).toISOString(),
          assigneeId: assignee.id,
          interactionId: interaction.id
        })
      );
      return { dossierId, taskId: task.id, duplicate: known !== null };
    }
  };
}
