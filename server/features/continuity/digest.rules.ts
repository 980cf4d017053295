import type {
  DigestDossierDTO,
  DigestEntryDTO,
  HandoffEventDTO,
  TaskDTO,
  TimelineItemDTO
} from '../../../src/lib/contract';
import { FIELD_KEYS } from '../../../src/lib/dossier-doc';
import type { EventType, StoredEvent } from '../../kernel/events';

/*
 * "While you were away" (issue #9): what colleagues did on a returning person's dossiers, per dossier, by whom.
 *
 * D1 Only events with from <= at < to count (the absence window, half-open like every window here).
 * D2 Only events of the given dossiers (those the person owned during the absence) and of DIGEST_EVENT_TYPES.
 * D3 The person's own actions are skipped (a forgotten tab, a call they logged from home); system actions
 *    (actorId null: jobs, e.g. a hand-off returning) are kept and attributed to nobody.
 * D4 interaction.logged lists the entry; interaction.corrected replaces the listed entry of the same id (the
 *    latest wording), or lists the corrected entry when it was logged before the absence.
 * D5 dossier.version_recorded: the document keys the version changed (given by the caller, from the version
 *    diff), merged per dossier in FIELD_KEYS order then contacts, notes; attributed to the version's authors
 *    other than the person (a version only the person wrote is skipped, D3).
 * D6 task.completed: a ticket is listed under tickets (resolved), any other task under tasksDone;
 *    task.created of a ticket lists it under tickets (opened). One row per task: the latest state wins.
 * D7 handoff.*: one row per hand-off, the latest state wins; every step is an entry.
 * D8 dossier.stage_changed and dossier.owner_changed are entries only.
 * D9 byNames: everyone named in the dossier's entries, in order of first appearance; entries oldest first;
 *    dossiers with something to report, newest activity first (ties by company).
 */
export const DIGEST_EVENT_TYPES = [
  'interaction.logged',
  'interaction.corrected',
  'dossier.version_recorded',
  'task.completed',
  'task.created',
  'handoff.created',
  'handoff.picked_up',
  'handoff.returned',
  'handoff.escalated',
  'handoff.cancelled',
  'dossier.stage_changed',
  'dossier.owner_changed'
] as const satisfies readonly EventType[];

export const DOC_CHANGE_KEYS: readonly string[] = [...FIELD_KEYS, 'contacts', 'notes'];

export interface DigestInput {
  personId: string;
  window: { from: number; to: number };
  /** The person's dossiers during the absence, with their company names. */
  dossiers: ReadonlyMap<string, string>;
  events: readonly StoredEvent[];
  /** Keys each recorded version changed against its predecessor (D5); a version not given changed nothing known. */
  versionChanges: ReadonlyMap<string, readonly string[]>;
  /** Display names of actors (events carry ids). */
  names: ReadonlyMap<string, string>;
}

interface Acc {
  dossierId: string;
  company: string;
  interactions: Map<string, TimelineItemDTO>;
  fields: Set<string>;
  tasksDone: Map<string, TaskDTO>;
  tickets: Map<string, TaskDTO>;
  handoffs: Map<string, HandoffEventDTO>;
  entries: DigestEntryDTO[];
  lastAt: number;
}

const DIGEST_TYPES: ReadonlySet<string> = new Set(DIGEST_EVENT_TYPES);

