import { z } from 'zod';
import { MAX_TAG_LENGTH, STAGES, type DossierSummaryDTO } from './dossier';
import { Id } from './ids';
import { POINTS_OF_SALE } from './timeline';

/*
 * Issue #11 segments: tags, saved lists (filter sets), CSV out and in. Wire types only.
 */

const Tag = z.string().trim().min(1).max(MAX_TAG_LENGTH);

/** GET /api/tags?prefix=&limit= → tags of the dossiers the caller may list, most used first. */
export const TagQuery = z
  .object({
    prefix: z.string().trim().max(MAX_TAG_LENGTH).default(''),
    limit: z.coerce.number().int().min(1).max(100).default(20)
  })
  .strict();
export type TagQuery = z.infer<typeof TagQuery>;
export interface TagCountDTO {
  tag: string;
  count: number;
}

/** POST /api/tags/rename: managers rename `from` to `to` on every dossier of their teams; merges when `to` exists. */
export const RenameTagInput = z
  .object({ from: Tag, to: Tag })
  .strict()
  .refine((r) => r.from !== r.to, 'from and to are the same tag');
export type RenameTagInput = z.infer<typeof RenameTagInput>;
export interface RenameTagResultDTO {
  /** How many dossiers changed. */
  changed: number;
  /** True when some dossiers already had `to` (the two tags became one). */
  merged: boolean;
}

/**
 * Revenue bands over the order amounts (EUR) of the last REVENUE_WINDOW_MONTHS: the one place they are
 * defined (lists, CSV, UI labels all read this). Lower bound inclusive, upper exclusive; `none` is no order.
 */
export const REVENUE_WINDOW_MONTHS = 12;
export const REVENUE_BANDS = [
  { id: 'none', min: 0, max: 0 },
  { id: 'small', min: 0.01, max: 10_000 },
  { id: 'medium', min: 10_000, max: 50_000 },
  { id: 'large', min: 50_000, max: 250_000 },
  { id: 'top', min: 250_000, max: null }
] as const;
export type RevenueBand = (typeof REVENUE_BANDS)[number]['id'];
export const REVENUE_BAND_IDS = REVENUE_BANDS.map((b) => b.id) as [RevenueBand, ...RevenueBand[]];

/** The band a revenue falls in. */
export function revenueBandOf(revenue: number): RevenueBand {
  if (revenue <= 0) return 'none';
  for (const band of REVENUE_BANDS) {
    if (band.id === 'none') continue;
    if (revenue >= band.min && (band.max === null || revenue < band.max)) return band.id;
  }
  return 'small';
}

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-31');
const Text = z.string().trim().min(1).max(120);

/**
 * A list's filters; all optional, combined with AND. Dates are calendar days (UTC midnight): lastContactBefore
 * excludes that day, lastContactAfter includes it; a dossier never contacted matches only `before`.
 */
export const ListFilter = z
  .object({
    tag: Tag.optional(),
    stage: z.enum(STAGES).optional(),
    industry: Text.optional(),
    ownerId: Id.optional(),
    teamId: Id.optional(),
    city: Text.optional(),
    pointOfSale: z.enum(POINTS_OF_SALE).optional(),
    lastContactBefore: DateOnly.optional(),
    lastContactAfter: DateOnly.optional(),
    revenueBand: z.enum(REVENUE_BAND_IDS).optional()
  })
  .strict();
export type ListFilter = z.infer<typeof ListFilter>;
export const LIST_FILTER_KEYS = Object.keys(ListFilter.shape) as Array<keyof ListFilter>;

export const LIST_VISIBILITIES = ['private', 'team'] as const;
export type ListVisibility = (typeof LIST_VISIBILITIES)[number];

export const CreateListInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    filter: ListFilter,
    visibility: z.enum(LIST_VISIBILITIES).default('private'),
    /** The team a shared list is shared with; defaults to the creator's first team. */
    teamId: Id.optional()
  })
  .strict();
export type CreateListInput = z.infer<typeof CreateListInput>;
export const PatchListInput = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    filter: ListFilter.optional(),
    visibility: z.enum(LIST_VISIBILITIES).optional()
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type PatchListInput = z.infer<typeof PatchListInput>;

