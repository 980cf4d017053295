import {
  foldSearchText,
  MAX_SEARCH_WORDS,
  type DossierSummaryDTO,
  type SnippetPart,
  type TaskDTO,
  type TimelineItemDTO
} from '../../../src/lib/contract';
import type { DossierSearchProjection } from '../../../src/lib/dossier-doc';
import { MARK_END, MARK_START } from '../../kernel/search-match';
import type { SearchEntry } from './search-store';

/**
 * Pure rules of full-text search (issue #11): what is indexed for each source, how a query is read, how hits
 * are ranked and shown. Tests: tests/unit/search-rules.test.ts.
 *
 * R1 The document gives one "name" entry (the company), one "field" entry per non-empty field (ref = key),
 *    one "contact" entry per contact (ref = contact id) and one "note" entry (all notes).
 * R2 A timeline entry is indexed with its summary and contact name (ref = interaction id); a corrected
 *    entry is indexed as it reads now. A ticket with its title (ref = task id); callbacks and plain tasks
 *    are not searched (they are on the task list).
 * R3 The last word is a prefix unless the query ends with white space (as-you-type: "mül" finds Müller).
 * R4 Kind weights multiply the text score: name 4, contact 2, field 1.5, ticket 1.2, note and timeline 1;
 *    a company whose name matches belongs on top even when a note mentions the word more often.
 */

/** R3: the folded words (those with a letter or digit, first MAX_SEARCH_WORDS) and whether the last is a prefix. */
export function readQuery(q: string): { words: string[]; prefixLast: boolean } {
  const words = [...new Set(foldSearchText(q).split(' '))].filter((w) => /[\p{L}\p{N}]/u.test(w));
  return { words: words.slice(0, MAX_SEARCH_WORDS), prefixLast: !/\s$/.test(q) };
}

/** R1: the document entries of one dossier. */
export function documentEntries(options: {
  dossierId: string;
  teamId: string;
  projection: DossierSearchProjection;
}): SearchEntry[] {
  const { dossierId, teamId, projection } = options;
  const base = { dossierId, teamId, at: null };
  const entries: SearchEntry[] = [];
  if (projection.company) entries.push({ ...base, kind: 'name', ref: '', text: projection.company });
  for (const f of projection.fields) entries.push({ ...base, kind: 'field', ref: f.key, text: f.text });
  for (const c of projection.contacts) entries.push({ ...base, kind: 'contact', ref: c.id, text: c.text });
  if (projection.notes) entries.push({ ...base, kind: 'note', ref: '', text: projection.notes });
  return entries;
}

/** R1 for a dossier just created (its record, before any save of its document). */
export function createdDossierEntries(
  row: Pick<
    DossierSummaryDTO,
    'id' | 'teamId' | 'company' | 'industry' | 'street' | 'postalCode' | 'city' | 'contactNames'
  >
): SearchEntry[] {
  return documentEntries({
    dossierId: row.id,
    teamId: row.teamId,
    projection: {
      company: row.company,
      fields: (
        [
          ['industry', row.industry],
          ['street', row.street],
          ['postalCode', row.postalCode],
          ['city', row.city]
        ] as const
      )
        .filter(([, text]) => text.trim())
        .map(([key, text]) => ({ key, text })),
      contacts: row.contactNames.map((name, i) => ({ id: `name-${i}`, text: name })),
      notes: ''
    }
  });
}

/** R2: a timeline entry (interactions only; system entries are not typed by people). */
export function timelineEntry(options: {
  dossierId: string;
  teamId: string;
  item: Pick<TimelineItemDTO, 'id' | 'kind' | 'at' | 'summary' | 'contactName'>;
}): SearchEntry | null {
  const { item } = options;
  if (item.kind !== 'interaction') return null;
  const text = [item.summary, item.contactName ?? '']
    .map((v) => v.trim())
    .filter(Boolean)
    .join(' · ');
  return {
    dossierId: options.dossierId,
    teamId: options.teamId,
    kind: 'timeline',
    ref: item.id,
    text,
    at: Date.parse(item.at)
  };
}

/** R2: a ticket's title; null for callbacks and tasks. */
export function ticketEntry(options: {
  teamId: string;
  task: Pick<TaskDTO, 'id' | 'dossierId' | 'kind' | 'title' | 'createdAt'>;
}): SearchEntry | null {
  const { task } = options;
  if (task.kind !== 'ticket') return null;
  return {
    dossierId: task.dossierId,
    teamId: options.teamId,
    kind: 'ticket',
    ref: task.id,
    text: task.title,
    at: Date.parse(task.createdAt)
  };
}

/** The marked snippet as parts for the wire (the browser renders text, never HTML). */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  let text = '';
  for (const ch of snippet) {
    if (ch === MARK_START || ch === MARK_END) {
      if (text) parts.push({ text, mark });
      text = '';
      mark = ch === MARK_START;
    } else text += ch;
  }
  if (text) parts.push({ text, mark });
  return parts;
}
