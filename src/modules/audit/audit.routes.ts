import { createRouter } from '../../http/openapi.ts';

/** Routes of the audit module (mounted under /api/v1). */
export function auditRoutes() {
  const router = createRouter();
  return router;
}
