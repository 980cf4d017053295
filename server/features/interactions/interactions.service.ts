import {
  isInteractionType,
  type CorrectInteractionInput,
  type LoggedInteractionDTO,
  type LogInteractionInput,
  type SystemEntryType,
  type TimelineItemDTO,
  type TicketSeverity,
  type TimelinePage,
  type TimelineQuery
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { EventType, NewEvent, StoredEvent } from '../../kernel/events';
import { decodeTimelineCursor, encodeTimelineCursor, type TimelineKey } from '../../kernel/timeline-cursor';
import { systemEntryOf, systemEntryTypeOf, timelineEventTypes } from '../../kernel/timeline-entries';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { ActivityStore, EventOutbox } from '../feed';
import { peopleOf, toInteractionItem } from './interaction-dto';
import { applyCorrection, type Interaction, type InteractionPatch, type InteractionStore } from './interaction-store';
import { isTooFarAhead, mayCarryAmount, mayCorrect, mayLog } from './interactions.rules';

/**
 * Opens a ticket for a logged complaint (the tasks feature provides it; app.ts injects it). Declared here
 * structurally so interactions does not import tasks (tasks may well import interactions).
 */
export type OpenTicket = (options: {
  dossierId: string;
  title: string;
  actor: User;
  interactionId: string;
  /** The complaint's severity as logged; the ticket's due time follows it (default normal). */
  severity?: TicketSeverity;
}) => Promise<{ id: string }>;

export interface InteractionService {
  /** One page of a dossier's timeline: interactions and system entries, newest first (at desc, id desc). */
  timeline(actor: User, dossierId: string, query: TimelineQuery): Promise<TimelinePage>;
  /** Logs an interaction (rules I1, I3, I4); a complaint also opens a ticket when OpenTicket is injected. */
  log(actor: User, dossierId: string, input: LogInteractionInput): Promise<LoggedInteractionDTO>;
  /**
   * The interaction log would write and its interaction.logged event, not written and without an access check
   * (the caller decided): lead intake stores a lead's message with its dossier in one transaction.
   */
  draftLog(options: {
    actor: User;
    dossier: Dossier;
    input: LogInteractionInput;
  }): Promise<{ interaction: Interaction; events: NewEvent[] }>;
  /** Corrects an interaction, keeping the earlier text (I2, I3, I4). */
  correct(actor: User, id: string, input: CorrectInteractionInput): Promise<TimelineItemDTO>;
}

/** A complaint's ticket title: the start of what was said (80 characters fit a task row). */
const ticketTitle = (summary: string) => (summary.length > 80 ? `${summary.slice(0, 79)}…` : summary);

const parseAt = (iso: string) => Date.parse(iso);

export function createInteractionService(deps: {
  interactions: InteractionStore;
  activity: ActivityStore;
  dossiers: Pick<DossierService, 'authorize'>;
  people: { namesOf(ids: string[]): Promise<Map<string, string>> };
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
  openTicket?: OpenTicket;
  /** Stage moves that follow from what was logged (an order makes a lead or prospect a customer: rule L4). */
  lifecycle?: Pick<DossierService, 'followLifecycleEvent'>;
}): InteractionService {
  const { events, clock } = deps;

  function checkAt(at: number): void {
    if (isTooFarAhead(at, clock.now())) throw new DomainError('invalid', 'at: may not lie in the future');
  }

  /**
   * Up to `limit` of the dossier's system events after `before` that become entries of `entryType` (any
   * when undefined). One event type can become several entry types (task.completed: task_done, or
   * ticket_resolved for a ticket), so a filtered read keeps only the wanted ones and reads on until the
   * page is full or the log ends — a filtered page is as full, and its cursor as exact, as any other.
   */
  async function readSystemEvents(options: {
    dossierId: string;
    types: EventType[];
    entryType: SystemEntryType | undefined;
    before: TimelineKey | undefined;
    limit: number;
  }): Promise<StoredEvent[]> {
    const { dossierId, types, entryType, limit } = options;
    const found: StoredEvent[] = [];
    let before = options.before;
    while (types.length && found.length < limit) {
      const batch = await deps.activity.listForDossier(dossierId, { types, before, limit });
      found.push(...batch.filter((event) => entryType === undefined || systemEntryTypeOf(event) === entryType));
      const last = batch.at(-1);
      if (batch.length < limit || !last) break;
      before = last;
    }
    return found.slice(0, limit);
  }

  async function itemOf(interaction: Interaction): Promise<TimelineItemDTO> {
    return toInteractionItem(interaction, await deps.people.namesOf(peopleOf(interaction)));
  }

  async function draftLog({ actor, dossier, input }: { actor: User; dossier: Dossier; input: LogInteractionInput }) {
    const now = clock.now();
    const at = input.at ? parseAt(input.at) : now;
    checkAt(at);
    const interaction: Interaction = {
      id: deps.ids.next(),
      dossierId: dossier.id,
      teamId: dossier.teamId,
      type: input.type,
      at,
      pointOfSale: input.pointOfSale,
      direction: input.direction ?? null,
      contactName: input.contactName || null,
      summary: input.summary,
      amount: input.amount ?? null,
      authorId: actor.id,
      createdAt: now,
      corrections: []
    };
    const item = await itemOf(interaction);
    const logged = events.event('interaction.logged', {
      actorId: actor.id,
      teamId: dossier.teamId,
      dossierId: dossier.id,
      data: { item }
    });
    return { interaction, item, events: [logged] as NewEvent[] };
  }

  return {
    draftLog,

    async timeline(actor, dossierId, query) {
      await deps.dossiers.authorize(actor, dossierId);
      const before = query.cursor ? decodeTimelineCursor(query.cursor) : undefined;
      const interactionType = query.type && isInteractionType(query.type) ? query.type : undefined;
      const wantsInteractions = !query.type || interactionType !== undefined;
      // System entries have no point of sale and no interaction type: either filter leaves them out.
      const systemType = query.type && !isInteractionType(query.type) ? query.type : undefined;
      const systemTypes = query.pointOfSale || interactionType ? [] : timelineEventTypes(systemType);
      const [page, systemEvents] = await Promise.all([
        wantsInteractions
          ? deps.interactions.page(dossierId, {
              type: interactionType,
              pointOfSale: query.pointOfSale,
              cursor: query.cursor,
              limit: query.limit
            })
          : { items: [], nextCursor: null },
        readSystemEvents({ dossierId, types: systemTypes, entryType: systemType, before, limit: query.limit + 1 })
      ]);
      // Both sources come sorted by (at desc, id desc) after the same cursor; take the first `limit` of
      // their merge. More remain when the merge overflows or the interaction source has a further page.
      type Candidate = { key: TimelineKey } & (
        { interaction: Interaction; event?: never } | { event: StoredEvent; interaction?: never }
      );
      const candidates: Candidate[] = [
        ...page.items.map((interaction) => ({ key: interaction, interaction })),
        ...systemEvents.map((event) => ({ key: event, event }))
      ].sort((a, b) => b.key.at - a.key.at || (a.key.id < b.key.id ? 1 : a.key.id > b.key.id ? -1 : 0));
      const taken = candidates.slice(0, query.limit);
      const more = candidates.length > query.limit || page.nextCursor !== null;
      const names = await deps.people.namesOf([
        ...new Set(
          taken.flatMap((c) => (c.interaction ? peopleOf(c.interaction) : c.event.actorId ? [c.event.actorId] : []))
        )
      ]);
      const items = taken.map((c) =>
        c.interaction
          ? toInteractionItem(c.interaction, names)
          : systemEntryOf(c.event, c.event.actorId ? (names.get(c.event.actorId) ?? '') : '')!
      );
      const last = taken.at(-1);
      return { items, nextCursor: more && last ? encodeTimelineCursor(last.key) : null };
    },

    async log(actor, dossierId, input) {
      const { dossier, access } = await deps.dossiers.authorize(actor, dossierId);
      if (!mayLog(access)) throw new DomainError('forbidden', 'you may not log on this dossier');
      const { interaction, item, events: logged } = await draftLog({ actor, dossier, input });
      await deps.interactions.add(interaction, logged);
      events.committed();
      // The stage move is the dossiers feature's own change with its own event; a failure there leaves the
      // order logged (the record of what happened), like the ticket below.
      if (input.type === 'order' && deps.lifecycle) {
        await deps.lifecycle.followLifecycleEvent({ dossierId, event: { type: 'order_placed' }, reason: null });
      }
      // The ticket is a second write in another feature: a failure there leaves the complaint logged (it is
      // the record of what the customer said) and surfaces as an error the user can retry from the ticket list.
      if (input.type === 'complaint' && deps.openTicket) {
        const ticket = await deps.openTicket({
          dossierId,
          title: ticketTitle(input.summary),
          actor,
          interactionId: interaction.id,
          severity: input.severity
        });
        return { ...item, ticketId: ticket.id };
      }
      return item;
    },

    async correct(actor, id, input) {
      const current = await deps.interactions.get(id);
      if (!current) throw new DomainError('not_found', 'interaction not found');
      const { dossier, access } = await deps.dossiers.authorize(actor, current.dossierId);
      if (!mayCorrect({ actor, authorId: current.authorId, access })) {
        throw new DomainError('forbidden', 'only the author or an editor of the dossier may correct this entry');
      }
      if (input.amount !== undefined && input.amount !== null && !mayCarryAmount(current.type)) {
        throw new DomainError('invalid', 'amount: only offers and orders carry an amount');
      }
      const patch: InteractionPatch = {
        summary: input.summary,
        contactName: input.contactName === undefined ? undefined : input.contactName || null,
        at: input.at === undefined ? undefined : parseAt(input.at),
        pointOfSale: input.pointOfSale,
        direction: input.direction,
        amount: input.amount
      };
      if (patch.at !== undefined) checkAt(patch.at);
      const now = clock.now();
      // The event carries the entry as this correction leaves it; the store applies the same patch in its
      // transaction (applyCorrection), so both agree unless two corrections race — then the stored chain is
      // still complete and the later push carries the later text.
      const item = await itemOf(applyCorrection(current, patch, actor.id, now));
      const corrected = events.event('interaction.corrected', {
        actorId: actor.id,
        teamId: dossier.teamId,
        dossierId: dossier.id,
        data: { item }
      });
      const stored = await deps.interactions.correct(id, patch, actor.id, now, [corrected]);
      if (!stored) throw new DomainError('not_found', 'interaction not found');
      events.committed();
      return itemOf(stored);
    }
  };
}
