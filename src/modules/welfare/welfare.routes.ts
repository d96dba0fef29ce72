import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, PageQuery, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { RecomputePayload } from './welfare.jobs.ts';
import { listPmtModels } from './welfare.models.service.ts';
import {
  PmtModelSchema,
  presentModel,
  presentSnapshot,
  SnapshotDetailSchema,
  SnapshotSchema,
} from './welfare.presenter.ts';
import { requestRecompute } from './welfare.service.ts';
import { getSnapshotDetail, listSnapshots } from './welfare.snapshots.service.ts';

// Models and snapshots are metadata and province-wide aggregates, not personal data: any signed-in role reads them.

const SnapshotParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const listModels = createRoute({
  method: 'get',
  path: '/welfare/models',
  tags: ['welfare'],
  summary: 'Proxy-means-test model versions, newest first (coefficients as data)',
  responses: { 200: json(z.object({ items: z.array(PmtModelSchema) }), 'The models'), ...errorResponses },
});

const listSnapshotsRoute = createRoute({
  method: 'get',
  path: '/welfare/snapshots',
  tags: ['welfare'],
  summary: 'Ranking snapshots, latest first, with their targeting quality',
  request: { query: PageQuery },
  responses: {
    200: json(
      z.object({
        items: z.array(SnapshotSchema),
        page: z.number().int(),
        pageSize: z.number().int(),
        total: z.number().int(),
      }),
      'One page of snapshots',
    ),
    ...errorResponses,
  },
});

const getSnapshotRoute = createRoute({
  method: 'get',
  path: '/welfare/snapshots/{id}',
  tags: ['welfare'],
  summary: 'One ranking snapshot with its desil distribution',
  request: { params: SnapshotParams },
  responses: { 200: json(SnapshotDetailSchema, 'The snapshot'), ...errorResponses },
});

const recompute = createRoute({
  method: 'post',
  path: '/welfare/recompute',
  tags: ['welfare'],
  summary: 'Queue a re-ranking of every household (secretariat only); follow it at /jobs/{jobId}',
  request: { body: { required: false, content: { 'application/json': { schema: RecomputePayload } } } },
  responses: {
    202: json(z.object({ jobId: z.number().int() }), 'The recompute job was queued'),
    ...errorResponses,
  },
});

/** Routes of the welfare module (mounted under /api/v1). */
export function welfareRoutes() {
  const router = createRouter();

  router.openapi(listModels, async (c) => {
    requireUser(c);
    const models = await listPmtModels(c.get('ctx').database.db);
    return c.json({ items: models.map(presentModel) }, 200);
  });

  router.openapi(listSnapshotsRoute, async (c) => {
    requireUser(c);
    const { page, pageSize } = c.req.valid('query');
    const { items, total } = await listSnapshots(c.get('ctx').database.db, page, pageSize);
    return c.json({ items: items.map(presentSnapshot), page, pageSize, total }, 200);
  });

  router.openapi(getSnapshotRoute, async (c) => {
    requireUser(c);
    const { snapshot, desils } = await getSnapshotDetail(c.get('ctx').database.db, c.req.valid('param').id);
    return c.json({ ...presentSnapshot(snapshot), desils }, 200);
  });

  router.openapi(recompute, async (c) => {
    const user = requireUser(c);
    const jobId = await requestRecompute(c.get('ctx'), user, c.req.valid('json') ?? {});
    return c.json({ jobId }, 202);
  });

  return router;
}
