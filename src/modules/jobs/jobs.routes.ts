import { createRouter } from '../../http/openapi.ts';

/** Routes of the jobs module (mounted under /api/v1). */
export function jobsRoutes() {
  const router = createRouter();
  return router;
}
