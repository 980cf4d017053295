import { z } from 'zod';
import './zod-config';
import type { Stage } from './dossier';
import { MAX_SEARCH_WORDS, searchWords } from './search-fold';

/** Longest query GET /api/search accepts (issue #11); longer ones are a 400, not a slow scan. */
export const SEARCH_QUERY_MAX_CHARS = 200;
/** Hits per answer: the palette shows one screen of them; refine the words for more. */
export const SEARCH_RESULT_LIMIT = 30;

/** The kinds of hit, in the order the palette groups them. */
export const SEARCH_KINDS = ['name', 'field', 'contact', 'note', 'timeline', 'ticket'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** GET /api/search?q= — kept as typed (a trailing space ends the prefix word); blank, longer than 200 characters or more than 8 words is a 400. */
export const SearchQuery = z.object({
  q: z
    .string({ message: 'q is required' })
    .max(SEARCH_QUERY_MAX_CHARS, `q must be at most ${SEARCH_QUERY_MAX_CHARS} characters`)
    .refine((q) => q.trim().length > 0, 'q must not be empty')
    .refine((q) => searchWords(q).length <= MAX_SEARCH_WORDS, `q must have at most ${MAX_SEARCH_WORDS} words`)
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** A piece of a snippet: `mark` pieces are what matched (rendered highlighted; never HTML). */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface SearchHitDTO {
  dossierId: string;
  company: string;
  stage: Stage;
  kind: SearchKind;
  /** Field key for a field hit, contact id, interaction id or task id; null for name and note hits. */
  ref: string | null;
  snippet: SnippetPart[];
  /** When the timeline entry happened or the ticket was opened; null for document hits. */
  at: string | null;
}

export interface SearchResultDTO {
  items: SearchHitDTO[];
}
