import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Content-Security-Policy for everything SvelteKit does not render. Pages get theirs from SvelteKit
 * (svelte.config.js `kit.csp`, with the hash of its inline bootstrap script); its handler SETS the header,
 * replacing the fallback below. Two policies here:
 * - JSON (/api, /healthz): nothing may load or run, nothing may frame it: a response opened directly in a
 *   tab, or sniffed as HTML by an old browser, stays inert.
 * - static files (built assets, /service-worker.js, favicon): a worker's own fetches obey the policy of the
 *   response that delivered its script, so 'none' there would stop the service worker from caching the app
 *   shell. Same origin only, as on the pages.
 */
export function contentPolicy(): { json: RequestHandler; files: RequestHandler } {
  const filesPolicy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"]
    }
  });
  return {
    json: helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }
    }),
    // Only files, never pages: SvelteKit answers a page revalidation with a 304 that carries no CSP of its
    // own, and a browser merges a 304's headers into the cached page, so a fallback policy here replaced the
    // page's (with its script hash) and the service worker's revalidated shell rendered blank.
    files: (req, res, next) => (isFilePath(req.path) ? filesPolicy(req, res, next) : next())
  };
}

/** Built assets, the service worker and files from static/ (a dot in the last segment); not app routes. */
function isFilePath(path: string): boolean {
  return path.startsWith('/_app/') || /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1));
}
