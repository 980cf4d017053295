import type { HandleServerError } from '@sveltejs/kit';

/**
 * SvelteKit's default logs every error with a full stack, including those a client causes: a malformed URL
 * (`/%E0%A4%A`) is a 400 "Failed to decode URI" with ten frames, so anyone could fill the log. Client errors
 * (status < 500) are answered and not logged. A real failure is logged once, as one JSON line with the request
 * id (set by the Express server, server/transports/http/request-id.ts) and the path, never the query string.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status < 500) return { message };
  console.error(
    JSON.stringify({
      level: 'error',
      msg: 'page request failed',
      requestId: event.request.headers.get('x-request-id'),
      method: event.request.method,
      path: event.url.pathname,
      status,
      err: error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : String(error)
    })
  );
  return { message: 'Internal Error' };
};