export function buildDigest(input: DigestInput): DigestDossierDTO[] {
  const { window, names } = input;
  const byDossier = new Map<string, Acc>();
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  const accOf = (dossierId: string): Acc => {
    let acc = byDossier.get(dossierId);
    if (!acc) {
      acc = {
        dossierId,
        company: input.dossiers.get(dossierId) ?? '',
        interactions: new Map(),
        fields: new Set(),
        tasksDone: new Map(),
        tickets: new Map(),
        handoffs: new Map(),
        entries: [],
        lastAt: 0
      };
      byDossier.set(dossierId, acc);
    }
    return acc;
  };

  const events = [...input.events].sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const event of events) {
    if (event.at < window.from || event.at >= window.to) continue; // D1
    if (!event.dossierId || !input.dossiers.has(event.dossierId) || !DIGEST_TYPES.has(event.type)) continue; // D2
    const entry = entryOf(event, input);
    if (!entry) continue; // D3 (own action) or nothing known to report
    const acc = accOf(event.dossierId);
    acc.entries.push({ ...entry, at: new Date(event.at).toISOString(), byName: entry.byName ?? nameOf(entry.byId) });
    acc.lastAt = Math.max(acc.lastAt, event.at);
    collect(acc, event);
  }

  return [...byDossier.values()]
    .sort((a, b) => b.lastAt - a.lastAt || a.company.localeCompare(b.company))
    .map((acc) => ({
      dossierId: acc.dossierId,
      company: acc.company,
      interactions: [...acc.interactions.values()],
      changedFields: DOC_CHANGE_KEYS.filter((k) => acc.fields.has(k)),
      tasksDone: [...acc.tasksDone.values()],
      tickets: [...acc.tickets.values()],
      handoffs: [...acc.handoffs.values()],
      byNames: [...new Set(acc.entries.map((e) => e.byName).filter((n): n is string => n !== null))],
      entries: acc.entries,
      lastAt: new Date(acc.lastAt).toISOString()
    }));

  /** D4–D8: the lists of the dossier's row (entries are added by the loop). */
  function collect(acc: Acc, event: StoredEvent): void {
    switch (event.type) {
      case 'interaction.logged':
      case 'interaction.corrected':
        acc.interactions.set(event.data.item.id, event.data.item);
        return;
      case 'dossier.version_recorded':
        for (const key of input.versionChanges.get(event.data.version.id) ?? []) acc.fields.add(key);
        return;
      case 'task.completed': {
        const task = event.data.task;
        (task.kind === 'ticket' ? acc.tickets : acc.tasksDone).set(task.id, task);
        return;
      }
      case 'task.created':
        acc.tickets.set(event.data.task.id, event.data.task);
        return;
      case 'handoff.created':
      case 'handoff.picked_up':
      case 'handoff.returned':
      case 'handoff.escalated':
      case 'handoff.cancelled':
        acc.handoffs.set(event.data.handoff.id, event.data.handoff);
        return;
      default:
        return;
    }
  }
}

type Entry = Omit<DigestEntryDTO, 'at' | 'byName'> & { byName?: string | null };

/** The entry an event becomes, or null when it is the person's own (D3) or reports nothing (D5, D6). */
function entryOf(event: StoredEvent, input: DigestInput): Entry | null {
  const { personId } = input;
  const by = event.actorId;
  // D3; a version is judged by its authors (one may be the person, another a colleague).
  if (by === personId && event.type !== 'dossier.version_recorded') return null;
  switch (event.type) {
    case 'interaction.logged':
    case 'interaction.corrected': {
      const item = event.data.item;
      const corrected = event.type === 'interaction.corrected';
      const byId = corrected ? (item.corrected?.byId ?? by) : (item.authorId ?? by);
      if (byId === personId) return null;
      const byName = corrected ? (item.corrected?.byName ?? null) : item.authorName;
      return {
        kind: corrected ? 'interaction_corrected' : 'interaction',
        byId,
        byName: byName || null,
        summary: item.summary,
        interactionType: item.type,
        detail: item.summary
      };
    }
    case 'dossier.version_recorded': {
      const fields = input.versionChanges.get(event.data.version.id) ?? [];
      const others = event.data.version.authors.filter((a) => a.id !== personId);
      if (fields.length === 0 || others.length === 0) return null; // D5
      return {
        kind: 'fields_changed',
        byId: others[0]!.id,
        byName: others.map((a) => a.name).join(', '),
        summary: `Changed ${fields.join(', ')}`,
        fields: [...fields]
      };
    }
    case 'task.completed': {
      const task = event.data.task;
      const kind = task.kind === 'ticket' ? 'ticket_resolved' : 'task_done';
      const outcome = event.data.outcome ? ` — ${event.data.outcome}` : '';
      return { kind, byId: by, summary: `${task.title}${outcome}`, title: task.title, detail: event.data.outcome };
    }
    case 'task.created': {
      const task = event.data.task;
      if (task.kind !== 'ticket') return null; // D6: only tickets are news; other new tasks are on the desk
      return { kind: 'ticket_opened', byId: by, summary: task.title, title: task.title };
    }
    case 'handoff.created':
    case 'handoff.picked_up':
    case 'handoff.returned':
    case 'handoff.escalated':
    case 'handoff.cancelled': {
      const h = event.data.handoff;
      const step = event.type.slice('handoff.'.length);
      return {
        kind: 'handoff',
        byId: by,
        summary: `Hand-off ${h.fromName} → ${h.toName}: ${step.replace('_', ' ')}`,
        title: step,
        detail: event.type === 'handoff.created' ? h.note : null
      };
    }
    case 'dossier.stage_changed':
      return {
        kind: 'stage_changed',
        byId: by,
        summary: `Stage: ${event.data.from ?? '—'} → ${event.data.to}`,
        title: event.data.to
      };
    case 'dossier.owner_changed':
      return {
        kind: 'owner_changed',
        byId: by,
        summary: `Owner changed${event.data.reason ? ` (${event.data.reason})` : ''}`
      };
    default:
      return null;
  }
}
