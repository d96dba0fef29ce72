import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { findUserOfSession, isCsrfTokenValid, sessionCookieName } from './access.session.ts';

/** Methods that change state and therefore need the CSRF token. */
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Signing in has no session yet (SameSite=Lax keeps cross-site posts from carrying the cookie). */
const csrfExemptPaths = ['/auth/login'];
export const csrfHeaderName = 'X-CSRF-Token';

/**
 * Loads the session user from the cookie (unknown or expired session, or inactive user: anonymous) and
 * enforces CSRF on writes: a signed-in request that changes state must echo the session's token in the
 * `X-CSRF-Token` header (synchronizer token pattern, OWASP CSRF Prevention Cheat Sheet), else 403 CSRF_FAILED.
 * Anonymous writes pass on to the route, which answers 401: with no session there is nothing to forge.
 */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, sessionCookieName);
  const user = token ? await findUserOfSession(c.get('ctx').database.db, token) : null;
  c.set('user', user);
  const isExempt = csrfExemptPaths.some((p) => c.req.path.endsWith(p));
  if (user && unsafeMethods.has(c.req.method) && !isExempt) {
    if (!isCsrfTokenValid(user, c.req.header(csrfHeaderName)))
      throw new AppError('CSRF_FAILED', `Send the session's CSRF token in the ${csrfHeaderName} header.`);
  }
  await next();
};

/** The signed-in user of the request; throws UNAUTHENTICATED (401) when there is none. */
export function requireUser(c: Context<AppEnv>): SessionUser {
  const user = c.get('user');
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return user;
}

/** The session token of the request's cookie, if any. */
export function sessionTokenOf(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName);
}

/**
 * The client's network address, for login throttling. Proxy headers (X-Forwarded-For) are not trusted:
 * a client could forge them to dodge the per-address limit.
 */
export function clientAddressOf(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
