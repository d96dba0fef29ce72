import { createRoute, z } from '@hono/zod-openapi';
import { binaryContent, createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { buildLp2kd, reportFileName, reportFormats, type ReportFormat } from './reports.service.ts';

const ReportQuery = z.object({
  region: z
    .string()
    .regex(regionCodePattern, 'must be a Kemendagri region code')
    .optional()
    .openapi({ example: '31.72', description: 'Default: the caller’s area' }),
  year: z.coerce.number().int().min(2020).max(2100).openapi({ example: 2026 }),
});

const CellSchema = z.union([z.string(), z.number(), z.null()]);
const DocumentSchema = z
  .object({
    title: z.string(),
    subtitle: z.string(),
    meta: z.array(z.object({ label: z.string(), value: z.string() })),
    sections: z.array(
      z.object({
        heading: z.string(),
        paragraphs: z.array(z.string()),
        tables: z.array(
          z.object({
            sheet: z.string(),
            title: z.string(),
            note: z.string().optional(),
            columns: z.array(
              z.object({
                header: z.string(),
                width: z.number(),
                format: z.enum(['integer', 'percent', 'rupiah', 'decimal']).optional(),
              }),
            ),
            rows: z.array(z.array(CellSchema)),
          }),
        ),
      }),
    ),
  })
  .openapi('ReportDocument');

const summary =
  'The yearly implementation report (LP2KD) of an area: poverty situation, program and budget realisation against the plan, coverage against the target population, issues (aggregates)';

const lp2kd = createRoute({
  method: 'get',
  path: '/reports/lp2kd',
  tags: ['reports'],
  summary,
  request: { query: ReportQuery },
  responses: { 200: json(DocumentSchema, 'The report as sections and tables'), ...errorResponses },
});

function fileRoute(format: ReportFormat) {
  return createRoute({
    method: 'get',
    path: `/reports/lp2kd.${format}`,
    tags: ['reports'],
    summary: `${summary}, as ${format.toUpperCase()}`,
    request: { query: ReportQuery },
    responses: {
      200: { description: 'The file, as an attachment', content: binaryContent(reportFormats[format]) },
      ...errorResponses,
    },
  });
}

/** Routes of the reports module (mounted under /api/v1). */
export function reportsRoutes() {
  const router = createRouter();
  router.openapi(lp2kd, async (c) => {
    const { document } = await buildLp2kd(c.get('ctx').database.db, requireUser(c), c.req.valid('query'));
    return c.json(document, 200);
  });
  for (const format of Object.keys(reportFormats) as ReportFormat[])
    router.openapi(fileRoute(format), async (c) => {
      const db = c.get('ctx').database.db;
      const { report, render } = await buildLp2kd(db, requireUser(c), c.req.valid('query'));
      const body = await render(format);
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': reportFormats[format],
        'Content-Disposition': `attachment; filename="${reportFileName(report, format)}"`,
        'Cache-Control': 'no-store',
      });
    });
  return router;
}
