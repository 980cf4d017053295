import type { ErrorBody } from '$lib/contract';
import { ApiError, fallbackCode, isErrorCode } from './api-error';

export type Fetch = typeof fetch;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** SvelteKit's load `fetch`, when called from a load function. */
  fetch?: Fetch;
  signal?: AbortSignal;
}

let unauthenticatedHandler: (() => void) | null = null;

/**
 * The app shell registers this so a session that expires mid-use sends the user to the login page,
 * whatever call noticed it first. Login and session probes opt out with `quiet401`.
 */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

/** Runs the app-wide unauthenticated handler for a 401 noticed outside `request` (a probe, a closed socket). */
export function notifyUnauthenticated(): void {
  unauthenticatedHandler?.();
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: keep the status-derived code
  }
  const err = (body as Partial<ErrorBody> | null)?.error;
  if (err && isErrorCode(err.code)) {
    return new ApiError({
      code: err.code,
      message: String(err.message ?? ''),
      status: res.status,
      details: err.details
    });
  }
  return new ApiError({
    code: fallbackCode(res.status),
    message: res.statusText || 'request failed',
    status: res.status
  });
}

export async function request<T>(options: RequestOptions & { quiet401?: boolean }): Promise<T> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(buildUrl(options.path, options.query), {
      method: options.method ?? 'GET',
      headers:
        options.body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ code: 'internal', message: 'network unreachable', status: 0 });
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (error.code === 'unauthenticated' && !options.quiet401) unauthenticatedHandler?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
