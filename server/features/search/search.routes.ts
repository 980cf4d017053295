import { Router } from 'express';
import { SearchQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { SearchService } from './search.service';

/** GET /api/search?q= (issue #11): ranked hits across the dossiers the caller may see. */
export function createSearchRoutes(deps: { search: SearchService }): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { q } = SearchQuery.parse(req.query);
    // Results change with every keystroke and every colleague's edit: never from a cache.
    res.set('Cache-Control', 'no-store');
    res.json(await deps.search.search(user, q));
  });
  return router;
}
