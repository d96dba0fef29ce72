import { createRouter } from '../../http/openapi.ts';

/** Routes of the registry module (mounted under /api/v1). */
export function registryRoutes() {
  const router = createRouter();
  return router;
}
