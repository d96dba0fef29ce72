import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';

/** Loads the session user from the cookie (placeholder until the access module lands). */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};

/** The signed-in user of the request; throws UNAUTHENTICATED (401) when there is none. */
export function requireUser(c: Context<AppEnv>): SessionUser {
  const user = c.get('user');
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return user;
}
