import { createRoute, z } from '@hono/zod-openapi';
import { binaryContent, createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { exportEligible, exportRowCap, type ExportFormat } from './targeting.export.ts';
import { simulateRule } from './targeting.whatif.ts';

const CodeParam = z.object({
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an upper-case program code such as KLJ')
    .openapi({ example: 'KLJ' }),
});
const Region = z
  .string()
  .regex(regionCodePattern, 'must be a Kemendagri region code')
  .openapi({ example: '31.72.01' });
const ExportQuery = z.object({
  region: Region.optional(),
  purpose: z.string().trim().min(3).max(200).default('program participant list export'),
});

/** The export route of one format; both share the query and the service. */
function exportRoute(format: ExportFormat, type: string) {
  return createRoute({
    method: 'get',
    path: `/programs/{code}/eligible.${format}`,
    tags: ['targeting'],
    summary: `The whole ranked eligible list of a program in the caller’s area as ${format.toUpperCase()} (at most ${exportRowCap.toLocaleString('en')} rows; every household audited)`,
    request: { params: CodeParam, query: ExportQuery },
    responses: {
      200: { description: 'The file, as an attachment', content: binaryContent(type) },
      ...errorResponses,
    },
  });
}

const Coverage = z.number().nullable().openapi({ description: 'Share 0..1 of desil-1 units eligible' });
const Rupiah = z.number().nullable().openapi({ description: 'Rupiah a year; null when in kind' });
const WhatIfRow = z
  .object({
    code: z.string(),
    name: z.string(),
    current: z.number().int(),
    proposed: z.number().int(),
    delta: z.number().int(),
    desil1Units: z.number().int(),
    coverageCurrent: Coverage,
    coverageProposed: Coverage,
    budgetCurrent: Rupiah,
    budgetProposed: Rupiah,
  })
  .openapi('WhatIfRow');

const whatIf = createRoute({
  method: 'post',
  path: '/programs/{code}/what-if',
  tags: ['targeting'],
  summary:
    'Compare the active rule with a proposed one per child area: eligible counts, desil-1 coverage, yearly cost (nothing saved; aggregates only)',
  request: {
    params: CodeParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            rule: z.string().min(1).max(4000).openapi({ example: 'age >= 60 and desil <= 5' }),
            region: Region.optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        program: z.object({ code: z.string(), name: z.string(), unit: z.enum(['person', 'household']) }),
        region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
        referenceDate: z.string(),
        currentRule: z.object({ version: z.number().int(), ruleText: z.string() }),
        proposedRule: z.string(),
        yearlyBenefitPerUnit: Rupiah,
        budgetIsEstimate: z.boolean(),
        programBudget: z
          .object({
            year: z.number().int(),
            regionCode: z.string(),
            budget: z.number().nullable(),
            quota: z.number().int().nullable(),
          })
          .nullable(),
        areas: z.array(WhatIfRow),
        total: WhatIfRow,
      }),
      'The comparison',
    ),
    ...errorResponses,
  },
});

/** Export and what-if routes of the targeting module (mounted under /api/v1). */
export function targetingExtraRoutes() {
  const router = createRouter();
  const formats = [
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['csv', 'text/csv'],
  ] as const;
  for (const [format, type] of formats)
    router.openapi(exportRoute(format, type), async (c) => {
      const { code } = c.req.valid('param');
      const query = c.req.valid('query');
      const file = await exportEligible(c.get('ctx').database.db, requireUser(c), code, format, query);
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.fileName}"`,
        'Cache-Control': 'no-store',
      });
    });
  router.openapi(whatIf, async (c) => {
    const { code } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await simulateRule(c.get('ctx').database.db, requireUser(c), code, body), 200);
  });
  return router;
}
