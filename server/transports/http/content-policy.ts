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
  return {
    json: helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }
    }),
    files: helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"]
      }
    })
  };
}
