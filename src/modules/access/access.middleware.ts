import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/context.ts';

/** Loads the session user from the cookie (placeholder until the access module lands). */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};
