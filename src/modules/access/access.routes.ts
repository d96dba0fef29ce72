import { createRouter } from '../../http/openapi.ts';

/** Routes of the access module (mounted under /api/v1). */
export function accessRoutes() {
  const router = createRouter();
  return router;
}
