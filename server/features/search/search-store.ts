import type { SearchKind } from '../../../src/lib/contract';
import type { DomainEvent } from '../../kernel/events';
import type { Dossier } from '../../kernel/types';

/** The kinds projected from the dossier's document (replaced together on every save). */
export const DOCUMENT_KINDS: readonly SearchKind[] = ['name', 'field', 'contact', 'note'];

/** One searchable text of a dossier. (dossierId, kind, ref) identifies it; ref is '' for name and note. */
export interface SearchEntry {
  dossierId: string;
  /** The dossier's team: visibility filters on it without reading dossier rows. */
  teamId: string;
  kind: SearchKind;
  ref: string;
  text: string;
  /** When the timeline entry happened / the ticket was opened (epoch ms); null for document kinds. */
  at: number | null;
}

export interface SearchIndexQuery {
  /** Folded words (search-fold.ts searchWords), 1..MAX_SEARCH_WORDS; every one must match (AND). */
  words: string[];
  /** The last word also matches as a prefix (as-you-type); false when the query ended with a space. */
  prefixLast: boolean;
  /** Teams whose dossiers are visible, or 'all' (admins). */
  teamIds: string[] | 'all';
  /** Further dossiers visible through coverage (a stand-in for another team's colleague). */
  dossierIds: readonly string[];
  limit: number;
}

export interface SearchIndexHit {
  dossierId: string;
  kind: SearchKind;
  ref: string;
  /** Excerpt of the entry's text with matches between \u0002 and \u0003 (control characters never indexed). */
  snippet: string;
  at: number | null;
}

/** One change to the index: SI1 replaceDossier or SI2 upsert, as data. */
export type SearchChange =
  | { op: 'replace'; dossierId: string; kinds: readonly SearchKind[]; entries: readonly SearchEntry[] }
  | { op: 'upsert'; entry: SearchEntry };

/** What the index must change for a write (search-changes.ts: rules R1/R2). Pure and synchronous. */
export interface SearchWriteProjector {
  /** Changes for one event written with a store change; `teamOf` reads a dossier's team in that transaction. */
  event(event: DomainEvent, teamOf: (dossierId: string) => string | null): SearchChange[];
  /** Changes for the dossiers one CSV import writes (ImportStore IM2; one import.committed event for all). */
  imported(dossiers: readonly Dossier[]): SearchChange[];
}

/**
 * The full-text index of issue #11, fed from the document projection and from events; never reads documents.
 *
 * Rules (contract suite: tests/contract/search-index.test.ts):
 * - SI1 replaceDossier swaps every entry of the given kinds of one dossier for `entries` (a save of the
 *   document replaces its name, fields, contacts and notes at once); other kinds stay.
 * - SI2 upsert writes one entry by (dossierId, kind, ref), replacing the earlier text.
 * - SI3 every word must occur in the entry as a word (a token of the text); matching ignores case and
 *   diacritics (Müller = muller = MÜLLER, café = cafe), and German spellings ä/ö/ü → ae/oe/ue and ß → ss
 *   match too (mueller, strasse). With prefixLast the last word also matches the start of a word.
 * - SI4 only entries of `teamIds` or `dossierIds` are returned.
 * - SI5 ranked best first: more relevant text first, and at equal text a name before a contact before a field,
 *   note, timeline entry or ticket; at most `limit` hits.
 * - SI6 the snippet is an excerpt of the entry's own text with the matched words marked.
 * - SI7 bulkInsert adds many entries in one transaction (backfill, benchmarks); builtVersion/markBuilt record
 *   which backfill the index holds (0 when never built); clear empties it.
 * - SI8 indexInWrites (optional: adapters whose stores share one transaction, SQLite) applies the projector's
 *   changes inside the transaction of every store write that carries events and of every import commit, so a
 *   committed change is indexed and a rolled-back one is not. Without it the service follows the event bus.
 */
export interface SearchIndex {
  replaceDossier(options: {
    dossierId: string;
    kinds: readonly SearchKind[];
    entries: readonly SearchEntry[];
  }): Promise<void>;
  upsert(entry: SearchEntry): Promise<void>;
  search(query: SearchIndexQuery): Promise<SearchIndexHit[]>;
  bulkInsert(entries: readonly SearchEntry[]): Promise<void>;
  builtVersion(): Promise<number>;
  markBuilt(version: number): Promise<void>;
  clear(): Promise<void>;
  indexInWrites?(projector: SearchWriteProjector): void;
}
