import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { validationError } from '../../http/errors.ts';
import { createRouter, errorResponses, json, requireMultipart } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { uploadBeneficiaries, getUpload } from './ledger.service.ts';
import { errorsCsv } from './ledger.presenter.ts';
import { uploadModes } from './ledger.schema.ts';
import {
  DeliveryBody,
  DeliverySchema,
  LedgerQuery,
  LedgerPageSchema,
  UploadReportSchema,
} from './ledger.contracts.ts';
import { listEnrolments, recordDelivery, verifyDelivery } from './ledger-enrolments.service.ts';

/** Largest beneficiary file accepted (a province-wide list of ~500k rows as CSV stays well below). */
export const maxUploadBytes = 20 * 1024 * 1024;

const CodeParam = z.object({
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an upper-case program code such as KLJ')
    .openapi({ example: 'KLJ' }),
});
const UploadParams = CodeParam.extend({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const tooLarge = bodyLimit({
  maxSize: maxUploadBytes,
  onError: () => {
    throw validationError(
      [{ path: 'form.file', reason: 'too_large', message: 'The file is larger than 20 MB.' }],
      'The file is larger than 20 MB: split the list into several files.',
    );
  },
});

const upload = createRoute({
  method: 'post',
  path: '/programs/{code}/enrolments/upload',
  tags: ['ledger'],
  summary: 'Load a beneficiary list (CSV or XLSX) into the enrolment ledger, with a row-level report',
  request: {
    params: CodeParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.instanceof(File, { message: 'must be a CSV or XLSX file' }).openapi({
              type: 'string',
              format: 'binary',
              description:
                'CSV (`,` or `;`) or XLSX; header row with nik (or no_kk), nama, tanggal_mulai, status',
            }),
            mode: z.enum(uploadModes).default('all_or_nothing'),
            startDate: z.iso.date().optional().openapi({ description: 'Default start date; default today' }),
          }),
        },
      },
    },
  },
  responses: { 201: json(UploadReportSchema, 'The stored upload report'), ...errorResponses },
});

const uploadReport = createRoute({
  method: 'get',
  path: '/programs/{code}/uploads/{id}',
  tags: ['ledger'],
  summary: 'A stored upload report',
  request: { params: UploadParams },
  responses: { 200: json(UploadReportSchema, 'The report'), ...errorResponses },
});

const uploadErrors = createRoute({
  method: 'get',
  path: '/programs/{code}/uploads/{id}/errors.csv',
  tags: ['ledger'],
  summary: 'An upload’s error report as CSV (line, column, value, reason), to fix the file in Excel',
  request: { params: UploadParams },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

const ledger = createRoute({
  method: 'get',
  path: '/programs/{code}/enrolments',
  tags: ['ledger'],
  summary: 'The enrolment ledger of a program as the caller may see it, with each latest delivery',
  request: { params: CodeParam, query: LedgerQuery },
  responses: { 200: json(LedgerPageSchema, 'One page of the ledger'), ...errorResponses },
});

const deliver = createRoute({
  method: 'post',
  path: '/enrolments/{id}/deliveries',
  tags: ['ledger'],
  summary: 'Record a delivery for a period (idempotent per enrolment and period)',
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: DeliveryBody } } },
  },
  responses: {
    200: json(DeliverySchema, 'Already recorded: the stored delivery'),
    201: json(DeliverySchema, 'Recorded'),
    409: errorResponses[400],
    ...errorResponses,
  },
});

const verify = createRoute({
  method: 'post',
  path: '/deliveries/{id}/verify',
  tags: ['ledger'],
  summary: 'Mark a delivery verified (secretariat, kota TKPK in its area, inspectorate)',
  request: { params: IdParam },
  responses: { 200: json(DeliverySchema, 'The verified delivery'), ...errorResponses },
});

/** Ledger routes (mounted under /api/v1): beneficiary uploads, the enrolment ledger, deliveries. */
export function ledgerRoutes() {
  const router = createRouter();
  router.use('/programs/:code/enrolments/upload', requireMultipart, tooLarge);
  router.openapi(upload, async (c) => {
    const { code } = c.req.valid('param');
    const form = c.req.valid('form');
    const bytes = new Uint8Array(await form.file.arrayBuffer());
    const request = { fileName: form.file.name, bytes, mode: form.mode, startDate: form.startDate };
    return c.json(await uploadBeneficiaries(c.get('ctx').database.db, requireUser(c), code, request), 201);
  });
  router.openapi(uploadReport, async (c) => {
    const { code, id } = c.req.valid('param');
    return c.json(await getUpload(c.get('ctx').database.db, requireUser(c), code, id), 200);
  });
  router.openapi(uploadErrors, async (c) => {
    const { code, id } = c.req.valid('param');
    const report = await getUpload(c.get('ctx').database.db, requireUser(c), code, id);
    return c.body(errorsCsv(report), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="upload-${id}-errors.csv"`,
      'Cache-Control': 'no-store',
    });
  });
  router.openapi(ledger, async (c) => {
    const { code } = c.req.valid('param');
    const query = c.req.valid('query');
    return c.json(await listEnrolments(c.get('ctx').database.db, requireUser(c), code, query), 200);
  });
  router.openapi(deliver, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await recordDelivery(c.get('ctx').database.db, requireUser(c), id, body);
    return c.json(result.delivery, result.created ? 201 : 200);
  });
  router.openapi(verify, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await verifyDelivery(c.get('ctx').database.db, requireUser(c), id), 200);
  });
  return router;
}
