import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { validationError } from '../../http/errors.ts';
import { createRouter, errorResponses, json, PageQuery, requireMultipart } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { householdAttributeFields, personFields } from '../registry/registry.state.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import {
  ReviewBody,
  ReviewResultSchema,
  SubmissionBatchBody,
  SubmissionResultSchema,
} from './field.contracts.ts';
import { readSubmission } from './field.detail.ts';
import { maxEvidenceBytes, readEvidence, storeEvidence } from './field.evidence.ts';
import { readInbox } from './field.inbox.ts';
import { reviewSubmission } from './field.review.ts';
import { downloadAssignedHouseholds, receiveSubmissions } from './field.service.ts';

const FieldMemberSchema = z
  .object({
    personId: z.number().int(),
    relationship: z.string(),
    position: z.number().int(),
    ...Object.fromEntries(personFields.map((f) => [f, z.unknown()])),
  })
  .openapi('FieldMember');

const FieldHouseholdSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int().openapi({ description: 'Send it back as baseVersion with the visit' }),
    kkNumber: z.string(),
    kelurahanCode: z.string(),
    rw: z.string(),
    rt: z.string(),
    address: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    members: z.array(FieldMemberSchema),
  })
  .openapi('FieldHousehold');

/** The offline copy of a household: what the visit form shows and edits. */
function presentFieldHousehold(state: HouseholdState): z.infer<typeof FieldHouseholdSchema> {
  const h = state.household;
  return {
    id: h.id,
    version: h.version,
    kkNumber: h.kkNumber,
    kelurahanCode: h.kelurahanCode,
    rw: h.rw,
    rt: h.rt,
    address: h.address,
    attributes: Object.fromEntries(householdAttributeFields.map((f) => [f, h[f]])),
    members: state.members.map((m) => ({
      personId: m.person.id,
      relationship: m.relationship,
      position: m.position,
      ...Object.fromEntries(personFields.map((f) => [f, m.person[f]])),
    })),
  };
}

const download = createRoute({
  method: 'get',
  path: '/field/households',
  tags: ['field'],
  summary: 'The households assigned to the calling field officer, for offline work (each read audited)',
  responses: {
    200: json(z.object({ households: z.array(FieldHouseholdSchema) }), 'The assigned households'),
    ...errorResponses,
  },
});

const submit = createRoute({
  method: 'post',
  path: '/field/submissions',
  tags: ['field'],
  summary:
    'Upload queued field visits: each judged field by field against its base version and stored for review (a retry with the same clientId changes nothing)',
  request: { body: { required: true, content: { 'application/json': { schema: SubmissionBatchBody } } } },
  responses: {
    200: json(z.object({ results: z.array(SubmissionResultSchema) }), 'One result per submission, in order'),
    ...errorResponses,
  },
});

const SubmissionIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const review = createRoute({
  method: 'post',
  path: '/field/submissions/{id}/review',
  tags: ['field'],
  summary:
    'Approve or reject a pending visit (kelurahan or kecamatan supervisor): approved changes are written with the visit’s provenance, the household re-ranked',
  request: {
    params: SubmissionIdParam,
    body: { required: true, content: { 'application/json': { schema: ReviewBody } } },
  },
  responses: { 200: json(ReviewResultSchema, 'The decision and what it wrote'), ...errorResponses },
});

const SubmissionDetailSchema = z
  .object({
    submissionId: z.number().int(),
    householdId: z.number().int(),
    kkNumber: z.string(),
    kelurahanCode: z.string(),
    address: z.string(),
    householdVersion: z.number().int(),
    baseVersion: z.number().int(),
    officerName: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    outcome: z.string(),
    notes: z.string().nullable(),
    location: z
      .object({ latitude: z.number(), longitude: z.number(), accuracyM: z.number().nullable() })
      .nullable(),
    capturedAt: z.string(),
    receivedAt: z.string(),
    dueAt: z.string(),
    reviewNote: z.string().nullable(),
    evidence: z.array(z.object({ id: z.string(), contentType: z.string(), fileName: z.string() })),
    changes: z.array(
      z.object({
        key: z.string(),
        memberName: z.string().nullable(),
        field: z.string().nullable(),
        state: z.enum(['clean', 'conflict']),
        baseValue: z.unknown(),
        arrivalValue: z.unknown().openapi({ description: 'The registry value when the visit arrived' }),
        currentValue: z.unknown().openapi({ description: 'The registry value now' }),
        proposedValue: z.unknown(),
        alreadyHeld: z.boolean(),
        needsChoice: z
          .boolean()
          .openapi({ description: 'Approval needs resolutions[key] (current or proposed)' }),
      }),
    ),
  })
  .openapi('FieldSubmissionDetail');

