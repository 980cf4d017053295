import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { SESSION_COOKIE } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { isAllowedOrigin } from '../origin-check';

/** Methods that change nothing (RFC 9110 §9.2.1); everything else is guarded. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a browser says about where a request came from; `same-site` includes sibling subdomains and ports. */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

const hasBody = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] !== undefined ||
  (headers['content-length'] !== undefined && headers['content-length'] !== '0');

const mediaType = (contentType: string): string => contentType.split(';')[0].trim().toLowerCase();

/**
 * Cross-site request forgery guard for /api, before any body is read. The session cookie is SameSite=Lax,
 * which stops cross-SITE form posts but not same-site ones (another port, a sibling subdomain), and a bodiless
 * POST such as `…/versions/:v/restore` needs no JSON to do harm. A state-changing request (any method but
 * GET/HEAD/OPTIONS) is refused when:
 *
 * 1. its `Origin` is present and foreign: neither this host nor listed in ALLOWED_ORIGINS (the rule the
 *    WebSocket upgrades use, origin-check.ts) → 403 forbidden. `Origin: null` (sandboxed frames) is foreign.
 * 2. its `Sec-Fetch-Site` is `cross-site` or `same-site` and its Origin is not listed in ALLOWED_ORIGINS
 *    → 403 forbidden. `same-origin` and `none` (typed URL, bookmark) pass.
 * 3. it carries a `Content-Type` other than `application/json` (parameters such as charset allowed), or a body
 *    without any Content-Type → 415 with code `invalid`. HTML forms can only send urlencoded, multipart or
 *    text/plain, and always send one of them, even with no fields: so no form can pass, bodiless or not.
 *
 * What is left is a bodiless request without a Content-Type. Browsers send those only from fetch/sendBeacon,
 * which always attach `Origin` to a non-GET request, so rules 1-2 decide. Requests with neither `Origin` nor
 * `Sec-Fetch-Site` (curl, server-to-server integrations with Bearer keys) cannot carry a victim's cookie and pass.
 *
 * Exemption from rules 1-2 (not 3): a request to one of `bearerPaths` (the lead intake, called by web forms on
 * other sites) that carries `Authorization: Bearer …` and NO session cookie. Forgery rides a victim's cookie;
 * without one the request can only act with the key it names, which a foreign page must already hold. The
 * same request with a session cookie is guarded as usual (the endpoint ignores sessions, but a cookie means
 * a browser that might be tricked, so no exception is made for it).
 */
export function crossSiteGuard(options: { allowedOrigins: string[]; bearerPaths?: string[] }): RequestHandler {
  const listed = new Set(options.allowedOrigins);
  const bearerPaths = new Set(options.bearerPaths ?? []);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const exempt = bearerPaths.has(req.path) && isBearerWithoutSession(req);
    if (exempt) return next(contentTypeProblem(req));
    if (origin !== undefined && !isAllowedOrigin(req, options.allowedOrigins)) {
      return next(new DomainError('forbidden', `cross-origin request refused (Origin ${origin.slice(0, 100)})`));
    }
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite !== undefined && FOREIGN_FETCH_SITES.has(fetchSite) && !(origin && listed.has(origin))) {
      return next(new DomainError('forbidden', `cross-origin request refused (Sec-Fetch-Site ${fetchSite})`));
    }
    next(contentTypeProblem(req));
  };
}

/**
 * Rule 3's accepted types. text/csv (issue #11 CSV import) is as safe as JSON here: no HTML form can send it,
 * and a cross-origin fetch with it needs a CORS preflight, which this server never grants.
 */
const BODY_TYPES = new Set(['application/json', 'text/csv']);

/** Rule 3, or undefined when the request passes it. */
function contentTypeProblem(req: Request): Error | undefined {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined ? !BODY_TYPES.has(mediaType(contentType)) : hasBody(req.headers)) {
    // Shaped like body-parser's errors: the error handler answers 415 with code `invalid` and this message.
    return Object.assign(
      new Error(
        `${req.method} requests must send Content-Type: application/json or text/csv (got ${contentType?.slice(0, 100) ?? 'none'})`
      ),
      { status: 415, expose: true }
    );
  }
  return undefined;
}

function isBearerWithoutSession(req: Request): boolean {
  if (!/^bearer\s+\S/i.test(req.headers.authorization ?? '')) return false;
  const cookies = req.headers.cookie;
  return cookies === undefined || parseCookies(cookies)[SESSION_COOKIE] === undefined;
}
