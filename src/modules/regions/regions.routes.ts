import { createRouter } from '../../http/openapi.ts';

/** Routes of the regions module (mounted under /api/v1). */
export function regionsRoutes() {
  const router = createRouter();
  return router;
}
