import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { validationError } from '../../http/errors.ts';
import { createRouter, errorResponses, json, requireMultipart } from '../../http/openapi.ts';
import { clientAddressOf, requireUser } from '../access/access.middleware.ts';
import { maxEvidenceBytes } from '../field/field.evidence.ts';
import {
  DecisionBody,
  DeskRequestBody,
  ListQuery,
  PublicStatusSchema,
  RequestIdParam,
  RequestSchema,
  SettingsBody,
  StatusBody,
} from './requests.contracts.ts';
import { evidenceKinds } from './requests.rules.ts';
import { changeRequestTypes } from './requests.schema.ts';
import {
  createDeskRequest,
  createSelfServiceRequest,
  decideRequest,
  getSettings,
  listRequests,
  readPublicStatus,
  readRequest,
  startVerification,
  updateSettings,
} from './requests.service.ts';

const tags = ['change requests'];

const SettingsSchema = z
  .object({ cutoffDay: z.number().int(), deadlineDays: z.record(z.string(), z.number().int()) })
  .openapi('ChangeRequestSettingsInForce');

const InboxSchema = z
  .object({
    counts: z.object({
      submitted: z.number().int(),
      verifying: z.number().int(),
      dueSoon: z.number().int(),
      overdue: z.number().int(),
    }),
    items: z.array(RequestSchema.omit({ payload: true, requesterName: true, evidence: true, result: true })),
    total: z.number().int(),
  })
  .openapi('ChangeRequestInbox');

const createDesk = createRoute({
  method: 'post',
  path: '/change-requests',
  tags,
  summary: 'File a change request at the kelurahan desk (evidence uploaded first via POST /field/evidence)',
  request: { body: { required: true, content: { 'application/json': { schema: DeskRequestBody } } } },
  responses: {
    201: json(RequestSchema, 'The request, with its tracking code, cycle and deadline'),
    ...errorResponses,
  },
});

const list = createRoute({
  method: 'get',
  path: '/change-requests',
  tags,
  summary: 'Open requests in the reviewer’s area: counts, overdue first, then by deadline',
  request: { query: ListQuery },
  responses: { 200: json(InboxSchema, 'Counts and one page of requests'), ...errorResponses },
});

const readOne = createRoute({
  method: 'get',
  path: '/change-requests/{id}',
  tags,
  summary: 'One request with its payload and evidence (audited)',
  request: { params: RequestIdParam },
  responses: { 200: json(RequestSchema, 'The request'), ...errorResponses },
});

const verify = createRoute({
  method: 'post',
  path: '/change-requests/{id}/verify',
  tags,
  summary: 'Take a submitted request into verification',
  request: { params: RequestIdParam },
  responses: { 200: json(RequestSchema, 'The request, now verifying'), ...errorResponses },
});

const decide = createRoute({
  method: 'post',
  path: '/change-requests/{id}/decision',
  tags,
  summary: 'Approve (the registry changes, with the request as provenance) or reject with a note',
  request: {
    params: RequestIdParam,
    body: { required: true, content: { 'application/json': { schema: DecisionBody } } },
  },
  responses: { 200: json(RequestSchema, 'The decided request'), ...errorResponses },
});

const settingsRead = createRoute({
  method: 'get',
  path: '/change-requests/settings',
  tags,
  summary: 'Verification deadlines per type and the monthly cut-off day in force',
  responses: { 200: json(SettingsSchema, 'Settings'), ...errorResponses },
});

const settingsWrite = createRoute({
  method: 'put',
  path: '/change-requests/settings',
  tags,
  summary: 'Change deadlines and the cut-off day (secretariat)',
  request: { body: { required: true, content: { 'application/json': { schema: SettingsBody } } } },
  responses: { 200: json(SettingsSchema, 'Settings now in force'), ...errorResponses },
});

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)]).optional();

