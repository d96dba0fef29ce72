import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { regionCodePattern } from './region-codes.ts';
import { presentAncestor, presentMapFeature, presentRegion } from './regions.presenter.ts';
import { regionLevels } from './regions.schema.ts';
import { getRegionDetail, getRegionMap, listRegions } from './regions.service.ts';
import { getPovertyStatistics } from './statistics.service.ts';

// Region figures are aggregates, not personal data: any signed-in role may read them (product.md §2).

const RegionCode = z
  .string()
  .regex(regionCodePattern, 'must be a dotted Kemendagri code such as 31.71.01')
  .openapi({ example: '31.71' });

const RegionStatsSchema = z
  .object({
    households: z.number().int(),
    persons: z.number().int(),
    desilCounts: z.array(z.number().int()).openapi({ description: 'Households per desil 1..10' }),
    extremePoorHouseholds: z.number().int(),
    desil1to4Share: z.number().nullable().openapi({ description: 'Share of ranked households in desil 1–4' }),
    snapshotId: z.number().int().nullable(),
    refreshedAt: z.string().nullable(),
  })
  .openapi('RegionStats');

const RegionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(regionLevels),
    parentCode: z.string().nullable(),
    bpsCode: z.string().nullable(),
    isPriority: z.boolean(),
    hasBoundary: z.boolean(),
    stats: RegionStatsSchema,
  })
  .openapi('Region');

const AncestorSchema = z.object({ code: z.string(), name: z.string(), level: z.enum(regionLevels) });

const RegionDetailSchema = z
  .object({ region: RegionSchema, ancestors: z.array(AncestorSchema), children: z.array(RegionSchema) })
  .openapi('RegionDetail');

const MapFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
  properties: z.object({
    code: z.string(),
    name: z.string(),
    isPriority: z.boolean(),
    centroid: z.array(z.number()).nullable(),
    households: z.number().int(),
    persons: z.number().int(),
    extremePoorHouseholds: z.number().int(),
    desil1to4Share: z.number().nullable(),
  }),
});

const MapSchema = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(MapFeatureSchema) })
  .openapi('RegionMap');

const nullableNumber = z.number().nullable();
const PovertySchema = z
  .object({
    region: z.object({ code: z.string(), name: z.string(), level: z.enum(regionLevels) }),
    series: z.array(
      z.object({
        period: z.string().openapi({ example: '2024-03', description: 'Susenas month, YYYY-MM' }),
        poorPersons: nullableNumber,
        p0: nullableNumber.openapi({ description: 'Headcount rate, percent' }),
        povertyLine: nullableNumber.openapi({ description: 'Garis kemiskinan, Rp per capita per month' }),
        p1: nullableNumber,
        p2: nullableNumber,
        source: z.string(),
        confidence: z.enum(['confirmed', 'partial', 'unconfirmed']),
      }),
    ),
    target: z
      .object({
        name: z.string(),
        year: z.number().int(),
        p0Min: z.number(),
        p0Max: z.number(),
        source: z.string(),
      })
      .nullable(),
  })
  .openapi('PovertyStatistics');

const list = createRoute({
  method: 'get',
  path: '/regions',
  tags: ['regions'],
  summary: 'Regions with registry figures: the children of `parent`, or all at `level` inside it',
  request: {
    query: z.object({
      parent: RegionCode.optional().openapi({ description: 'Default: the configured province' }),
      level: z.enum(regionLevels).optional(),
    }),
  },
  responses: { 200: json(z.object({ regions: z.array(RegionSchema) }), 'Regions'), ...errorResponses },
});

const detail = createRoute({
  method: 'get',
  path: '/regions/{code}',
  tags: ['regions'],
  summary: 'A region with its figures, its ancestors and its children',
  request: { params: z.object({ code: RegionCode }) },
  responses: { 200: json(RegionDetailSchema, 'The region'), ...errorResponses },
});

const map = createRoute({
  method: 'get',
  path: '/regions/{code}/map',
  tags: ['regions'],
  summary: 'GeoJSON of the regions at `level` inside a region that have boundaries, with figures',
  request: {
    params: z.object({ code: RegionCode }),
    query: z.object({ level: z.enum(['kecamatan', 'kelurahan']).default('kecamatan') }),
  },
  responses: {
    200: json(MapSchema, 'A FeatureCollection (empty when no boundaries are loaded)'),
    ...errorResponses,
  },
});

const poverty = createRoute({
  method: 'get',
  path: '/statistics/poverty',
  tags: ['regions'],
  summary: 'Official BPS poverty series of a region, with the RPJMD 2025–2029 target band',
  request: {
    query: z.object({
      region: RegionCode.optional().openapi({ description: 'Default: the configured province' }),
    }),
  },
  responses: { 200: json(PovertySchema, 'The series, oldest first'), ...errorResponses },
});

/** Routes of the regions module (mounted under /api/v1). */
export function regionsRoutes() {
  const router = createRouter();

  router.openapi(list, async (c) => {
    requireUser(c);
    const { config, database } = c.get('ctx');
    const rows = await listRegions(database.db, c.req.valid('query'), config.provinceCode);
    return c.json({ regions: rows.map(presentRegion) }, 200);
  });

  router.openapi(detail, async (c) => {
    requireUser(c);
    const found = await getRegionDetail(c.get('ctx').database.db, c.req.valid('param').code);
    return c.json(
      {
        region: presentRegion(found.region),
        ancestors: found.ancestors.map(presentAncestor),
        children: found.children.map(presentRegion),
      },
      200,
    );
  });

  router.openapi(map, async (c) => {
    requireUser(c);
    const rows = await getRegionMap(
      c.get('ctx').database.db,
      c.req.valid('param').code,
      c.req.valid('query').level,
    );
    return c.json({ type: 'FeatureCollection' as const, features: rows.map(presentMapFeature) }, 200);
  });

  router.openapi(poverty, async (c) => {
    requireUser(c);
    const { config, database } = c.get('ctx');
    const code = c.req.valid('query').region ?? config.provinceCode;
    const { region, series, target } = await getPovertyStatistics(database.db, code);
    const place = { code: region.code, name: region.name, level: region.level };
    return c.json({ region: place, series, target: target && presentTarget(target) }, 200);
  });

  return router;
}

function presentTarget(target: { name: string; year: number; p0Min: number; p0Max: number; source: string }) {
  const { name, year, p0Min, p0Max, source } = target;
  return { name, year, p0Min, p0Max, source };
}
