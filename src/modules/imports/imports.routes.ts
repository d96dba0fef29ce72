import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../http/context.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { createRouter, errorResponses, json, requireMultipart } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  ImportRunListSchema,
  ImportRunParams,
  ImportRunSchema,
  ImportRunsQuery,
  StartedImportSchema,
  UploadForm,
} from './imports.contracts.ts';
import {
  canSeeRun,
  getImportRun,
  listImportRuns,
  requireImporter,
  resumeWebImport,
  startWebImport,
} from './imports.runs.ts';
import { importRun } from './imports.schema.ts';
import { errorReportCsv, templateCsv, templateXlsx } from './imports.template.ts';
import type { UploadedFile } from './imports.upload.ts';

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

const upload = createRoute({
  method: 'post',
  path: '/imports',
  tags,
  summary:
    'Upload an extract (household and person files, CSV or XLSX) and start its import as a job (secretariat; kota TKPK within its kota); audited',
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: UploadForm } } },
  },
  responses: {
    202: json(StartedImportSchema, 'The run was created and its job queued; follow it at /jobs/{jobId}'),
    ...errorResponses,
  },
});

const listRuns = createRoute({
  method: 'get',
  path: '/imports',
  tags,
  summary: 'Import runs the user may see (secretariat: all; kota TKPK: its kota’s), newest first',
  request: { query: ImportRunsQuery },
  responses: { 200: json(ImportRunListSchema, 'One page of runs'), ...errorResponses },
});

const getRun = createRoute({
  method: 'get',
  path: '/imports/{id}',
  tags,
  summary: 'One import run: status, counts, error count and its job’s progress',
  request: { params: ImportRunParams },
  responses: { 200: json(ImportRunSchema, 'The run'), ...errorResponses },
});

const resumeRun = createRoute({
  method: 'post',
  path: '/imports/{id}/resume',
  tags,
  summary:
    'Start an interrupted import again (its job stopped with the server): a run whose rows are staged goes on applying after its cursor; 409 when it is running, finished, or stopped while reading its files',
  request: { params: ImportRunParams },
  responses: {
    202: json(StartedImportSchema, 'The run’s job was queued again; follow it at /jobs/{jobId}'),
    ...errorResponses,
  },
});

/** Refuses a body larger than two files of the configured size (the per-file limit is checked per field). */
const uploadLimit: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxBytes = c.get('ctx').config.importMaxBytes;
  return bodyLimit({
    maxSize: 2 * maxBytes + 1024 * 1024,
    onError: () => {
      const message = `The upload is larger than ${Math.round(maxBytes / (1024 * 1024))} MB per file.`;
      throw validationError([{ path: 'form', reason: 'too_large', message }], message);
    },
  })(c, next);
};

/** Before the upload is read: the role (a refused user's body is not even parsed), multipart, the body limit. */
const uploadGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  requireImporter(requireUser(c));
  await requireMultipart(c, async () => {
    await uploadLimit(c, next);
  });
};

const uploaded = (field: string, kind: UploadedFile['kind'], file: File, bytes: ArrayBuffer) => ({
  field,
  kind,
  fileName: file.name,
  bytes: new Uint8Array(bytes),
});

const download = (name: string, type: string) => ({
  'Content-Type': type,
  'Content-Disposition': `attachment; filename="${name}"`,
  'Cache-Control': 'no-store',
});

/** Import routes (mounted under /api/v1): uploads and runs, templates and error reports. */
export function importsRoutes() {
  const router = createRouter();
  router.use('/imports', uploadGuard);
  router.openapi(upload, async (c) => {
    const form = c.req.valid('form');
    const household = uploaded(
      'householdFile',
      'household',
      form.householdFile,
      await form.householdFile.arrayBuffer(),
    );
    // A workbook may hold both sheets: without a person file, the household workbook is read for both.
    const person = form.personFile
      ? uploaded('personFile', 'person', form.personFile, await form.personFile.arrayBuffer())
      : undefined;
    if (!person && !household.fileName.toLowerCase().endsWith('.xlsx'))
      throw validationError([
        {
          path: 'form.personFile',
          reason: 'required',
          message: 'Add the person file (only a workbook with both sheets may come alone).',
        },
      ]);
    const started = await startWebImport(c.get('ctx'), requireUser(c), {
      householdFile: household,
      personFile: person,
      name: form.name,
      extractDate: form.extractDate,
      mode: form.mode,
    });
    return c.json(started, 202);
  });
  router.openapi(listRuns, async (c) =>
    c.json(await listImportRuns(c.get('ctx').database.db, requireUser(c), c.req.valid('query')), 200),
  );
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
    if (!run || !canSeeRun(user, run)) throw new AppError('NOT_FOUND', `Import run ${id} does not exist.`);
    return c.body(
      await errorReportCsv(db, id),
      200,
      download(`import-${id}-errors.csv`, 'text/csv; charset=utf-8'),
    );
  });
  router.openapi(resumeRun, async (c) =>
    c.json(await resumeWebImport(c.get('ctx'), requireUser(c), c.req.valid('param').id), 202),
  );
  router.openapi(getRun, async (c) =>
    c.json(await getImportRun(c.get('ctx').database.db, requireUser(c), c.req.valid('param').id), 200),
  );
  return router;
}
