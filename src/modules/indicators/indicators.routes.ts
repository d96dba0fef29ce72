import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  AreaValuesQuery,
  AreaValuesSchema,
  DashboardTargetingSchema,
  FreshnessSchema,
  GraduationSchema,
  HouseholdIdParam,
  HouseholdTrajectorySchema,
  IndicatorCodeParam,
  IndicatorSchema,
  PurposeQuery,
  RegionQuery,
  SeriesSchema,
  TargetBody,
  TargetParams,
  TargetSchema,
  TrajectoryQuery,
  TrajectorySchema,
} from './indicators.contracts.ts';
import {
  areaValues,
  dashboardTargeting,
  dataFreshness,
  graduationByCohort,
  householdTrajectory,
  indicatorSeries,
  indicatorTrajectory,
  listIndicators,
  listTargets,
  putTarget,
} from './indicators.service.ts';

const tags = ['indicators'];
const db = (c: Context<AppEnv>) => c.get('ctx').database.db;
const AreaQuery = z.object({ region: RegionQuery.optional() });

const list = createRoute({
  method: 'get',
  path: '/indicators',
  tags,
  summary: 'Indicator definitions: official BPS series and registry indicators',
  responses: {
    200: json(z.object({ items: z.array(IndicatorSchema) }), 'The indicators'),
    ...errorResponses,
  },
});

const areas = createRoute({
  method: 'get',
  path: '/indicators/areas',
  tags,
  summary:
    'Registry indicators of the latest snapshot for each area of a map (children of the region, or a level)',
  request: { query: AreaValuesQuery },
  responses: { 200: json(AreaValuesSchema, 'Values per area'), ...errorResponses },
});

const targets = createRoute({
  method: 'get',
  path: '/indicators/targets',
  tags,
  summary: 'Targets per indicator, area and year within the caller’s area',
  request: { query: AreaQuery.extend({ indicator: z.string().max(50).optional() }) },
  responses: { 200: json(z.object({ items: z.array(TargetSchema) }), 'The targets'), ...errorResponses },
});

const series = createRoute({
  method: 'get',
  path: '/indicators/{code}/series',
  tags,
  summary: 'An indicator’s values for one area, oldest first (official periods or ranking snapshots)',
  request: { params: IndicatorCodeParam, query: AreaQuery },
  responses: { 200: json(SeriesSchema, 'The series'), ...errorResponses },
});

const trajectory = createRoute({
  method: 'get',
  path: '/indicators/{code}/trajectory',
  tags,
  summary:
    'Actual values against the target path (linear from the baseline year’s actual), with the gap per year',
  request: { params: IndicatorCodeParam, query: TrajectoryQuery },
  responses: { 200: json(TrajectorySchema, 'The trajectory'), ...errorResponses },
});

const setTarget = createRoute({
  method: 'put',
  path: '/indicators/{code}/targets/{region}/{year}',
  tags,
  summary: 'Set a target (band or point) for an indicator, area and year (TKPK secretariat)',
  request: {
    params: TargetParams,
    body: { required: true, content: { 'application/json': { schema: TargetBody } } },
  },
  responses: { 200: json(TargetSchema, 'The target'), ...errorResponses },
});

const graduation = createRoute({
  method: 'get',
  path: '/graduation',
  tags,
  summary: 'Graduation and re-entry counts by cohort (first snapshot in desil 1–4) for an area',
  request: { query: AreaQuery },
  responses: { 200: json(GraduationSchema, 'Counts by cohort'), ...errorResponses },
});

const householdPath = createRoute({
  method: 'get',
  path: '/households/{id}/trajectory',
  tags,
  summary: 'A household’s desil path across snapshots, programs received and exit (scoped, audited)',
  request: { params: HouseholdIdParam, query: PurposeQuery },
  responses: { 200: json(HouseholdTrajectorySchema, 'The trajectory'), ...errorResponses },
});

const freshness = createRoute({
  method: 'get',
  path: '/dashboard/freshness',
  tags,
  summary:
    'Days since the last approved field verification per kelurahan, and the share verified in the active campaign',
  request: { query: AreaQuery },
  responses: { 200: json(FreshnessSchema, 'Freshness per kelurahan'), ...errorResponses },
});

const targeting = createRoute({
  method: 'get',
  path: '/dashboard/targeting',
  tags,
  summary: 'Targeting errors and desil-1 coverage by pillar for an area and its child areas',
  request: { query: AreaQuery },
  responses: { 200: json(DashboardTargetingSchema, 'Figures per area'), ...errorResponses },
});

/** Indicator, target, graduation and dashboard routes (mounted under /api/v1). */
export function indicatorsRoutes() {
  const router = createRouter();
  router.openapi(list, (c) => {
    requireUser(c);
    return c.json({ items: [...listIndicators()] }, 200);
  });
  router.openapi(areas, async (c) => {
    const { region, level } = c.req.valid('query');
    return c.json(await areaValues(db(c), requireUser(c), region, level), 200);
  });
  router.openapi(targets, async (c) => {
    const { region, indicator } = c.req.valid('query');
    return c.json({ items: await listTargets(db(c), requireUser(c), region, indicator) }, 200);
  });
  router.openapi(series, async (c) =>
    c.json(
      await indicatorSeries(db(c), requireUser(c), c.req.valid('param').code, c.req.valid('query').region),
      200,
    ),
  );
  router.openapi(trajectory, async (c) =>
    c.json(
      await indicatorTrajectory(db(c), requireUser(c), c.req.valid('param').code, c.req.valid('query')),
      200,
    ),
  );
  router.openapi(setTarget, async (c) =>
    c.json(await putTarget(db(c), requireUser(c), c.req.valid('param'), c.req.valid('json')), 200),
  );
  router.openapi(graduation, async (c) =>
    c.json(await graduationByCohort(db(c), requireUser(c), c.req.valid('query').region), 200),
  );
  router.openapi(householdPath, async (c) =>
    c.json(
      await householdTrajectory(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('query').purpose),
      200,
    ),
  );
  router.openapi(freshness, async (c) =>
    c.json(await dataFreshness(db(c), requireUser(c), c.req.valid('query').region), 200),
  );
  router.openapi(targeting, async (c) =>
    c.json(await dashboardTargeting(db(c), requireUser(c), c.req.valid('query').region), 200),
  );
  return router;
}