const submissionDetail = createRoute({
  method: 'get',
  path: '/field/submissions/{id}',
  tags: ['field'],
  summary:
    'One field visit for its reviewer: outcome, notes, location, photos and each proposed change beside the base, arrival and current values (audited)',
  request: { params: SubmissionIdParam },
  responses: { 200: json(SubmissionDetailSchema, 'The visit and its changes'), ...errorResponses },
});

const InboxSchema = z
  .object({
    counts: z.object({
      pending: z.number().int(),
      withConflicts: z.number().int(),
      dueSoon: z.number().int().openapi({ description: 'Due within 3 days' }),
      overdue: z.number().int(),
    }),
    total: z.number().int(),
    items: z.array(
      z.object({
        submissionId: z.number().int(),
        householdId: z.number().int(),
        kelurahanCode: z.string(),
        kelurahanName: z.string(),
        officerName: z.string(),
        outcome: z.string(),
        capturedAt: z.string(),
        receivedAt: z.string(),
        dueAt: z.string(),
        clean: z.number().int(),
        conflicts: z.number().int(),
      }),
    ),
  })
  .openapi('FieldInbox');

const inbox = createRoute({
  method: 'get',
  path: '/field/inbox',
  tags: ['field'],
  summary:
    'The reviewer inbox: pending field visits in the caller’s area with counts, items due soon and overdue (conflicts and oldest first)',
  request: { query: PageQuery },
  responses: { 200: json(InboxSchema, 'Counts and one page of pending visits'), ...errorResponses },
});

const EvidenceSchema = z
  .object({
    id: z.string(),
    householdId: z.number().int().nullable(),
    kelurahanCode: z.string().nullable(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    fileName: z.string(),
  })
  .openapi('Evidence');

const EvidenceIdParam = z.object({ id: z.uuid() });

const uploadEvidence = createRoute({
  method: 'post',
  path: '/field/evidence',
  tags: ['field'],
  summary: 'Store a photo or document backing a visit or request (JPEG, PNG or PDF by content; at most 5 MB)',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.instanceof(File, { message: 'must be a JPEG, PNG or PDF file' }).openapi({
              type: 'string',
              format: 'binary',
            }),
            householdId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
            kelurahanCode: z
              .string()
              .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/)
              .optional()
              .openapi({ description: 'For a proposed new household (no household yet): its kelurahan' }),
          }),
        },
      },
    },
  },
  responses: { 201: json(EvidenceSchema, 'The stored file'), ...errorResponses },
});

const downloadEvidence = createRoute({
  method: 'get',
  path: '/field/evidence/{id}',
  tags: ['field'],
  summary: 'An evidence file of a household in the caller’s scope (audited)',
  request: { params: EvidenceIdParam },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } },
    ...errorResponses,
  },
});

// The service checks the exact size; this refuses a far larger body before it is read.
const evidenceBodyLimit = bodyLimit({
  maxSize: maxEvidenceBytes + 64 * 1024,
  onError: () => {
    throw validationError(
      [{ path: 'form.file', reason: 'too_large', message: 'The file is larger than 5 MB.' }],
      'The file is larger than 5 MB.',
    );
  },
});

/** Field verification routes (mounted under /api/v1): offline download and visit upload. */
export function fieldRoutes() {
  const router = createRouter();
  router.openapi(download, async (c) => {
    const states = await downloadAssignedHouseholds(c.get('ctx').database.db, requireUser(c));
    return c.json({ households: states.map(presentFieldHousehold) }, 200);
  });
  router.openapi(submit, async (c) => {
    const { submissions } = c.req.valid('json');
    const results = await receiveSubmissions(c.get('ctx').database.db, requireUser(c), submissions);
    return c.json({ results }, 200);
  });
  router.use('/field/evidence', requireMultipart, evidenceBodyLimit);
  router.openapi(uploadEvidence, async (c) => {
    const form = c.req.valid('form');
    const content = new Uint8Array(await form.file.arrayBuffer());
    const stored = await storeEvidence(c.get('ctx').database.db, requireUser(c), {
      householdId: form.householdId,
      kelurahanCode: form.kelurahanCode,
      fileName: form.file.name,
      content,
    });
    return c.json(stored, 201);
  });
  router.openapi(downloadEvidence, async (c) => {
    const file = await readEvidence(c.get('ctx').database.db, requireUser(c), c.req.valid('param').id);
    return c.body(Buffer.from(file.content), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
  });
  router.openapi(inbox, async (c) => {
    const result = await readInbox(c.get('ctx').database.db, requireUser(c), c.req.valid('query'));
    return c.json(result, 200);
  });
  router.openapi(submissionDetail, async (c) => {
    const result = await readSubmission(c.get('ctx').database.db, requireUser(c), c.req.valid('param').id);
    return c.json(result, 200);
  });
  router.openapi(review, async (c) => {
    const { id } = c.req.valid('param');
    const result = await reviewSubmission(c.get('ctx').database.db, requireUser(c), id, c.req.valid('json'));
    return c.json(result, 200);
  });
  return router;
}
