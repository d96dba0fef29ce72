import { createRoute, z } from '@hono/zod-openapi';
import { binaryContent, createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import {
  buildLp2kd,
  buildQuarterly,
  renderReport,
  reportFormats,
  type BuiltReport,
  type ReportFormat,
} from './reports.service.ts';

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

const QuarterlyQuery = ReportQuery.extend({
  quarter: z.coerce.number().int().min(1).max(4).openapi({ example: 3 }),
});

type Builder<Q> = (db: Db, user: SessionUser, query: Q) => Promise<BuiltReport>;

/** The JSON route and the two file routes of one report. */
function reportRoutes<Q extends z.ZodObject>(
  router: ReturnType<typeof createRouter>,
  name: string,
  summary: string,
  query: Q,
  build: Builder<z.infer<Q>>,
) {
  const json200 = json(DocumentSchema, 'The report as sections and tables');
  const route = createRoute({
    method: 'get',
    path: `/reports/${name}`,
    tags: ['reports'],
    summary,
    request: { query },
    responses: { 200: json200, ...errorResponses },
  });
  router.openapi(route, async (c) => {
    const { document } = await build(
      c.get('ctx').database.db,
      requireUser(c),
      c.req.valid('query' as never) as z.infer<Q>,
    );
    return c.json(document, 200);
  });
  for (const format of Object.keys(reportFormats) as ReportFormat[]) {
    const fileRoute = createRoute({
      method: 'get',
      path: `/reports/${name}.${format}`,
      tags: ['reports'],
      summary: `${summary}, as ${format.toUpperCase()}`,
      request: { query },
      responses: {
        200: { description: 'The file, as an attachment', content: binaryContent(reportFormats[format]) },
        ...errorResponses,
      },
    });
    router.openapi(fileRoute, async (c) => {
      const db = c.get('ctx').database.db;
      const { document, fileStem } = await build(
        db,
        requireUser(c),
        c.req.valid('query' as never) as z.infer<Q>,
      );
      const body = await renderReport(document, format);
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': reportFormats[format],
        'Content-Disposition': `attachment; filename="${fileStem}.${format}"`,
        'Cache-Control': 'no-store',
      });
    });
  }
}

/** Routes of the reports module (mounted under /api/v1). */
export function reportsRoutes() {
  const router = createRouter();
  reportRoutes(
    router,
    'lp2kd',
    'The yearly implementation report (LP2KD) of an area: poverty situation, program and budget realisation against the plan, coverage against the target population, issues (aggregates)',
    ReportQuery,
    buildLp2kd,
  );
  reportRoutes(
    router,
    'quarterly',
    'The quarterly progress report of an area: budget and output realisation of the approved plans up to the end of a quarter, by agency and activity, with the issues filed',
    QuarterlyQuery,
    buildQuarterly,
  );
  return router;
}
