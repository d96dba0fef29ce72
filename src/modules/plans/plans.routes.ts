import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { binaryContent, createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  ActivityBody,
  ActivityParam,
  ActivitySchema,
  CreatePlanBody,
  PlanDetailSchema,
  PlanIdParam,
  PlanListQuery,
  PlanListSchema,
  ProgressBody,
  RealisationQuery,
  RealisationSchema,
  TransitionBody,
  UpdatePlanBody,
} from './plans.contracts.ts';
import { realisationFileName, realisationWorkbook } from './plans.export.ts';
import {
  addActivity,
  createPlan,
  fileProgress,
  listVisiblePlans,
  readPlan,
  realisationFor,
  removeActivity,
  transitionPlan,
  updateActivity,
  updatePlan,
} from './plans.service.ts';

const tags = ['plans'];
const db = (c: Context<AppEnv>) => c.get('ctx').database.db;
const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/plans',
  tags,
  summary: 'RPKD and RAT plans the caller may see',
  request: { query: PlanListQuery },
  responses: { 200: json(PlanListSchema, 'The plans'), ...errorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/plans',
  tags,
  summary: 'Draft a plan of the caller’s agency (RPKD: five years from yearFrom; RAT: one year)',
  request: { body: jsonBody(CreatePlanBody) },
  responses: { 201: json(PlanDetailSchema, 'The plan'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/plans/{id}',
  tags,
  summary:
    'A plan with its activities, indicators, quarterly progress, status history and the caller’s actions',
  request: { params: PlanIdParam },
  responses: { 200: json(PlanDetailSchema, 'The plan'), ...errorResponses },
});

const update = createRoute({
  method: 'patch',
  path: '/plans/{id}',
  tags,
  summary: 'Rename a draft or returned plan (owning agency)',
  request: { params: PlanIdParam, body: jsonBody(UpdatePlanBody) },
  responses: { 200: json(PlanDetailSchema, 'The plan'), ...errorResponses },
});

const transition = createRoute({
  method: 'post',
  path: '/plans/{id}/transitions',
  tags,
  summary: 'Submit (agency), review, return with a note, or approve (TKPK) a plan',
  request: { params: PlanIdParam, body: jsonBody(TransitionBody) },
  responses: { 200: json(PlanDetailSchema, 'The plan'), ...errorResponses },
});

const addActivityRoute = createRoute({
  method: 'post',
  path: '/plans/{id}/activities',
  tags,
  summary: 'Add an activity to a draft or returned plan (owning agency)',
  request: { params: PlanIdParam, body: jsonBody(ActivityBody) },
  responses: { 201: json(ActivitySchema, 'The activity'), ...errorResponses },
});

const updateActivityRoute = createRoute({
  method: 'put',
  path: '/plans/{id}/activities/{activityId}',
  tags,
  summary: 'Replace an activity of a draft or returned plan (owning agency)',
  request: { params: ActivityParam, body: jsonBody(ActivityBody) },
  responses: { 200: json(ActivitySchema, 'The activity'), ...errorResponses },
});

const deleteActivityRoute = createRoute({
  method: 'delete',
  path: '/plans/{id}/activities/{activityId}',
  tags,
  summary: 'Remove an activity of a draft or returned plan (owning agency)',
  request: { params: ActivityParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

const progress = createRoute({
  method: 'post',
  path: '/plans/{id}/activities/{activityId}/progress',
  tags,
  summary:
    'File (or re-file, keeping the earlier filing in history) an activity’s quarterly progress: responsible agency, approved plan',
  request: { params: ActivityParam, body: jsonBody(ProgressBody) },
  responses: { 200: json(ActivitySchema, 'The activity with its progress'), ...errorResponses },
});

const realisation = createRoute({
  method: 'get',
  path: '/plan-realisation',
  tags,
  summary: 'Plan against realisation of approved RATs by agency, program, area or activity, up to a quarter',
  request: { query: RealisationQuery },
  responses: { 200: json(RealisationSchema, 'Rows and total'), ...errorResponses },
});

const realisationXlsx = createRoute({
  method: 'get',
  path: '/plan-realisation.xlsx',
  tags,
  summary: 'The plan-against-realisation table as an XLSX workbook',
  request: { query: RealisationQuery },
  responses: {
    200: {
      description: 'The workbook',
      content: binaryContent('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    },
    ...errorResponses,
  },
});

/** Plan routes (mounted under /api/v1). */
export function plansRoutes() {
  const router = createRouter();
  router.openapi(list, async (c) =>
    c.json({ items: await listVisiblePlans(db(c), requireUser(c), c.req.valid('query')) }, 200),
  );
  router.openapi(create, async (c) =>
    c.json(await createPlan(db(c), requireUser(c), c.req.valid('json')), 201),
  );
  router.openapi(read, async (c) =>
    c.json(await readPlan(db(c), requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(update, async (c) =>
    c.json(await updatePlan(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(transition, async (c) =>
    c.json(await transitionPlan(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(addActivityRoute, async (c) =>
    c.json(await addActivity(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  router.openapi(updateActivityRoute, async (c) => {
    const { id, activityId } = c.req.valid('param');
    return c.json(await updateActivity(db(c), requireUser(c), id, activityId, c.req.valid('json')), 200);
  });
  router.openapi(deleteActivityRoute, async (c) => {
    const { id, activityId } = c.req.valid('param');
    await removeActivity(db(c), requireUser(c), id, activityId);
    return c.body(null, 204);
  });
  router.openapi(progress, async (c) => {
    const { id, activityId } = c.req.valid('param');
    return c.json(await fileProgress(db(c), requireUser(c), id, activityId, c.req.valid('json')), 200);
  });
  router.openapi(realisation, async (c) =>
    c.json(await realisationFor(db(c), requireUser(c), c.req.valid('query')), 200),
  );
  router.openapi(realisationXlsx, async (c) => {
    const user = requireUser(c);
    const report = await realisationFor(db(c), user, c.req.valid('query'));
    const body = await realisationWorkbook(report, `${user.displayName} (${user.username})`);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${realisationFileName(report)}"`,
      'Cache-Control': 'no-store',
    });
  });
  return router;
}
