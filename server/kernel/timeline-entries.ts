import type { SystemEntryDetails, SystemEntryType, TimelineItemDTO } from '../../src/lib/contract';
import type { EventType, StoredEvent } from './events';

/**
 * Which domain events become SYSTEM entries on a dossier's timeline, and how — declared as data next to the
 * event map (design.md → "The event path"), with the reason for each. The timeline reads these events of the
 * dossier from the activity log and merges them with the interactions people logged, so a system entry
 * needs no table of its own and can never disagree with what happened.
 *
 * An event type not listed here never appears on a timeline (edits, versions, logins: too many and not
 * about the customer).
 */
interface TimelineEntryRule<T extends EventType> {
  /** The entry type; when `entryOf` is given, the one for events it does not pick otherwise. */
  entry: SystemEntryType;
  /**
   * For an event type that becomes different entries (a done ticket is `ticket_resolved`, other done tasks
   * `task_done`): the entry type of this event. `alsoEntries` lists the types it can pick besides `entry`,
   * so a filter by entry type knows which event types to read.
   */
  entryOf?(event: StoredEvent<T>): SystemEntryType;
  alsoEntries?: readonly SystemEntryType[];
  why: string;
  /** The facts the UI words in the reader's language. */
  details(event: StoredEvent<T>): SystemEntryDetails;
  /** English fallback text (the UI prefers `details`). */
  summary(event: StoredEvent<T>): string;
}

export const TIMELINE_ENTRIES: { readonly [T in EventType]?: TimelineEntryRule<T> } = {
  'dossier.restored': {
    entry: 'version_restored',
    why: 'a restore replaces what colleagues wrote about the customer; the timeline says when and by whom',
    details: () => ({}),
    summary: (event) =>
      event.data.restoredFromAt ? `Restored the version of ${event.data.restoredFromAt}` : 'Restored an earlier version'
  },
  'dossier.stage_changed': {
    entry: 'stage_changed',
    why: 'where the customer stands (lead, customer, dormant, …) and why it changed is what a stand-in asks first',
    details: (event) => ({
      fromStage: event.data.from ?? undefined,
      toStage: event.data.to,
      reason: event.data.reason
    }),
    summary: (event) =>
      `Stage: ${event.data.from ?? '—'} → ${event.data.to}${event.data.reason ? ` (${event.data.reason})` : ''}`
  },
  'dossier.tags_changed': {
    entry: 'tags_changed',
    why: 'issue #11: tags decide which newsletters and lists reach the customer; who changed them and when is worth seeing',
    details: (event) => ({ tagsAdded: event.data.added, tagsRemoved: event.data.removed }),
    summary: (event) =>
      [
        event.data.added.length ? `Tagged ${event.data.added.join(', ')}` : '',
        event.data.removed.length ? `Untagged ${event.data.removed.join(', ')}` : ''
      ]
        .filter(Boolean)
        .join('; ')
  },
  'dossier.owner_changed': {
    entry: 'owner_changed',
    why: 'who looks after the customer, since when, handed over by whom and why: the audit of ownership (issue #9)',
    details: (event) => ({ ownerName: event.data.dossier.ownerName, reason: event.data.reason }),
    summary: (event) => `Owner: ${event.data.dossier.ownerName}${event.data.reason ? ` (${event.data.reason})` : ''}`
  },
  'handoff.created': handoffEntry(
    'created',
    'who handed the case to whom, until when and with which note: the audit of a hand-off'
  ),
  'handoff.picked_up': handoffEntry(
    'picked_up',
    'that the receiver took the case (and when) is what the sender needs to know'
  ),
  'handoff.returned': handoffEntry(
    'returned',
    'the case is back with its owner: the end of the stand-in’s responsibility'
  ),
  'handoff.escalated': handoffEntry('escalated', 'nobody took the case in time; the managers were told'),
  'handoff.cancelled': handoffEntry(
    'cancelled',
    'a hand-off withdrawn before anyone took it: who withdrew it and why belongs to the audit'
  ),
  'intake.lead_received': {
    entry: 'lead_arrived',
    why: 'where a lead came from (form, campaign) and that it came again is what the first call is about',
    details: (event) => ({ source: [event.data.source, event.data.campaign].filter(Boolean).join(' / ') || null }),
    summary: (event) => {
      const from = [event.data.source, event.data.campaign].filter(Boolean).join(' / ');
      return `${event.data.duplicate ? 'Lead arrived again' : 'Lead arrived'}${from ? ` via ${from}` : ''}`;
    }
  },
  'winback.started': {
    entry: 'winback',
    why: 'issue #11: that (and by whom, for whom) a dormant customer is being won back is what a colleague asks first',
    details: (event) => ({ winbackChange: 'started', toName: event.data.winback.assigneeName }),
    summary: (event) => `Win-back started, assigned to ${event.data.winback.assigneeName}`
  },
  'winback.step_completed': {
    entry: 'winback',
    why: 'each win-back step with its date, who and note is the story of the attempt',
    details: (event) => ({
      winbackChange: 'step_completed',
      winbackStep: event.data.step,
      note: event.data.winback.steps[event.data.step - 1]?.note ?? null
    }),
    summary: (event) => {
      const note = event.data.winback.steps[event.data.step - 1]?.note;
      return `Win-back step ${event.data.step} of 6 done${note ? `: ${note}` : ''}`;
    }
  },
  'winback.ended': {
    entry: 'winback',
    why: 'won back (customer again) or lost with the reason: the end of the attempt',
    details: (event) => ({ winbackChange: event.data.status, reason: event.data.reason }),
    summary: (event) =>
      event.data.status === 'won'
        ? 'Win-back succeeded: customer again'
        : `Win-back failed${event.data.reason ? `: ${event.data.reason}` : ''}`
  },
  'task.completed': {
    entry: 'task_done',
    // Issue #8: "a resolved ticket records the resolution on the timeline" — a complaint's ticket reads as
    // resolved (with its resolution), not as one more done task.
    entryOf: (event) => (event.data.task.kind === 'ticket' ? 'ticket_resolved' : 'task_done'),
    alsoEntries: ['ticket_resolved'],
    why: 'what came of a callback or ticket is part of the customer’s story; the outcome is kept with the entry',
    details: (event) => ({
      taskId: event.data.task.id,
      taskTitle: event.data.task.title,
      outcome: event.data.outcome
    }),
    summary: (event) => {
      const verb = event.data.task.kind === 'ticket' ? 'Resolved' : 'Done';
      const outcome = event.data.outcome ? ` — ${event.data.outcome}` : '';
      return `${verb}: ${event.data.task.title}${outcome}`;
    }
  }
};

