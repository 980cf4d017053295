import express, { Router } from 'express';
import { z } from 'zod';
import { CommitImportInput, Id, ImportQuery, PatchImportInput } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { requireAuth } from '../identity';
import type { ImportService } from './import.service';

const IdParam = z.object({ id: Id });

/**
 * Issue #11 CSV import: POST /api/imports (text/csv body → preview), GET/PATCH /api/imports/:id (progress,
 * mapping), POST /api/imports/:id/commit (202; poll GET for progress). The CSV body has its own size limit
 * (IMPORT_MAX_BYTES), far above the JSON one; a larger file is refused with 413 before it is read.
 */
export function createImportRoutes(deps: { imports: ImportService; maxBytes: number }): Router {
  const router = Router();
  const { imports } = deps;
  const megabytes = (deps.maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
  const tooLarge = () => new DomainError('too_large', `the file is larger than ${megabytes} MB; split it into parts`);

  router.post(
    '/imports',
    (req, _res, next) => {
      // Refused from the announced length, so a 50 MB upload is not read; a chunked one is cut by the parser.
      if (Number(req.headers['content-length'] ?? 0) > deps.maxBytes) return next(tooLarge());
      next();
    },
    express.text({ type: 'text/csv', limit: deps.maxBytes, defaultCharset: 'utf-8' }),
    async (req, res) => {
      const { user } = requireAuth(req, res);
      const query = ImportQuery.parse(req.query);
      if (typeof req.body !== 'string' || req.body.length === 0) {
        throw new DomainError('invalid', 'send the CSV file as the body with Content-Type: text/csv');
      }
      const separator = query.sep === 'semicolon' ? ';' : query.sep === 'comma' ? ',' : undefined;
      res.status(201).json(await imports.preview(user, { csv: req.body, teamId: query.teamId, separator }));
    }
  );

  router.get('/imports/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await imports.get(user, IdParam.parse(req.params).id));
  });

  router.patch('/imports/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await imports.remap(user, IdParam.parse(req.params).id, PatchImportInput.parse(req.body).mapping));
  });

  router.post('/imports/:id/commit', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { dto } = await imports.commit(user, IdParam.parse(req.params).id, CommitImportInput.parse(req.body ?? {}));
    res.status(202).json(dto);
  });

  return router;
}
