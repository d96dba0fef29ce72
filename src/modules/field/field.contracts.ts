import { z } from '@hono/zod-openapi';
import { householdFieldSchemas, NewMemberBody, personFieldSchemas } from '../registry/registry.contracts.ts';
import { householdAttributeFields, personFields, type PersonField } from '../registry/registry.state.ts';
import { visitOutcomes } from './field.schema.ts';

/** Household fields an officer may change in the field: the address line and the housing and asset variables. */
export const fieldHouseholdFields = ['address', 'rt', 'rw', ...householdAttributeFields] as const;

/** Person fields an officer may change in the field: everything but identity. */
export const fieldPersonFields = personFields.filter(
  (f): f is Exclude<PersonField, 'nik' | 'sex' | 'birthDate'> => !['nik', 'sex', 'birthDate'].includes(f),
);

const PersonId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const pick = <K extends string>(shapes: Record<string, z.ZodType>, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, shapes[k]!])) as Record<K, z.ZodType>;

const MemberChange = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('change'),
    personId: PersonId,
    // Identity (NIK, sex, birth date) is corrected at the kelurahan desk against documents, not in the field.
    fields: z
      .strictObject(pick(personFieldSchemas, fieldPersonFields))
      .partial()
      .refine((f) => Object.keys(f).length > 0, 'give at least one field'),
  }),
  z.strictObject({
    op: z.literal('leave'),
    personId: PersonId,
    reason: z.enum(['died', 'moved_out']),
    date: z.iso.date().optional(),
  }),
  z.strictObject({
    op: z.literal('add'),
    /** The phone's own reference for the new member (unique within the submission). */
    ref: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, at most 40'),
    person: NewMemberBody,
  }),
]);

/** One visit as the phone queues it (issue 4, part 2). */
export const FieldSubmissionBody = z
  .strictObject({
    clientId: z
      .uuid()
      .openapi({ description: 'Made on the phone; a retried upload with the same id is a no-op' }),
    householdId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    baseVersion: z
      .number()
      .int()
      .min(1)
      .openapi({ description: 'The household version the visit started from' }),
    capturedAt: z.iso.datetime({ offset: true }),
    outcome: z.enum(visitOutcomes),
    household: z.strictObject(pick(householdFieldSchemas, fieldHouseholdFields)).partial().default({}),
    members: z.array(MemberChange).max(40).default([]),
    notes: z.string().trim().max(2000).optional(),
    evidenceIds: z.array(z.uuid()).max(5).optional().openapi({
      description: 'Photos uploaded first with POST /field/evidence; kept with the visit for its reviewer',
    }),
    location: z
      .strictObject({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        accuracyM: z.number().min(0).max(100_000).optional(),
      })
      .optional(),
  })
  .openapi('FieldSubmission');

export type FieldSubmissionInput = z.infer<typeof FieldSubmissionBody>;

/** At most this many submissions per upload (the phone sends its queue in batches). */
export const maxBatch = 200;

export const SubmissionBatchBody = z
  .strictObject({
    submissions: z.array(z.unknown()).min(1).max(maxBatch).openapi({
      description: 'FieldSubmission objects; each is checked on its own, so one bad item loses nothing else',
    }),
  })
  .openapi('FieldSubmissionBatch');

export const SubmissionResultSchema = z
  .object({
    index: z.number().int(),
    clientId: z.string().nullable(),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    submissionId: z.number().int().nullable(),
    clean: z.number().int(),
    conflicts: z.array(z.string()).openapi({ description: 'Keys of the fields someone else also changed' }),
    unchanged: z.number().int(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        issues: z.array(z.object({ path: z.string(), message: z.string() })),
      })
      .nullable(),
  })
  .openapi('FieldSubmissionResult');

export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;

export const ReviewBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: z.string().trim().min(1).max(1000).optional(),
    resolutions: z
      .record(z.string().max(80), z.enum(['current', 'proposed']))
      .optional()
      .openapi({
        description: 'For each conflicting key: keep the registry value (current) or take the visit’s',
      }),
  })
  .openapi('FieldReview');

export const ReviewResultSchema = z
  .object({
    submissionId: z.number().int(),
    status: z.enum(['approved', 'rejected']),
    householdId: z.number().int(),
    version: z.number().int(),
    applied: z.array(z.string()),
    kept: z.array(z.string()),
    forwarded: z
      .array(z.object({ key: z.string(), changeRequestId: z.number().int(), trackingCode: z.string() }))
      .openapi({ description: 'Newcomers the visit found, each now a change request for the desk' }),
  })
  .openapi('FieldReviewResult');
