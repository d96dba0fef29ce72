import { createRouter } from '../../http/openapi.ts';

/** Routes of the welfare module (mounted under /api/v1). */
export function welfareRoutes() {
  const router = createRouter();
  return router;
}
