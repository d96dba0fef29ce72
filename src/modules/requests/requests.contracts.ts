import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../http/openapi.ts';
import {
  CreateHouseholdBody,
  householdFieldSchemas,
  NewMemberBody,
  personFieldSchemas,
} from '../registry/registry.contracts.ts';
import { enums } from '../registry/registry.schema.ts';
import { evidenceKinds } from './requests.rules.ts';
import { changeRequestStatuses, changeRequestTypes, type ChangeRequestType } from './requests.schema.ts';

const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const IsoDate = z.iso.date();

/** Household fields a correction may change: not the kelurahan (that is a move), the rest with documents. */
export const correctableHouseholdFields = Object.keys(householdFieldSchemas).filter(
  (f) => f !== 'kelurahanCode',
);
export const correctablePersonFields = Object.keys(personFieldSchemas);

/** What each type asks for. Household-bound types name the household (self-service: the requester's own). */
export const payloadSchemas = {
  birth: z.strictObject({ householdId: Id, member: NewMemberBody }),
  death: z.strictObject({ householdId: Id, personId: Id, date: IsoDate }),
  move_in: z.strictObject({ householdId: Id, member: NewMemberBody }),
  move_out: z.strictObject({
    householdId: Id,
    personId: Id,
    date: IsoDate,
    destination: z.string().trim().min(1).max(300).optional(),
  }),
  household_split: z.strictObject({
    householdId: Id,
    newKkNumber: householdFieldSchemas.kkNumber,
    /** The members who leave to form the new household, with their relationship in it (exactly one head). */
    members: z
      .array(z.strictObject({ personId: Id, relationship: z.enum(enums.relationship) }))
      .min(1)
      .max(40),
    address: householdFieldSchemas.address.optional(),
    rt: householdFieldSchemas.rt.optional(),
    rw: householdFieldSchemas.rw.optional(),
  }),
  household_merge: z.strictObject({
    householdId: Id,
    /** The family card of the household that joins this one (it ends, its members move here). */
    otherKkNumber: householdFieldSchemas.kkNumber,
  }),
  new_household: CreateHouseholdBody.omit({ source: true, reason: true, purpose: true }),
  correction: z.strictObject({
    householdId: Id,
    /** A member's field when given, else a household field. */
    personId: Id.optional(),
    field: z.string().max(40),
    value: z.unknown(),
  }),
  recipient_challenge: z.strictObject({
    householdId: Id,
    programCode: z.string().trim().min(1).max(40),
    reason: z.string().trim().min(10).max(2000),
  }),
} satisfies Record<ChangeRequestType, z.ZodType>;

export type Payloads = { [K in ChangeRequestType]: z.infer<(typeof payloadSchemas)[K]> };

const EvidenceRef = z.strictObject({ evidenceId: z.uuid(), kind: z.enum(evidenceKinds) });

/** A request entered at the kelurahan desk; evidence uploaded first through POST /field/evidence. */
export const DeskRequestBody = z
  .strictObject({
    clientId: z
      .uuid()
      .optional()
      .openapi({ description: 'Made by the form: a resubmission returns the first request' }),
    type: z.enum(changeRequestTypes),
    payload: z.record(z.string(), z.unknown()),
    evidence: z.array(EvidenceRef).max(20).default([]),
    requesterName: z.string().trim().min(1).max(200).optional(),
    requesterNik: z
      .string()
      .regex(/^\d{16}$/)
      .optional(),
  })
  .openapi('DeskChangeRequest');

export const StatusBody = z
  .strictObject({ trackingCode: z.string().trim().min(6).max(20), nik: z.string().regex(/^\d{16}$/) })
  .openapi('ChangeRequestStatusQuery');

export const DecisionBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((b) => b.decision === 'approve' || b.note !== undefined, {
    message: 'A rejection needs a note for the requester',
    path: ['note'],
  })
  .openapi('ChangeRequestDecision');

export const SettingsBody = z
  .strictObject({
    cutoffDay: z.number().int().min(1).max(28),
    deadlineDays: z.partialRecord(z.enum(changeRequestTypes), z.number().int().min(1).max(90)),
  })
  .openapi('ChangeRequestSettings');

export const ListQuery = PageQuery.extend({
  status: z.enum(changeRequestStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

export const RequestIdParam = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/** What the requester may see: no personal data beyond the request's own state. */
export const PublicStatusSchema = z
  .object({
    trackingCode: z.string(),
    type: z.enum(changeRequestTypes),
    status: z.enum(changeRequestStatuses),
    cycle: z.string(),
    submittedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .openapi('ChangeRequestStatus');

export const RequestSchema = PublicStatusSchema.extend({
  id: z.number().int(),
  channel: z.string(),
  householdId: z.number().int().nullable(),
  kelurahanCode: z.string(),
  requesterName: z.string().nullable(),
  payload: z.unknown(),
  evidence: z.array(z.object({ evidenceId: z.string(), kind: z.string() })),
  reviewerId: z.number().int().nullable(),
  escalated: z.boolean(),
  result: z.unknown(),
}).openapi('ChangeRequest');

export type DeskRequestInput = z.infer<typeof DeskRequestBody>;
