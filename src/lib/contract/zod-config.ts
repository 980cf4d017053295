import { z } from 'zod';

/**
 * In the browser, zod parses without its JIT: the page's Content-Security-Policy has no 'unsafe-eval', and
 * zod's probe for `new Function` (swallowed when it throws) is still reported as a CSP violation on every
 * load. The server keeps the JIT. zod reads this flag when a schema is BUILT, so every contract module that
 * builds schemas imports this file first (ids.ts covers the ones importing it).
 */
if (typeof window !== 'undefined') z.config({ jitless: true });
