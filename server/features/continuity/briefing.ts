import type * as Y from 'yjs';
import type { BriefingContactDTO, BriefingDTO, TaskDTO, TimelineItemDTO } from '../../../src/lib/contract';
import { findContact, readConfirmation, readContacts, readField } from '../../../src/lib/dossier-doc';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';

/** How many interactions a briefing lists (issue #9: "the last five interactions"). */
export const BRIEFING_INTERACTIONS = 5;

/** The primary contact of a document (the first flagged one in display order; else the first), or null. */
export function briefingContact(doc: Y.Doc): BriefingContactDTO | null {
  const contacts = readContacts(doc);
  const chosen = contacts.find((c) => c.primary) ?? contacts[0];
  if (!chosen) return null;
  const entry = findContact(doc, chosen.id);
  const confirmed = entry ? readConfirmation(entry) : null;
  return {
    name: chosen.name,
    role: chosen.role,
    phone: chosen.phone,
    email: chosen.email,
    lastConfirmedAt: confirmed?.at ?? null,
    lastConfirmedByName: confirmed ? confirmed.byName || null : null
  };
}

/**
 * The briefing from its parts — pure, so it is unit-tested without a server. Logged interactions only (system
 * entries such as stage moves are left out; the stage is its own line), newest first; open tasks and tickets
 * apart, each in due order.
 */
export function composeBriefing(parts: {
  dossier: Pick<Dossier, 'id' | 'company' | 'stage'>;
  ownerName: string;
  doc: Y.Doc;
  timeline: readonly TimelineItemDTO[];
  openTasks: readonly TaskDTO[];
  note: string;
  generatedAt: number;
  /** Issue #11: the open win-back step ("3/6 In-depth conversation about resuming"), or null. */
  winbackStep?: string | null;
}): BriefingDTO {
  const { dossier, doc } = parts;
  const byDue = (a: TaskDTO, b: TaskDTO) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
  const open = parts.openTasks.filter((t) => t.status !== 'done');
  return {
    generatedAt: new Date(parts.generatedAt).toISOString(),
    dossierId: dossier.id,
    company: readField(doc, 'company') || dossier.company,
    stage: dossier.stage,
    ownerName: parts.ownerName,
    mainInterests: readField(doc, 'mainInterests'),
    agreedConditions: readField(doc, 'agreedConditions'),
    contact: briefingContact(doc),
    lastInteractions: parts.timeline
      .filter((item) => item.kind === 'interaction')
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .slice(0, BRIEFING_INTERACTIONS),
    openTasks: open.filter((t) => t.kind !== 'ticket').sort(byDue),
    openTickets: open.filter((t) => t.kind === 'ticket').sort(byDue),
    winbackStep: parts.winbackStep ?? null,
    note: parts.note
  };
}

/** What the generator reads, each through the owning feature's public face (wired in app.ts). */
export interface BriefingSources {
  /** The dossier's current document (live if loaded, else from the store); a copy the caller may keep. */
  loadDocument(dossierId: string): Promise<Y.Doc>;
  /** The newest timeline entries of the dossier as `actor` sees them (interactions feature). */
  timeline(actor: User, dossierId: string): Promise<TimelineItemDTO[]>;
  /** Open callbacks, tasks and tickets of the dossier (follow-ups feature). */
  openTasks(actor: User, dossierId: string): Promise<TaskDTO[]>;
  namesOf(ids: string[]): Promise<Map<string, string>>;
  /** Issue #11: the step an open win-back of the dossier waits for, worded for the briefing; null when none. */
  winbackStep?(dossierId: string): Promise<string | null>;
  clock: Clock;
}

export type BriefingGenerator = (options: { actor: User; dossier: Dossier; note: string }) => Promise<BriefingDTO>;

/** Generates the snapshot kept with a hand-off: one read of each source, then `composeBriefing`. */
export function createBriefingGenerator(sources: BriefingSources): BriefingGenerator {
  return async ({ actor, dossier, note }) => {
    const [doc, timeline, openTasks, names, winbackStep] = await Promise.all([
      sources.loadDocument(dossier.id),
      sources.timeline(actor, dossier.id),
      sources.openTasks(actor, dossier.id),
      sources.namesOf([dossier.ownerId]),
      sources.winbackStep?.(dossier.id) ?? Promise.resolve(null)
    ]);
    try {
      return composeBriefing({
        dossier,
        ownerName: names.get(dossier.ownerId) ?? '',
        doc,
        timeline,
        openTasks,
        note,
        generatedAt: sources.clock.now(),
        winbackStep
      });
    } finally {
      doc.destroy();
    }
  };
}
