import { createRoute } from '@hono/zod-openapi';
import { binaryContent, createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  PriorityQuery,
  PriorityResultSchema,
  WeightingBody,
  WeightingListSchema,
  WeightingParams,
  WeightingSchema,
} from './priority.contracts.ts';
import { priorityWorkbook } from './priority.export.ts';
import { comparePriorityLocations, listWeightings, saveWeighting } from './priority.service.ts';

const tags = ['priority'];

const weightings = createRoute({
  method: 'get',
  path: '/priority/weightings',
  tags,
  summary: 'The named weightings of the priority-location score',
  responses: { 200: json(WeightingListSchema, 'The weightings'), ...errorResponses },
});

const saveWeightingRoute = createRoute({
  method: 'put',
  path: '/priority/weightings/{code}',
  tags,
  summary: 'Creates a weighting or changes its weights (the TKPK secretariat); the four weights sum to 1',
  request: { params: WeightingParams, body: { content: { 'application/json': { schema: WeightingBody } } } },
  responses: { 200: json(WeightingSchema, 'The saved weighting'), ...errorResponses },
});

const locations = createRoute({
  method: 'get',
  path: '/priority/locations',
  tags,
  summary:
    'Kelurahan ranked by the priority score under weightings A and B side by side, each score with its breakdown; aggregates only',
  request: { query: PriorityQuery },
  responses: { 200: json(PriorityResultSchema, 'The ranked kelurahan'), ...errorResponses },
});

const xlsx = createRoute({
  method: 'get',
  path: '/priority/locations.xlsx',
  tags,
  summary: 'The same comparison as an XLSX workbook',
  request: { query: PriorityQuery },
  responses: {
    200: {
      description: 'XLSX',
      content: binaryContent('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    },
    ...errorResponses,
  },
});

/** Priority-location routes (mounted under /api/v1): any signed-in role; kelurahan aggregates, no personal data. */
export function priorityRoutes() {
  const router = createRouter();
  router.openapi(weightings, async (c) => {
    requireUser(c);
    return c.json({ items: await listWeightings(c.get('ctx').database.db) }, 200);
  });
  router.openapi(saveWeightingRoute, async (c) => {
    const user = requireUser(c);
    const saved = await saveWeighting(
      c.get('ctx').database.db,
      user,
      c.req.valid('param').code,
      c.req.valid('json'),
    );
    return c.json(saved, 200);
  });
  router.openapi(locations, async (c) => {
    requireUser(c);
    return c.json(await comparePriorityLocations(c.get('ctx').database.db, c.req.valid('query')), 200);
  });
  router.openapi(xlsx, async (c) => {
    const user = requireUser(c);
    const result = await comparePriorityLocations(c.get('ctx').database.db, c.req.valid('query'));
    const bytes = await priorityWorkbook(result, user.username);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="lokasi-prioritas-${result.a.code}-${result.b.code}.xlsx"`,
      'Cache-Control': 'no-store',
    });
  });
  return router;
}
