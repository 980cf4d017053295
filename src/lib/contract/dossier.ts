import { z } from 'zod';
import type { CoverageDTO } from './coverage';
import { Id } from './ids';
import { LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle';
import { MAX_SEARCH_WORDS, searchWords } from './search-fold';

/** The seven lifecycle stages (lifecycle.ts owns the list; both names stay exported for their callers). */
export const STAGES = LIFECYCLE_STAGES;
export type Stage = LifecycleStage;

export const SORTS = ['name', 'updated'] as const;
export type DossierSort = (typeof SORTS)[number];

const id = Id;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Search text: checked here, once, so no store ever sees a control character (FTS5 rejects NUL). */
const SearchQuery = z
  .string()
  .trim()
  .max(100)
  .refine((q) => !CONTROL_CHARS.test(q), 'q must not contain control characters')
  .refine((q) => searchWords(q).length <= MAX_SEARCH_WORDS, `q may have at most ${MAX_SEARCH_WORDS} words`);

/** Query of GET /api/dossiers. Unknown parameters are rejected so typos do not silently widen a list. */
export const DossierListQuery = z
  .object({
    q: SearchQuery.optional(),
    tag: z.string().trim().min(1).max(40).optional(),
    stage: z.enum(STAGES).optional(),
    owner: id.optional(),
    team: id.optional(),
    sort: z.enum(SORTS).default('name'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional()
  })
  .strict();
export type DossierListQuery = z.infer<typeof DossierListQuery>;

/** Body of POST /api/dossiers: the authoritative bits plus the first field values for the Y.Doc. */
export const CreateDossierInput = z
  .object({
    company: z.string().trim().min(1).max(200),
    city: z.string().trim().max(100).optional(),
    industry: z.string().trim().max(100).optional(),
    teamId: id.optional(),
    ownerId: id.optional(),
    stage: z.enum(STAGES).default('lead'),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).default([])
  })
  .strict();
export type CreateDossierInput = z.infer<typeof CreateDossierInput>;

/** Tags as stored: trimmed, at most 20 of at most 40 characters, duplicates (ignoring case) dropped. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * Body of PATCH /api/dossiers/:id: the record values the document does not hold. Omitted keys stay as they
 * are; keyAccountManagerId null clears it. Tags are normalised by the server (dossiers.rules.ts P1).
 */
export const PatchDossierInput = z
  .object({
    tags: z.array(z.string().trim().min(1).max(MAX_TAG_LENGTH)).max(MAX_TAGS).optional(),
    keyAccountManagerId: id.nullable().optional(),
    standInIds: z.array(id).max(10).optional()
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change: send tags, keyAccountManagerId or standInIds');
export type PatchDossierInput = z.infer<typeof PatchDossierInput>;

export interface DossierSummaryDTO {
  id: string;
  teamId: string;
  ownerId: string;
  ownerName: string;
  company: string;
  street: string;
  postalCode: string;
  city: string;
  industry: string;
  stage: Stage;
  tags: string[];
  contactNames: string[];
  updatedAt: string;
  /** Who looks after a key account (a member of the dossier's team); null when none. */
  keyAccountManagerId: string | null;
  /** Colleagues who stand in for the owner (members of the dossier's team), for continuity. */
  standInIds: string[];
  /**
   * Who acts for the dossier now (issue #9, kernel/coverage.ts): the owner, or their stand-in while they are away
   * or the receiver of a temporary hand-off; null in a coverage gap.
   */
  actingOwnerId: string | null;
  /** The acting owner's name ('' in a gap). */
  actingOwnerName: string;
  /** Why someone else acts, for whom and until when; null while the owner acts themself. */
  coverage: CoverageDTO | null;
}

export interface DossierDTO extends DossierSummaryDTO {
  createdAt: string;
  createdBy: string;
  /** What the caller may do: 'edit' opens the Y.Doc read-write, 'read' read-only. */
  access: 'read' | 'edit';
}

export interface DossierPage {
  items: DossierSummaryDTO[];
  nextCursor: string | null;
}
