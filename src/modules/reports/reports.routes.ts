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
import { fileStemOf, renderTable, tableExportFormats, type TableExportFormat } from './reports.table.ts';

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

const maxExportRows = 10_000;
const TableExportSchema = z
  .object({
    title: z.string().trim().min(1).max(120).openapi({ example: 'Cakupan desil 1 per pilar' }),
    subtitle: z.string().max(200).optional().openapi({ example: 'Jakarta Utara, Oktober 2026' }),
    columns: z
      .array(
        z.object({
          header: z.string().min(1).max(100),
          format: z.enum(['integer', 'percent', 'rupiah', 'decimal']).optional(),
        }),
      )
      .min(1)
      .max(40),
    rows: z
      .array(z.array(z.union([z.string().max(500), z.number().finite(), z.null()])).max(40))
      .max(maxExportRows),
  })
  .superRefine((table, ctx) => {
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length)
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          message: `Row ${i + 1} has ${row.length} cells; the table has ${table.columns.length} columns.`,
        });
    });
  })
  .openapi('TableExport');

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

/** POST /exports/table.{xlsx,pdf,csv}: a table the page shows, written as a file. */
function tableExportRoutes(router: ReturnType<typeof createRouter>) {
  for (const format of Object.keys(tableExportFormats) as TableExportFormat[]) {
    const route = createRoute({
      method: 'post',
      path: `/exports/table.${format}`,
      tags: ['reports'],
      summary: `A table shown on a page (columns and rows, at most ${maxExportRows.toLocaleString('en')} rows), as ${format.toUpperCase()}: every table of the dashboards is exportable`,
      request: { body: { content: { 'application/json': { schema: TableExportSchema } }, required: true } },
      responses: {
        200: {
          description: 'The file, as an attachment',
          content: binaryContent(tableExportFormats[format]),
        },
        ...errorResponses,
      },
    });
    router.openapi(route, async (c) => {
      const user = requireUser(c);
      const table = c.req.valid('json');
      const body = await renderTable(table, format, user);
      return c.body(body, 200, {
        'Content-Type': tableExportFormats[format],
        'Content-Disposition': `attachment; filename="${fileStemOf(table.title)}.${format}"`,
        'Cache-Control': 'no-store',
      });
    });
  }
}

/** Routes of the reports module (mounted under /api/v1). */
export function reportsRoutes() {
  const router = createRouter();
  tableExportRoutes(router);
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