export interface SavedListDTO {
  id: string;
  name: string;
  filter: ListFilter;
  visibility: ListVisibility;
  teamId: string | null;
  ownerId: string;
  ownerName: string;
  /** How many dossiers the caller may see match now. */
  count: number;
  /** Only the creator (or an admin) may change or delete it. */
  mine: boolean;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/lists/:id/dossiers and GET /api/segments/dossiers (unsaved filters): paged like the dossier list. */
export const ListPageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional()
  })
  .strict();
export type ListPageQuery = z.infer<typeof ListPageQuery>;
export interface ListDossierPage {
  items: DossierSummaryDTO[];
  nextCursor: string | null;
}

/** Filters in a query string (GET /api/segments/count?stage=…): the ListFilter keys plus paging. */
export const FilterQuery = ListFilter.extend(ListPageQuery.shape).strict();
export type FilterQuery = z.infer<typeof FilterQuery>;

export const CSV_SEPARATORS = ['comma', 'semicolon'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];
/** GET /api/dossiers/export.csv?list=<id>&sep= or ?<filters>&sep= */
export const ExportQuery = ListFilter.extend({
  list: Id.optional(),
  sep: z.enum(CSV_SEPARATORS).default('comma')
}).strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

/* ---- CSV import ---- */

/** What a CSV column can be mapped to; `ignore` drops it. Contact columns make one contact person per row. */
export const IMPORT_TARGETS = [
  'ignore',
  'company',
  'street',
  'postalCode',
  'city',
  'country',
  'industry',
  'website',
  'stage',
  'tags',
  'contactName',
  'contactRole',
  'contactPhone',
  'contactEmail'
] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];
/** Column index (as a string key) → target. */
export const ImportMapping = z.record(z.string().regex(/^\d{1,3}$/), z.enum(IMPORT_TARGETS));
export type ImportMapping = z.infer<typeof ImportMapping>;

/** POST /api/imports?teamId=&sep= with a text/csv body. */
export const ImportQuery = z
  .object({ teamId: Id.optional(), sep: z.enum(['auto', ...CSV_SEPARATORS]).default('auto') })
  .strict();
export type ImportQuery = z.infer<typeof ImportQuery>;
export const PatchImportInput = z.object({ mapping: ImportMapping }).strict();
export const CommitImportInput = z
  .object({ skipInvalid: z.boolean().default(false), skipDuplicates: z.boolean().default(true) })
  .strict();
export type CommitImportInput = z.infer<typeof CommitImportInput>;

export interface ImportRowDTO {
  /** 1-based line of the data row in the file (the header is line 1). */
  line: number;
  company: string;
  city: string;
  contactName: string;
  errors: string[];
  /** The existing dossier (or earlier row, as `line:<n>`) this row duplicates; null when new. */
  duplicateOf: {
    dossierId: string | null;
    line: number | null;
    company: string;
    reason: 'name_city' | 'website';
  } | null;
}
export const IMPORT_STATUSES = ['pending', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/**
 * Where a commit is (status 'committing', then 'committed'): `checking` re-validates the rows, `drafting` builds
 * each dossier's first document, `writing` stores them (the longest part for large files), `committed` is the end.
 */
export const IMPORT_PHASES = ['checking', 'drafting', 'writing', 'committed'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];
/** Share of the overall progress (`progress`) each working phase fills; the last step to 100% is the commit. */
export const IMPORT_PHASE_SHARE = { checking: 0, drafting: 0.4, writing: 0.59 } as const;
export interface ImportPreviewDTO {
  id: string;
  teamId: string;
  status: ImportStatus;
  headers: string[];
  mapping: ImportMapping;
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** The first PREVIEW_ROWS rows, then every row with an error or a duplicate (at most MAX_LISTED_PROBLEMS). */
  rows: ImportRowDTO[];
  /**
   * Overall progress of a commit in rows: `total` is the number of rows to import; `done` grows through every
   * phase (weighted by IMPORT_PHASE_SHARE), never decreases during a commit, and equals `total` only once
   * the status is 'committed'.
   */
  progress: { done: number; total: number };
  /** The commit's current phase; null before a commit and after a failed one. */
  phase: ImportPhase | null;
  /** Progress within `phase` (rows checked, drafted or written). */
  phaseProgress: { done: number; total: number };
  created: number;
  error: string | null;
}
export const PREVIEW_ROWS = 20;
export const MAX_LISTED_PROBLEMS = 500;
