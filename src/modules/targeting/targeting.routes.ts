import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, PageQuery, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { AppError } from '../../http/errors.ts';
import { TargetingRecomputePayload } from './targeting.jobs.ts';
import { findingKinds } from './targeting.schema.ts';
import { explainForHousehold, listEligible } from './targeting.service.ts';
import {
  coverageMatrix,
  listExtremePoorCoverage,
  listFindings,
  summarizeTargeting,
} from './targeting.views.ts';

const CodeParam = z.object({
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an upper-case program code such as KLJ')
    .openapi({ example: 'KLJ' }),
});
const Purpose = z.string().trim().min(3).max(200).default('program targeting');
const EligibleItem = z
  .object({
    householdId: z.number().int(),
    personId: z.number().int().nullable(),
    kkNumber: z.string(),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    name: z.string().nullable(),
    nik: z.string().nullable(),
    desil: z.number().int().nullable(),
    isExtremePoor: z.boolean().nullable(),
    score: z.number().nullable(),
  })
  .openapi('EligibleItem');

const eligible = createRoute({
  method: 'get',
  path: '/programs/{code}/eligible',
  tags: ['targeting'],
  summary:
    'Ranked eligible list of a program in the caller’s area (extreme poor first, then desil, then score)',
  request: {
    params: CodeParam,
    query: PageQuery.extend({
      region: z.string().regex(regionCodePattern, 'must be a Kemendagri region code').optional(),
      purpose: Purpose,
    }),
  },
  responses: {
    200: json(
      z.object({
        program: z.object({ code: z.string(), name: z.string(), unit: z.enum(['person', 'household']) }),
        ruleVersion: z.number().int(),
        referenceDate: z.string(),
        items: z.array(EligibleItem),
        page: z.number().int(),
        pageSize: z.number().int(),
        total: z.number().int(),
      }),
      'One page of the eligible list',
    ),
    ...errorResponses,
  },
});

const explain = createRoute({
  method: 'get',
  path: '/programs/{code}/explain',
  tags: ['targeting'],
  summary:
    'Why a household (or one of its members) is in or out of a program: each clause with the values seen',
  request: {
    params: CodeParam,
    query: z.object({
      householdId: z.coerce.number().int().positive(),
      personId: z.coerce.number().int().positive().optional(),
      purpose: Purpose,
    }),
  },
  responses: {
    200: json(
      z.object({
        program: z.string(),
        ruleVersion: z.number().int(),
        ruleText: z.string(),
        unit: z.enum(['person', 'household']),
        passed: z.boolean(),
        trace: z
          .unknown()
          .openapi({ description: 'Tree of { text, passed, value?, matchedMembers?, count?, children? }' }),
      }),
      'The trace',
    ),
    ...errorResponses,
  },
});

const Region = z.string().regex(regionCodePattern, 'must be a Kemendagri region code').optional();
const share = z.number().nullable();

const summary = createRoute({
  method: 'get',
  path: '/targeting/summary',
  tags: ['targeting'],
  summary:
    'Per program in an area: eligible, enrolled, inclusion and exclusion errors, overlaps, desil-1 coverage (aggregates)',
  request: { query: z.object({ region: Region }) },
  responses: {
    200: json(
      z.object({
        region: z.string(),
        run: z.object({ id: z.number(), referenceDate: z.string(), finishedAt: z.string() }).nullable(),
        programs: z.array(
          z
            .object({
              code: z.string(),
              name: z.string(),
              pillar: z.number().int(),
              agency: z.string(),
              unit: z.enum(['person', 'household']),
              purposeGroup: z.string(),
              eligible: z.number().int(),
              enrolled: z.number().int(),
              inclusionErrors: z.number().int(),
              exclusionErrors: z.number().int(),
              overlaps: z.number().int(),
              eligibleDesil1: z.number().int(),
              enrolledDesil1: z.number().int(),
              coverageDesil1: share,
              inclusionRate: share,
              exclusionRate: share,
            })
            .openapi('ProgramTargetingTotals'),
        ),
      }),
      'Totals per program',
    ),
    ...errorResponses,
  },
});

const Cell = z
  .object({
    desil: z.number().int(),
    pillar: z.number().int(),
    households: z.number().int(),
    covered: z.number().int(),
    share,
    extremePoor: z.number().int(),
    extremePoorCovered: z.number().int(),
  })
  .openapi('CoverageCell');

const coverage = createRoute({
  method: 'get',
  path: '/targeting/coverage',
  tags: ['targeting'],
  summary: 'Coverage matrix desil × pillar for each child area of a region (desil 0 = not ranked)',
  request: { query: z.object({ region: Region }) },
  responses: {
    200: json(
      z.object({
        region: z.string(),
        areas: z.array(z.object({ code: z.string(), name: z.string(), cells: z.array(Cell) })),
        totals: z.array(Cell),
      }),
      'The matrix',
    ),
    ...errorResponses,
  },
});

