import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, binaryContent, errorResponses } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { authoriseExtract, extractStream, minPurposeLength } from './interop.export.ts';

const ExtractQuery = z.object({
  region: z
    .string()
    .regex(/^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/)
    .openapi({ example: '31.72' }),
  kind: z.enum(['household', 'person']),
  purpose: z.string().min(minPurposeLength).max(500),
});

const extract = createRoute({
  method: 'get',
  path: '/exports/extract',
  tags: ['exports'],
  summary:
    'Full extract of an area (households or persons file, CSV in the import’s column layout), streamed; secretariat or kota TKPK for its kota; every household audited with the purpose',
  request: { query: ExtractQuery },
  responses: { 200: { description: 'CSV file', content: binaryContent('text/csv') }, ...errorResponses },
});

/** Session routes of the interop module (mounted under /api/v1). */
export function interopExportRoutes() {
  const app = createRouter();
  app.openapi(extract, (c) => {
    const user = requireUser(c);
    const query = c.req.valid('query');
    const purpose = authoriseExtract(user, query.region, query.purpose);
    const stream = extractStream(c.get('ctx').database.db, user, query.kind, query.region, purpose);
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="extract-${query.kind}-${query.region}.csv"`,
      },
    });
  });
  return app;
}
