import { z } from 'zod';
import { Id } from './ids';
import { MAX_SEARCH_WORDS, searchWords } from './search-fold';

export const STAGES = ['lead', 'prospect', 'customer', 'dormant', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

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
