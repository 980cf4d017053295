import { Router } from 'express';
import { z } from 'zod';
import {
  CreateListInput,
  ExportQuery,
  FilterQuery,
  Id,
  ListPageQuery,
  PatchListInput,
  RenameTagInput,
  TagQuery,
  type ListFilter
} from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import { csvChunk } from './csv-export';
import type { SegmentService } from './segments.service';

const IdParam = z.object({ id: Id });
/** Rows fetched per page while exporting: big enough to be quick, small enough to stream. */
const EXPORT_PAGE = 500;

const pickFilter = <T extends ListFilter>(query: T): ListFilter => {
  const { tag, stage, industry, ownerId, teamId, city, pointOfSale, lastContactBefore, lastContactAfter, revenueBand } =
    query;
  return Object.fromEntries(
    Object.entries({
      tag,
      stage,
      industry,
      ownerId,
      teamId,
      city,
      pointOfSale,
      lastContactBefore,
      lastContactAfter,
      revenueBand
    }).filter(([, v]) => v !== undefined)
  ) as ListFilter;
};

/**
 * Issue #11: /api/tags, /api/lists, /api/segments (unsaved filters: count and pages for the live filter builder)
 * and /api/dossiers/export.csv. Mounted BEFORE the dossier routes: /dossiers/:id would take "export.csv".
 */
export function createSegmentRoutes(deps: { segments: SegmentService }): Router {
  const router = Router();
  const { segments } = deps;

  router.get('/tags', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json({ items: await segments.tags(user, TagQuery.parse(req.query)) });
  });

  router.post('/tags/rename', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await segments.renameTag(user, RenameTagInput.parse(req.body)));
  });

  router.get('/lists', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json({ items: await segments.lists(user) });
  });

  router.post('/lists', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.status(201).json(await segments.createList(user, CreateListInput.parse(req.body)));
  });

  router.get('/lists/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await segments.getList(user, IdParam.parse(req.params).id));
  });

  router.patch('/lists/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await segments.updateList(user, IdParam.parse(req.params).id, PatchListInput.parse(req.body)));
  });

  router.delete('/lists/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    await segments.deleteList(user, IdParam.parse(req.params).id);
    res.status(204).end();
  });

  router.get('/lists/:id/dossiers', async (req, res) => {
    const { user } = requireAuth(req, res);
    const filter = await segments.filterOf(user, IdParam.parse(req.params).id);
    res.json(await segments.dossiers(user, filter, ListPageQuery.parse(req.query)));
  });

  router.get('/lists/:id/count', async (req, res) => {
    const { user } = requireAuth(req, res);
    const filter = await segments.filterOf(user, IdParam.parse(req.params).id);
    res.json({ count: await segments.count(user, filter) });
  });

  router.get('/segments/dossiers', async (req, res) => {
    const { user } = requireAuth(req, res);
    const query = FilterQuery.parse(req.query);
    res.json(await segments.dossiers(user, pickFilter(query), { limit: query.limit, cursor: query.cursor }));
  });

  router.get('/segments/count', async (req, res) => {
    const { user } = requireAuth(req, res);
    const query = FilterQuery.parse(req.query);
    res.json({ count: await segments.count(user, pickFilter(query)) });
  });

  router.get('/dossiers/export.csv', async (req, res) => {
    const { user } = requireAuth(req, res);
    const query = ExportQuery.parse(req.query);
    const filter = query.list ? await segments.filterOf(user, query.list) : pickFilter(query);
    // The first page is read before any byte is sent, so a refusal is still a JSON error with its status.
    let page = await segments.dossiers(user, filter, { limit: EXPORT_PAGE });
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="dossiers.csv"');
    res.setHeader('Cache-Control', 'no-store');
    res.write(csvChunk({ rows: page.items, separator: query.sep, first: true }));
    while (page.nextCursor) {
      page = await segments.dossiers(user, filter, { limit: EXPORT_PAGE, cursor: page.nextCursor });
      res.write(csvChunk({ rows: page.items, separator: query.sep, first: false }));
    }
    res.end();
  });

  return router;
}
