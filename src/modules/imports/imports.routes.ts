import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { AppError } from '../../http/errors.ts';
import type { SessionUser } from '../../http/context.ts';
import { createRouter, errorResponses } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { importRun } from './imports.schema.ts';
import { errorReportCsv, templateCsv, templateXlsx } from './imports.template.ts';

const tags = ['imports'];

const xlsxTemplate = createRoute({
  method: 'get',
  path: '/imports/template.xlsx',
  tags,
  summary:
    'The import template: a workbook with sheets households and persons (DTSEN headers, an example row)',
  responses: {
    200: {
      description: 'XLSX',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() },
      },
    },
    ...errorResponses,
  },
});

const csvTemplate = createRoute({
  method: 'get',
  path: '/imports/template/{file}.csv',
  tags,
  summary: 'The CSV template of the household or person file (DTSEN headers, an example row)',
  request: { params: z.object({ file: z.enum(['households', 'persons']) }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

const errorReport = createRoute({
  method: 'get',
  path: '/imports/{id}/errors.csv',
  tags,
  summary: 'An import run’s error report as CSV (file, row, column, value, reason)',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

/** Imports are for the secretariat, and for a kota TKPK within its own area. */
function requireImporter(user: SessionUser): void {
  if (user.role !== 'secretariat' && user.role !== 'kota_tkpk')
    throw new AppError('FORBIDDEN', 'Only the TKPK secretariat or a kota TKPK may import extracts.');
}

const download = (name: string, type: string) => ({
  'Content-Type': type,
  'Content-Disposition': `attachment; filename="${name}"`,
  'Cache-Control': 'no-store',
});

/** Import routes (mounted under /api/v1): templates and error reports. */
export function importsRoutes() {
  const router = createRouter();
  router.openapi(xlsxTemplate, async (c) => {
    requireImporter(requireUser(c));
    const bytes = await templateXlsx();
    return c.body(
      bytes as never,
      200,
      download(
        'tepat-import-template.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    );
  });
  router.openapi(csvTemplate, (c) => {
    requireImporter(requireUser(c));
    const { file } = c.req.valid('param');
    const kind = file === 'households' ? 'household' : 'person';
    return c.body(templateCsv(kind), 200, download(`tepat-import-${file}.csv`, 'text/csv; charset=utf-8'));
  });
  router.openapi(errorReport, async (c) => {
    const user = requireUser(c);
    requireImporter(user);
    const { id } = c.req.valid('param');
    const db = c.get('ctx').database.db;
    const [run] = await db.select().from(importRun).where(eq(importRun.id, id));
    const visible =
      run && (user.role === 'secretariat' || (run.areaCode ?? '').startsWith(user.regionCode ?? '\u0000'));
    if (!visible) throw new AppError('NOT_FOUND', `Import run ${id} does not exist.`);
    return c.body(
      await errorReportCsv(db, id),
      200,
      download(`import-${id}-errors.csv`, 'text/csv; charset=utf-8'),
    );
  });
  return router;
}