const findings = createRoute({
  method: 'get',
  path: '/targeting/findings',
  tags: ['targeting'],
  summary: 'Inclusion errors, exclusion errors and overlaps, by name, within the caller’s scope (audited)',
  request: {
    query: PageQuery.extend({
      kind: z.enum(findingKinds).optional(),
      program: CodeParam.shape.code.optional(),
      region: Region,
      purpose: Purpose,
    }),
  },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z
            .object({
              kind: z.enum(findingKinds),
              programCode: z.string().nullable(),
              purposeGroup: z.string(),
              programs: z.array(z.string()),
              providers: z.array(z.string()),
              householdId: z.number().int(),
              personId: z.number().int().nullable(),
              kkNumber: z.string(),
              name: z.string().nullable(),
              nik: z.string().nullable(),
              kelurahanCode: z.string(),
              kelurahanName: z.string(),
              desil: z.number().int().nullable(),
            })
            .openapi('TargetingFinding'),
        ),
        page: z.number().int(),
        pageSize: z.number().int(),
        total: z.number().int(),
      }),
      'One page of findings',
    ),
    ...errorResponses,
  },
});

const extremePoor = createRoute({
  method: 'get',
  path: '/targeting/extreme-poor',
  tags: ['targeting'],
  summary:
    'Every extreme-poor household with the programs reaching it and its gaps, by pillar ("one family, one plan"; audited)',
  request: { query: PageQuery.extend({ region: Region, purpose: Purpose }) },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            householdId: z.number().int(),
            kkNumber: z.string(),
            headName: z.string().nullable(),
            kelurahanCode: z.string(),
            kelurahanName: z.string(),
            desil: z.number().int(),
            pillars: z.array(
              z.object({
                pillar: z.number().int(),
                programs: z.array(z.string()),
                gaps: z.array(z.string()),
              }),
            ),
          }),
        ),
        page: z.number().int(),
        pageSize: z.number().int(),
        total: z.number().int(),
      }),
      'One page of households',
    ),
    ...errorResponses,
  },
});

const recompute = createRoute({
  method: 'post',
  path: '/targeting/recompute',
  tags: ['targeting'],
  summary: 'Queue the recompute of eligibility, errors, overlaps and rollups (secretariat, kota TKPK)',
  request: {
    body: { required: false, content: { 'application/json': { schema: TargetingRecomputePayload } } },
  },
  responses: {
    202: json(z.object({ jobId: z.number().int() }), 'The job was queued; follow it at /jobs/{jobId}'),
    ...errorResponses,
  },
});

const recomputeRoles = new Set(['secretariat', 'kota_tkpk']);

/** Targeting routes (mounted under /api/v1): eligible lists and explanations, scoped and audited. */
export function targetingRoutes() {
  const router = createRouter();
  router.openapi(eligible, async (c) => {
    const { code } = c.req.valid('param');
    const query = c.req.valid('query');
    return c.json(await listEligible(c.get('ctx').database.db, requireUser(c), code, query), 200);
  });
  router.openapi(explain, async (c) => {
    const { code } = c.req.valid('param');
    const query = c.req.valid('query');
    return c.json(await explainForHousehold(c.get('ctx').database.db, requireUser(c), code, query), 200);
  });
  router.openapi(summary, async (c) => {
    const { region } = c.req.valid('query');
    return c.json(await summarizeTargeting(c.get('ctx').database.db, requireUser(c), region), 200);
  });
  router.openapi(coverage, async (c) => {
    const { region } = c.req.valid('query');
    return c.json(await coverageMatrix(c.get('ctx').database.db, requireUser(c), region), 200);
  });
  router.openapi(findings, async (c) => {
    const query = c.req.valid('query');
    return c.json(await listFindings(c.get('ctx').database.db, requireUser(c), query), 200);
  });
  router.openapi(extremePoor, async (c) => {
    const query = c.req.valid('query');
    return c.json(await listExtremePoorCoverage(c.get('ctx').database.db, requireUser(c), query), 200);
  });
  router.openapi(recompute, async (c) => {
    const user = requireUser(c);
    if (!recomputeRoles.has(user.role))
      throw new AppError('FORBIDDEN', 'Only the TKPK secretariat and kota TKPK may recompute targeting.');
    const jobId = await c.get('ctx').jobs.enqueue('targeting.recompute', c.req.valid('json') ?? {}, user.id);
    return c.json({ jobId }, 202);
  });
  return router;
}
