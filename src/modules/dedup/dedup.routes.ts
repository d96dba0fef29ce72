import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  DecisionBody,
  PairDetailSchema,
  PairIdParam,
  PairListQuery,
  PairListSchema,
  RunListSchema,
} from './dedup.contracts.ts';
import { decidePair, listPairs, listRuns, readPair, unmergePair } from './dedup.review.ts';

const tags = ['dedup'];
const db = (c: Context<AppEnv>) => c.get('ctx').database.db;

const list = createRoute({
  method: 'get',
  path: '/dedup/pairs',
  tags,
  summary:
    'Candidate duplicate pairs in the caller’s area (pending review by default), best score first; audited',
  request: { query: PairListQuery },
  responses: { 200: json(PairListSchema, 'One page of pairs'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/dedup/pairs/{id}',
  tags,
  summary:
    'A pair side by side: both persons, households, enrolments, per-field agreement and weight; audited',
  request: { params: PairIdParam },
  responses: { 200: json(PairDetailSchema, 'The pair'), ...errorResponses },
});

const decide = createRoute({
  method: 'post',
  path: '/dedup/pairs/{id}/decision',
  tags,
  summary: 'Decide a pair pending review: merge (the lower id survives) or not a duplicate',
  request: {
    params: PairIdParam,
    body: { required: true, content: { 'application/json': { schema: DecisionBody } } },
  },
  responses: { 200: json(PairDetailSchema, 'The pair after the decision'), ...errorResponses },
});

const unmerge = createRoute({
  method: 'post',
  path: '/dedup/pairs/{id}/unmerge',
  tags,
  summary: 'Undo the merge of a merged pair exactly (status, memberships and enrolments as before)',
  request: { params: PairIdParam },
  responses: { 200: json(PairDetailSchema, 'The pair after unmerging'), ...errorResponses },
});

const runs = createRoute({
  method: 'get',
  path: '/dedup/runs',
  tags,
  summary: 'The latest deduplication runs (secretariat)',
  responses: { 200: json(RunListSchema, 'Runs, newest first'), ...errorResponses },
});

const start = createRoute({
  method: 'post',
  path: '/dedup/runs',
  tags,
  summary: 'Start a deduplication run of the whole registry as a background job (secretariat)',
  responses: {
    202: json(z.object({ jobId: z.number().int() }), 'The job was queued; follow it at /jobs/{jobId}'),
    ...errorResponses,
  },
});

/** Deduplication routes (mounted under /api/v1). */
export function dedupRoutes() {
  const router = createRouter();
  router.openapi(list, async (c) =>
    c.json(await listPairs(db(c), requireUser(c), c.req.valid('query')), 200),
  );
  router.openapi(read, async (c) =>
    c.json(await readPair(db(c), requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(decide, async (c) =>
    c.json(
      await decidePair(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json').decision),
      200,
    ),
  );
  router.openapi(unmerge, async (c) =>
    c.json(await unmergePair(db(c), requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(runs, async (c) => c.json(await listRuns(db(c), requireUser(c)), 200));
  router.openapi(start, async (c) => {
    const user = requireUser(c);
    if (user.role !== 'secretariat')
      throw new AppError('FORBIDDEN', 'Only the TKPK secretariat starts a deduplication run.');
    const jobId = await c.get('ctx').jobs.enqueue('dedup.run', { startedBy: user.id }, user.id);
    return c.json({ jobId }, 202);
  });
  return router;
}
