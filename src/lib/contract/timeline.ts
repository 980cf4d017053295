import { z } from 'zod';
import type { LifecycleStage } from './lifecycle';

/** What a person logs on a dossier (design.md → Public contract → Timeline). */
export const INTERACTION_TYPES = ['call', 'email', 'meeting', 'visit', 'offer', 'order', 'complaint', 'note'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** Entries the system writes; they are never logged by hand and never corrected. */
export const SYSTEM_ENTRY_TYPES = [
  'stage_changed',
  'owner_changed',
  'lead_arrived',
  'task_done',
  'ticket_resolved',
  'version_restored',
  'handoff',
  'tags_changed',
  'winback'
] as const;
export type SystemEntryType = (typeof SYSTEM_ENTRY_TYPES)[number];

export type TimelineEntryType = InteractionType | SystemEntryType;

/** Where the contact happened: call centre / inside sales, field sales, shop or stand, service technician, web shop. */
export const POINTS_OF_SALE = ['call_centre', 'field_sales', 'shop', 'service_technician', 'web_shop'] as const;
export type PointOfSale = (typeof POINTS_OF_SALE)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Only these carry an amount (EUR, in major units with at most two decimals). */
export const AMOUNT_TYPES: readonly InteractionType[] = ['offer', 'order'];

export const SUMMARY_MAX = 4000;

/** ISO 8601 with a time zone (Z or ±hh:mm): a bare local time would be read in the server's zone. */
export const IsoDateTime = z.iso.datetime({ offset: true });

const Amount = z
  .number()
  .finite()
  .min(0)
  .max(1_000_000_000_000)
  // Cents as floats: 0.1 * 100 is 10.000000000000002, so compare with a tolerance rather than ===.
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals');

/** Body of POST /api/dossiers/:id/interactions → 201 LoggedInteractionDTO. `at` defaults to now on the server. */
/**
 * How urgent a complaint is; its ticket is due that many working minutes after it was opened (server rules:
 * critical 1 h, high 4 h, normal 2 working days, low 5 working days). Default normal.
 */
export const TICKET_SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
export type TicketSeverity = (typeof TICKET_SEVERITIES)[number];

export const LogInteractionInput = z
  .object({
    type: z.enum(INTERACTION_TYPES),
    at: IsoDateTime.optional(),
    pointOfSale: z.enum(POINTS_OF_SALE),
    direction: z.enum(DIRECTIONS).optional(),
    contactName: z.string().trim().max(200).optional(),
    summary: z.string().trim().min(1).max(SUMMARY_MAX),
    amount: Amount.optional(),
    /** Complaints only: the ticket's severity, which sets its due time (default normal). */
    severity: z.enum(TICKET_SEVERITIES).optional()
  })
  .strict()
  .refine((v) => v.amount === undefined || AMOUNT_TYPES.includes(v.type), {
    message: 'only offers and orders carry an amount',
    path: ['amount']
  })
  .refine((v) => v.severity === undefined || v.type === 'complaint', {
    message: 'only complaints carry a severity',
    path: ['severity']
  });
export type LogInteractionInput = z.infer<typeof LogInteractionInput>;

/**
 * Body of PATCH /api/interactions/:id: a correction. The server keeps the earlier text and answers with the
 * item, whose `corrected` names who corrected it, when, and what it said before.
 */
export const CorrectInteractionInput = z
  .object({
    summary: z.string().trim().min(1).max(SUMMARY_MAX).optional(),
    contactName: z.string().trim().max(200).optional(),
    at: IsoDateTime.optional(),
    pointOfSale: z.enum(POINTS_OF_SALE).optional(),
    direction: z.enum(DIRECTIONS).optional(),
    amount: Amount.nullable().optional()
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to correct' });
export type CorrectInteractionInput = z.infer<typeof CorrectInteractionInput>;

/** Query of GET /api/dossiers/:id/timeline. `type` filters by entry type (interaction or system). */
export const TimelineQuery = z
  .object({
    type: z.enum([...INTERACTION_TYPES, ...SYSTEM_ENTRY_TYPES]).optional(),
    pointOfSale: z.enum(POINTS_OF_SALE).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50)
  })
  .strict();
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export interface CorrectionDTO {
  byId: string;
  byName: string;
  at: string;
  /** The summary as it read before this (latest) correction. */
  previousSummary: string;
}

/** Structured facts of a system entry, so the UI can word it in the reader's language. All optional. */
export interface SystemEntryDetails {
  fromStage?: LifecycleStage | null;
  toStage?: LifecycleStage;
  reason?: string | null;
  ownerName?: string;
  taskId?: string;
  taskTitle?: string;
  outcome?: string | null;
  source?: string | null;
  /** Issue #9 `handoff` entries: which step of the hand-off, between whom, until when (ISO; null: permanent). */
  handoffId?: string;
  handoffChange?: 'created' | 'picked_up' | 'returned' | 'escalated' | 'cancelled';
  fromName?: string;
  toName?: string;
  until?: string | null;
  /** Issue #11 `tags_changed` entries: tags added and removed (a rename removes one and adds the other). */
  tagsAdded?: string[];
  tagsRemoved?: string[];
  /** Issue #11 `winback` entries: what happened to the win-back, which step (1–6), the note. */
  winbackChange?: 'started' | 'step_completed' | 'won' | 'failed';
  winbackStep?: number;
  note?: string | null;
}

/**
 * One timeline entry, newest first. `authorName` is kept on the entry, so it stays readable after the author
 * is deactivated. `summary` of a system entry is an English fallback; `details` carries its facts.
 */
export interface TimelineItemDTO {
  id: string;
  kind: 'interaction' | 'system';
  type: TimelineEntryType;
  at: string;
  authorId: string | null;
  authorName: string;
  summary: string;
  pointOfSale?: PointOfSale | null;
  direction?: Direction | null;
  contactName?: string | null;
  amount?: number | null;
  corrected?: CorrectionDTO | null;
  details?: SystemEntryDetails | null;
}

export interface TimelinePage {
  items: TimelineItemDTO[];
  nextCursor: string | null;
}

/** 201 of POST …/interactions: the new entry; a complaint also opened a ticket. */
export type LoggedInteractionDTO = TimelineItemDTO & { ticketId?: string };

export const isInteractionType = (value: unknown): value is InteractionType =>
  typeof value === 'string' && (INTERACTION_TYPES as readonly string[]).includes(value);

/** Timeline order: newest first, ties by id descending, so pages and live inserts agree. */
export function compareTimelineItems(a: TimelineItemDTO, b: TimelineItemDTO): number {
  const byTime = Date.parse(b.at) - Date.parse(a.at);
  return byTime || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
