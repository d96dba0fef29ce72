import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { OpenDataCsvQuery, OpenDataQuery, OpenDataSchema } from './opendata.contracts.ts';
import { openDataAreas, openDataCsv, suppressionThreshold } from './opendata.service.ts';

const tags = ['open-data'];

const areas = createRoute({
  method: 'get',
  path: '/open-data/areas',
  tags,
  security: [],
  summary:
    'Public, no sign-in: registry aggregates by area (households, persons, desil 1–4, extreme poor, coverage by pillar); counts under 10 and their complements suppressed',
  request: { query: OpenDataQuery },
  responses: { 200: json(OpenDataSchema, 'The areas of the level'), ...errorResponses },
});

const csv = createRoute({
  method: 'get',
  path: '/open-data/areas.csv',
  tags,
  security: [],
  summary: 'Public, no sign-in: one level’s aggregates as CSV; suppressed cells are blank',
  request: { query: OpenDataCsvQuery },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

/** Open data routes (mounted under /api/v1): public like sign-in, aggregates only. */
export function openDataRoutes() {
  const router = createRouter();
  router.openapi(areas, async (c) => {
    const { level, within } = c.req.valid('query');
    const rows = await openDataAreas(c.get('ctx').database.db, level, within);
    return c.json({ threshold: suppressionThreshold, level, areas: rows }, 200);
  });
  router.openapi(csv, async (c) => {
    const { level } = c.req.valid('query');
    return c.body(await openDataCsv(c.get('ctx').database.db, level), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tepat-data-terbuka-${level}.csv"`,
      'Cache-Control': 'no-store',
    });
  });
  return router;
}
