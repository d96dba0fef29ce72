import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** One refused field of a request, as the server names it (src/http/errors.ts FieldIssue). */
export interface FieldIssue {
  /** Where, e.g. `body.locations.0`. */
  path: string;
  /** A stable reason code, e.g. `required`, `unknown`, `taken`. */
  reason: string;
  /** The server's sentence (English). */
  message: string;
}

/**
 * An API failure with the server's stable error code (src/http/errors.ts), the fields it refused (`details.issues`
 * of a 400) and, for 429, the wait in seconds.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

/** Remembers the CSRF token of the session (from login or /auth/me); unsafe requests must echo it. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** What to do when any call answers 401 (the session ended): the app sends the user back to sign in. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sessionProbes = ['/api/v1/auth/login', '/api/v1/auth/me'];

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken && unsafeMethods.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    // A 401 from login is a wrong password and from /auth/me simply "not signed in": neither is an expiry.
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !sessionProbes.includes(path)) onUnauthorized();
    return response;
  },
};

/** The typed API client: paths and bodies come from the server's OpenAPI document (npm run api:types). */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an API call and returns its data, or throws an ApiError carrying the server's error code. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  throw apiErrorOf(response, error);
}

/** The ApiError of a failed response whose JSON body (`{ error: { code, message, details? } }`) was read. */
export function apiErrorOf(response: Response, json: unknown): ApiError {
  const body = (json ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(
    response.status,
    body.error?.code ?? (response.status >= 500 ? 'INTERNAL' : 'UNKNOWN'),
    body.error?.message ?? response.statusText,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    issuesOf(body.error?.details),
  );
}

/** The well-formed entries of an error's `details.issues`; anything else is ignored. */
function issuesOf(details: unknown): FieldIssue[] {
  const issues = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is FieldIssue =>
      typeof i === 'object' &&
      i !== null &&
      typeof (i as FieldIssue).path === 'string' &&
      typeof (i as FieldIssue).reason === 'string' &&
      typeof (i as FieldIssue).message === 'string',
  );
}
