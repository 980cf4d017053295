import {
  IMPORT_PHASE_SHARE,
  MAX_LISTED_PROBLEMS,
  PREVIEW_ROWS,
  type CommitImportInput,
  type ImportMapping,
  type ImportPhase,
  type ImportPreviewDTO,
  type ImportRowDTO,
  type ImportStatus
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { canCreateIn } from '../../kernel/permissions';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { EventOutbox } from '../feed';
import { draftInitialDocument } from '../history';
import { parseCsv } from './csv-parser';
import type { ImportedDossier, ImportStore } from './import-store';
import { guessMapping, mappingProblem, nameCityKey, readRow, websiteKey, type ImportRow } from './import.rules';

/** A pending import is kept this long after its last use (then a new upload is needed). */
const PENDING_TTL_MS = 60 * 60_000;
/** Documents are drafted in slices of this many rows, yielding between them so progress polls get answered. */
const SLICE = 250;
/** Rows read, validated and checked for duplicates per slice of an evaluation. */
const EVALUATE_SLICE = 1000;

interface Evaluated {
  line: number;
  row: ImportRow;
  errors: string[];
  duplicateOf: ImportRowDTO['duplicateOf'];
}

interface PendingImport {
  id: string;
  teamId: string;
  actorId: string;
  headers: string[];
  cells: string[][];
  mapping: ImportMapping;
  evaluated: Evaluated[];
  status: ImportStatus;
  progress: { done: number; total: number };
  phase: ImportPhase | null;
  phaseProgress: { done: number; total: number };
  created: number;
  error: string | null;
  touchedAt: number;
}

export interface ImportService {
  preview(actor: User, options: { csv: string; teamId?: string; separator?: ',' | ';' }): Promise<ImportPreviewDTO>;
  remap(actor: User, id: string, mapping: ImportMapping): Promise<ImportPreviewDTO>;
  get(actor: User, id: string): Promise<ImportPreviewDTO>;
  /** Starts the commit and resolves at once (status 'committing'); `settled` resolves when it is done (tests). */
  commit(actor: User, id: string, input: CommitImportInput): Promise<{ dto: ImportPreviewDTO; settled: Promise<void> }>;
}

/**
 * CSV import (issue #11): parse → map (guessed, editable) → preview with per-row errors and duplicates, kept
 * in memory as a pending import → commit: every dossier with its first document (src/lib/dossier-doc through
 * history's draftInitialDocument, as intake does) written in ONE store transaction (ImportStore IM2).
 *
 * Pending imports live in this process (a single-node assumption, like the version chain's caches; design.md
 * "Several nodes"): a restart forgets them and the user uploads again — nothing was written yet.
 */
export function createImportService(deps: {
  imports: ImportStore;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
  maxRows: number;
}): ImportService {
  const pending = new Map<string, PendingImport>();

  function sweep(): void {
    const now = deps.clock.now();
    for (const [id, p] of pending) {
      if (p.status !== 'committing' && now - p.touchedAt > PENDING_TTL_MS) pending.delete(id);
    }
  }

  function mine(actor: User, id: string): PendingImport {
    sweep();
    const p = pending.get(id);
    if (!p || p.actorId !== actor.id) throw new DomainError('not_found', 'import not found (it expires after an hour)');
    p.touchedAt = deps.clock.now();
    return p;
  }

  async function evaluate(p: PendingImport, onRows?: (done: number) => void): Promise<void> {
    const existing = await deps.imports.identities(p.teamId);
    // The team's dossiers are folded into keys in slices too (50,000 of them are ~half a second of work).
    const byName = new Map<string, (typeof existing)[number]>();
    for (let start = 0; start < existing.length; start += EVALUATE_SLICE * 5) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const d of existing.slice(start, start + EVALUATE_SLICE * 5)) byName.set(nameCityKey(d.company, d.city), d);
    }
    const seenName = new Map<string, Evaluated>();
    const seenSite = new Map<string, Evaluated>();
    const evaluated: Evaluated[] = [];
    // In slices with a yield between (10,000 rows are ~150 ms of work): the commit request re-evaluates.
    for (let start = 0; start < p.cells.length; start += EVALUATE_SLICE) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (let i = start; i < Math.min(start + EVALUATE_SLICE, p.cells.length); i++) {
        const { row, errors } = readRow(p.cells[i], p.mapping);
        const e: Evaluated = { line: i + 2, row, errors, duplicateOf: null };
        evaluated.push(e);
        if (errors.length || !row.company) continue;
        const nameKey = nameCityKey(row.company, row.city);
        const siteKey = websiteKey(row.website);
        const known = byName.get(nameKey);
        const earlier = seenName.get(nameKey) ?? (siteKey ? seenSite.get(siteKey) : undefined);
        if (known) {
          e.duplicateOf = { dossierId: known.id, line: null, company: known.company, reason: 'name_city' };
        } else if (earlier) {
          const reason = seenName.get(nameKey) ? 'name_city' : 'website';
          e.duplicateOf = { dossierId: null, line: earlier.line, company: earlier.row.company, reason };
        }
        if (!seenName.has(nameKey)) seenName.set(nameKey, e);
        if (siteKey && !seenSite.has(siteKey)) seenSite.set(siteKey, e);
      }
      onRows?.(evaluated.length);
    }
    p.evaluated = evaluated;
  }

  function toDTO(p: PendingImport): ImportPreviewDTO {
    const rowDTO = (e: Evaluated): ImportRowDTO => ({
      line: e.line,
      company: e.row.company,
      city: e.row.city,
      contactName: e.row.contact?.name ?? '',
      errors: e.errors,
      duplicateOf: e.duplicateOf
    });
    const problems = p.evaluated.filter((e, i) => i >= PREVIEW_ROWS && (e.errors.length || e.duplicateOf));
    return {
      id: p.id,
      teamId: p.teamId,
      status: p.status,
      headers: p.headers,
      mapping: p.mapping,
      total: p.evaluated.length,
      valid: p.evaluated.filter((e) => !e.errors.length).length,
      invalid: p.evaluated.filter((e) => e.errors.length).length,
      duplicates: p.evaluated.filter((e) => e.duplicateOf).length,
      rows: [...p.evaluated.slice(0, PREVIEW_ROWS), ...problems.slice(0, MAX_LISTED_PROBLEMS)].map(rowDTO),
      progress: { ...p.progress },
      phase: p.phase,
      phaseProgress: { ...p.phaseProgress },
      created: p.created,
      error: p.error
    };
  }

  /** The dossier and its first document for one row (owner: the importing user). */
  function draft(p: PendingImport, e: Evaluated, at: number): ImportedDossier {
    const { row } = e;
    const id = deps.ids.next();
    const { document, version, knowledge } = draftInitialDocument({
      dossierId: id,
      versionId: deps.ids.next(),
      createdAt: at,
      createdBy: p.actorId,
      content: {
        fields: {
          company: row.company,
          industry: row.industry,
          street: row.street,
          postalCode: row.postalCode,
          city: row.city,
          country: row.country,
          website: row.website
        },
        contacts: row.contact
          ? [
              {
                id: deps.ids.next(),
                name: row.contact.name,
                role: row.contact.role,
                phone: row.contact.phone,
                email: row.contact.email,
                primary: true
              }
            ]
          : []
      }
    });
    const dossier: Dossier = {
      id,
      teamId: p.teamId,
      ownerId: p.actorId,
      company: row.company,
      street: row.street,
      postalCode: row.postalCode,
      city: row.city,
      industry: row.industry,
      stage: row.stage ?? 'prospect',
      tags: row.tags,
      contactNames: row.contact ? [row.contact.name] : [],
      createdAt: at,
      createdBy: p.actorId,
      updatedAt: at,
      keyAccountManagerId: null,
      standInIds: [],
      knowledge
    };
    return { dossier, document, version };
  }

  /**
   * Moves a commit's progress: the phase's own figures, and the overall `progress` in rows, where each phase
   * fills its IMPORT_PHASE_SHARE after the ones before it. Below `total` until 'committed' (the bar must not
   * show 100% while the rows are still being written or published), and never backwards within a commit.
   */
  function advance(p: PendingImport, phase: ImportPhase, done: number, total: number): void {
    p.phase = phase;
    p.phaseProgress = { done, total };
    const rows = p.progress.total;
    if (phase === 'committed') {
      p.progress = { done: rows, total: rows };
      return;
    }
    const before =
      phase === 'writing'
        ? IMPORT_PHASE_SHARE.checking + IMPORT_PHASE_SHARE.drafting
        : phase === 'drafting'
          ? IMPORT_PHASE_SHARE.checking
          : 0;
    const share = before + IMPORT_PHASE_SHARE[phase] * (total > 0 ? done / total : 0);
    const overall = Math.min(Math.floor(rows * share), Math.max(rows - 1, 0));
    p.progress = { done: Math.max(p.progress.done, overall), total: rows };
  }

  async function run(p: PendingImport, rows: Evaluated[], skipped: number): Promise<void> {
    const at = deps.clock.now();
    p.progress = { done: 0, total: rows.length };
    try {
      const drafted: ImportedDossier[] = [];
      advance(p, 'drafting', 0, rows.length);
      for (let i = 0; i < rows.length; i += SLICE) {
        for (const e of rows.slice(i, i + SLICE)) drafted.push(draft(p, e, at));
        advance(p, 'drafting', drafted.length, rows.length);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      advance(p, 'writing', 0, drafted.length);
      const committed = deps.events.event('import.committed', {
        actorId: p.actorId,
        teamId: p.teamId,
        dossierId: null,
        data: { importId: p.id, created: drafted.length, skipped }
      });
      await deps.imports.commit({
        dossiers: drafted,
        events: [committed],
        onProgress: (written) => advance(p, 'writing', written, drafted.length)
      });
      deps.events.committed();
      p.created = drafted.length;
      advance(p, 'committed', drafted.length, drafted.length);
      p.status = 'committed';
    } catch (error) {
      // IM2: nothing was written; the import can be committed again.
      p.status = 'failed';
      p.phase = null;
      p.error = error instanceof DomainError ? error.message : 'the import could not be written; nothing was saved';
      p.created = 0;
    }
  }

  return {
    async preview(actor, { csv, teamId, separator }) {
      const team = teamId ?? actor.teamIds[0];
      if (!team) throw new DomainError('invalid', 'teamId is required for users without a team');
      if (!canCreateIn(actor, team)) throw new DomainError('forbidden', 'you cannot create dossiers in that team');
      if (!actor.teamIds.includes(team)) throw new DomainError('invalid', 'import into one of your own teams');
      const parsed = parseCsv(csv, separator);
      if (parsed.rows.length === 0) throw new DomainError('invalid', 'the file has a header but no rows');
      if (parsed.rows.length > deps.maxRows) {
        throw new DomainError('too_large', `the file has ${parsed.rows.length} rows; at most ${deps.maxRows} at once`);
      }
      sweep();
      const p: PendingImport = {
        id: deps.ids.next(),
        teamId: team,
        actorId: actor.id,
        headers: parsed.headers,
        cells: parsed.rows,
        mapping: guessMapping(parsed.headers),
        evaluated: [],
        status: 'pending',
        progress: { done: 0, total: 0 },
        phase: null,
        phaseProgress: { done: 0, total: 0 },
        created: 0,
        error: null,
        touchedAt: deps.clock.now()
      };
      await evaluate(p);
      pending.set(p.id, p);
      return toDTO(p);
    },

    async remap(actor, id, mapping) {
      const p = mine(actor, id);
      if (p.status === 'committing' || p.status === 'committed') throw new DomainError('conflict', 'already committed');
      const problem = mappingProblem(mapping, p.headers.length);
      if (problem) throw new DomainError('invalid', problem);
      p.mapping = { ...Object.fromEntries(p.headers.map((_, i) => [String(i), 'ignore' as const])), ...mapping };
      p.status = 'pending';
      await evaluate(p);
      return toDTO(p);
    },

    async get(actor, id) {
      return toDTO(mine(actor, id));
    },

    async commit(actor, id, input) {
      const p = mine(actor, id);
      if (p.status === 'committing' || p.status === 'committed') throw new DomainError('conflict', 'already committed');
      const problem = mappingProblem(p.mapping, p.headers.length);
      if (problem) throw new DomainError('invalid', problem);
      // Claimed before the re-evaluation, which yields: a second commit request meanwhile gets 409.
      const before = p.status;
      p.status = 'committing';
      // A new commit starts from zero (after a failed one too); the checking phase fills no share of the bar.
      p.progress = { done: 0, total: p.cells.length };
      advance(p, 'checking', 0, p.cells.length);
      let rows: Evaluated[];
      try {
        // Dossiers created since the preview count as duplicates now.
        await evaluate(p, (done) => advance(p, 'checking', done, p.cells.length));
        const invalid = p.evaluated.filter((e) => e.errors.length).length;
        if (invalid > 0 && !input.skipInvalid) {
          throw new DomainError('invalid', `${invalid} rows have errors: fix the file, or import without them`);
        }
        rows = p.evaluated.filter((e) => !e.errors.length && !(input.skipDuplicates && e.duplicateOf));
        if (rows.length === 0) throw new DomainError('invalid', 'no rows left to import');
      } catch (error) {
        p.status = before;
        p.phase = null;
        throw error;
      }
      p.error = null;
      const settled = run(p, rows, p.evaluated.length - rows.length);
      return { dto: toDTO(p), settled };
    }
  };
}
