import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, PageQuery, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { explainForHousehold, listEligible } from './targeting.service.ts';

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
  return router;
}