type HandoffEventType =
  'handoff.created' | 'handoff.picked_up' | 'handoff.returned' | 'handoff.escalated' | 'handoff.cancelled';

/** Only handoff.cancelled carries a reason; the other steps' payloads have none. */
const cancelReason = (data: object): string | null =>
  'reason' in data && typeof data.reason === 'string' ? data.reason : null;

/** Issue #9: every step of a hand-off is one `handoff` entry; the note comes with its creation only. */
function handoffEntry<T extends HandoffEventType>(
  change: 'created' | 'picked_up' | 'returned' | 'escalated' | 'cancelled',
  why: string
): TimelineEntryRule<T> {
  return {
    entry: 'handoff',
    why,
    details: (event) => {
      const h = event.data.handoff;
      return {
        handoffId: h.id,
        handoffChange: change,
        fromName: h.fromName,
        toName: h.toName,
        until: h.until,
        ...(change === 'created' ? { reason: h.note } : {}),
        ...(change === 'cancelled' ? { reason: cancelReason(event.data) } : {})
      };
    },
    summary: (event) => {
      const h = event.data.handoff;
      if (change === 'created') return `Handed over to ${h.toName}${h.until ? ` until ${h.until}` : ''}: ${h.note}`;
      if (change === 'picked_up') return `${h.toName} picked up the hand-off`;
      if (change === 'returned') return `Returned to ${h.fromName} after the hand-off to ${h.toName}`;
      if (change === 'cancelled') {
        const reason = cancelReason(event.data);
        return `Hand-off to ${h.toName} cancelled${reason ? `: ${reason}` : ''}`;
      }
      return `Hand-off to ${h.toName} not picked up: the managers were told`;
    }
  };
}

const ruleOf = (type: EventType) => TIMELINE_ENTRIES[type] as TimelineEntryRule<EventType> | undefined;

/**
 * The event types that become timeline entries, optionally only those that can become one system entry
 * type. An event type with `entryOf` can also become other types: pass its events through
 * `systemEntryTypeOf` to keep exactly those of the wanted type.
 */
export function timelineEventTypes(entry?: SystemEntryType): EventType[] {
  return (Object.keys(TIMELINE_ENTRIES) as EventType[]).filter((type) => {
    const rule = ruleOf(type);
    return entry === undefined || rule?.entry === entry || (rule?.alsoEntries ?? []).includes(entry);
  });
}

/** The system entry type an event becomes, or null when its type is not declared above. */
export function systemEntryTypeOf(event: StoredEvent): SystemEntryType | null {
  const rule = ruleOf(event.type);
  if (!rule) return null;
  return rule.entryOf ? rule.entryOf(event) : rule.entry;
}

/**
 * The system entry an event becomes, or null when its type is not declared above. The entry keeps the
 * event's id and time, so its place in the timeline order (at desc, id desc) is fixed for ever.
 */
export function systemEntryOf(event: StoredEvent, authorName: string): TimelineItemDTO | null {
  const rule = ruleOf(event.type);
  const type = systemEntryTypeOf(event);
  if (!rule || !type) return null;
  return {
    id: event.id,
    kind: 'system',
    type,
    at: new Date(event.at).toISOString(),
    authorId: event.actorId,
    authorName,
    summary: rule.summary(event),
    details: rule.details(event)
  };
}
