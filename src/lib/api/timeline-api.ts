import type {
  CorrectInteractionInput,
  InteractionType,
  LoggedInteractionDTO,
  LogInteractionInput,
  PointOfSale,
  SystemEntryType,
  TimelineItemDTO,
  TimelinePage
} from '$lib/contract';
import { request, type Fetch } from './request';

export interface TimelineParams {
  type?: InteractionType | SystemEntryType;
  pointOfSale?: PointOfSale;
  cursor?: string;
  limit?: number;
}

/** GET /api/dossiers/:id/timeline: one page, newest first; follow `nextCursor` for older entries. */
export function getTimeline(options: {
  dossierId: string;
  params: TimelineParams;
  fetch?: Fetch;
  signal?: AbortSignal;
}): Promise<TimelinePage> {
  const { type, pointOfSale, cursor, limit } = options.params;
  return request<TimelinePage>({
    path: `/api/dossiers/${encodeURIComponent(options.dossierId)}/timeline`,
    query: { type, pointOfSale, cursor, limit },
    fetch: options.fetch,
    signal: options.signal
  });
}

/** POST /api/dossiers/:id/interactions → 201 the new entry (a complaint also carries `ticketId`). */
export function logInteraction(options: {
  dossierId: string;
  input: LogInteractionInput;
  fetch?: Fetch;
}): Promise<LoggedInteractionDTO> {
  return request<LoggedInteractionDTO>({
    method: 'POST',
    path: `/api/dossiers/${encodeURIComponent(options.dossierId)}/interactions`,
    body: options.input,
    fetch: options.fetch
  });
}

/** PATCH /api/interactions/:id: a correction; the answer keeps the earlier text in `corrected`. */
export function correctInteraction(options: {
  interactionId: string;
  input: CorrectInteractionInput;
  fetch?: Fetch;
}): Promise<TimelineItemDTO> {
  return request<TimelineItemDTO>({
    method: 'PATCH',
    path: `/api/interactions/${encodeURIComponent(options.interactionId)}`,
    body: options.input,
    fetch: options.fetch
  });
}