const selfService = createRoute({
  method: 'post',
  path: '/self-service/change-requests',
  tags,
  summary:
    'A resident files a request, identified by NIK and family card number, with documents (no sign-in)',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            nik: z.string().regex(/^\d{16}$/),
            kkNumber: z.string().regex(/^\d{16}$/),
            type: z.enum(changeRequestTypes),
            payload: z.string().max(100_000).openapi({
              description:
                'The request as JSON; members of the household are named by `personNik`; a challenge names the challenged household by `targetKkNumber`',
            }),
            clientId: z.uuid().optional(),
            requesterName: z.string().trim().min(1).max(200).optional(),
            file: oneOrMany(z.instanceof(File)).openapi({
              type: 'array',
              items: { type: 'string', format: 'binary' },
            }),
            kind: oneOrMany(z.enum(evidenceKinds)).openapi({
              description: 'The kind of each file, in order',
            }),
          }),
        },
      },
    },
  },
  responses: {
    201: json(PublicStatusSchema, 'The request’s tracking code and status'),
    200: json(PublicStatusSchema, 'The same form again (same client id): the first request'),
    ...errorResponses,
  },
});

const selfServiceStatus = createRoute({
  method: 'post',
  path: '/self-service/change-requests/status',
  tags,
  summary: 'A requester checks a request by tracking code and NIK (no sign-in; throttled)',
  request: { body: { required: true, content: { 'application/json': { schema: StatusBody } } } },
  responses: { 200: json(PublicStatusSchema, 'The request’s status'), ...errorResponses },
});

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Five documents of at most 5 MB each, and the form around them. */
const selfServiceBodyLimit = bodyLimit({
  maxSize: 5 * maxEvidenceBytes + 256 * 1024,
  onError: () => {
    throw validationError([
      { path: 'form.file', reason: 'too_large', message: 'The files are larger than 25 MB together.' },
    ]);
  },
});

/** Change request routes (mounted under /api/v1): the desk, the reviewers, settings, and residents' self-service. */
export function requestsRoutes() {
  const router = createRouter();
  router.openapi(createDesk, async (c) => {
    const created = await createDeskRequest(c.get('ctx').database.db, requireUser(c), c.req.valid('json'));
    return c.json(created, 201);
  });
  router.openapi(list, async (c) =>
    c.json(await listRequests(c.get('ctx').database.db, requireUser(c), c.req.valid('query')), 200),
  );
  router.openapi(settingsRead, async (c) =>
    c.json(await getSettings(c.get('ctx').database.db, requireUser(c)), 200),
  );
  router.openapi(settingsWrite, async (c) =>
    c.json(await updateSettings(c.get('ctx').database.db, requireUser(c), c.req.valid('json')), 200),
  );
  router.openapi(readOne, async (c) =>
    c.json(await readRequest(c.get('ctx').database.db, requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(verify, async (c) =>
    c.json(await startVerification(c.get('ctx').database.db, requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(decide, async (c) =>
    c.json(
      await decideRequest(
        c.get('ctx').database.db,
        requireUser(c),
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
      200,
    ),
  );
  router.use('/self-service/change-requests', requireMultipart, selfServiceBodyLimit);
  router.openapi(selfService, async (c) => {
    const form = c.req.valid('form');
    const files = asArray(form.file);
    const kinds = asArray(form.kind);
    if (files.length !== kinds.length || files.length > 5)
      throw validationError([
        { path: 'form.kind', reason: 'mismatch', message: 'Give one kind for each file, at most 5 files.' },
      ]);
    let payload: unknown;
    try {
      payload = JSON.parse(form.payload);
    } catch {
      throw validationError([
        { path: 'form.payload', reason: 'invalid_json', message: 'The payload is not valid JSON.' },
      ]);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      throw validationError([
        { path: 'form.payload', reason: 'invalid_type', message: 'The payload must be an object.' },
      ]);
    const created = await createSelfServiceRequest(c.get('ctx').database.db, {
      nik: form.nik,
      kkNumber: form.kkNumber,
      type: form.type,
      payload: payload as Record<string, unknown>,
      clientId: form.clientId,
      requesterName: form.requesterName,
      files: await Promise.all(
        files.map(async (f, i) => ({
          kind: kinds[i]!,
          fileName: f.name,
          content: new Uint8Array(await f.arrayBuffer()),
        })),
      ),
      clientAddress: clientAddressOf(c),
    });
    const { created: isNew, ...status } = created;
    return isNew ? c.json(status, 201) : c.json(status, 200);
  });
  router.openapi(selfServiceStatus, async (c) =>
    c.json(
      await readPublicStatus(c.get('ctx').database.db, {
        ...c.req.valid('json'),
        clientAddress: clientAddressOf(c),
      }),
      200,
    ),
  );
  return router;
}
