import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv, SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { createRouter, errorResponses, ErrorSchema } from '../../http/openapi.ts';
import { clientAddressOf, requireUser, sessionTokenOf } from './access.middleware.ts';
import { roles } from './access.schema.ts';
import { passwordMaxLength } from './access.service.ts';
import { describeSession, sessionCookieName, signIn, signOut } from './access.session.ts';

const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(64).openapi({ example: 'kel.penjaringan' }),
    password: z.string().min(1).max(passwordMaxLength),
  })
  .openapi('LoginRequest');

const SessionSchema = z
  .object({
    user: z.object({
      id: z.number().int(),
      username: z.string(),
      displayName: z.string(),
      role: z.enum(roles),
      organisation: z.string().nullable(),
      area: z.object({ code: z.string(), level: z.string().nullable(), name: z.string() }),
    }),
    csrfToken: z.string().openapi({ description: 'Send it in the X-CSRF-Token header of every write.' }),
  })
  .openapi('Session');

const sessionContent = { 'application/json': { schema: SessionSchema } };

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['access'],
  summary: 'Sign in; sets the tepat_session cookie',
  security: [],
  request: { body: { required: true, content: { 'application/json': { schema: LoginBody } } } },
  responses: {
    200: { description: 'Signed in', content: sessionContent },
    ...errorResponses,
    429: {
      description: 'Too many failed attempts; see Retry-After',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['access'],
  summary: 'Sign out (needs the X-CSRF-Token header)',
  responses: {
    200: {
      description: 'Signed out',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } },
    },
    ...errorResponses,
  },
});

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['access'],
  summary: 'The signed-in user and the CSRF token',
  responses: { 200: { description: 'The session', content: sessionContent }, ...errorResponses },
});

/** Decides what leaves the server about the signed-in user: no hash, no session token. */
async function presentSession(c: Context<AppEnv>, user: SessionUser) {
  const { area } = await describeSession(c.get('ctx').database.db, user);
  const { id, username, displayName, role, organisation } = user;
  return { user: { id, username, displayName, role, organisation, area }, csrfToken: user.csrfToken };
}

/** Routes of the access module (mounted under /api/v1). */
export function accessRoutes() {
  const router = createRouter();

  router.openapi(login, async (c) => {
    const { config, database } = c.get('ctx');
    const body = c.req.valid('json');
    try {
      const signedIn = await signIn(
        database.db,
        { ...body, clientAddress: clientAddressOf(c), previousToken: sessionTokenOf(c) },
        config.sessionTtlHours,
      );
      setCookie(c, sessionCookieName, signedIn.token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: config.secureCookies,
        expires: signedIn.expiresAt,
      });
      return c.json(await presentSession(c, signedIn.user), 200);
    } catch (error) {
      const retryAfter = error instanceof AppError ? retryAfterOf(error) : undefined;
      if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
      throw error;
    }
  });

  router.openapi(logout, async (c) => {
    const user = requireUser(c);
    await signOut(c.get('ctx').database.db, sessionTokenOf(c)!, user);
    deleteCookie(c, sessionCookieName, { path: '/' });
    return c.json({ ok: true as const }, 200);
  });

  router.openapi(me, async (c) => c.json(await presentSession(c, requireUser(c)), 200));

  return router;
}

/** Seconds to wait, carried by a RATE_LIMITED error. */
function retryAfterOf(error: AppError): number | undefined {
  if (error.code !== 'RATE_LIMITED') return undefined;
  const details = error.details as { retryAfterSeconds?: number } | undefined;
  return details?.retryAfterSeconds;
}
