/** The API contracts of partners (CSR/NGO): one zod schema validates, documents and types each body. */
import { z } from '@hono/zod-openapi';
import { partnerKinds, pledgeStatuses } from './partners.schema.ts';

const regionCode = z
  .string()
  .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'a Kemendagri code such as 31.72 or 31.72.01.1001');
const isoDate = z.iso.date();
const pillar = z.coerce.number().int().min(1).max(4).openapi({ example: 2 });
const id = z.coerce.number().int().positive().max(2_147_483_647);
const nik = z.string().regex(/^\d{16}$/, '16 digits');

export const IdParam = z.object({ id });
export const HouseholdIdParam = z.object({ householdId: id });

export const OrganisationSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(partnerKinds),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    pillars: z.array(z.number().int()),
    active: z.boolean(),
  })
  .openapi('PartnerOrganisation');
export type Organisation = z.infer<typeof OrganisationSchema>;

/** An organisation code: the code partner and agency users carry (`BAZNAS`, `DINSOS`). */
const OrganisationCode = z
  .string()
  .regex(
    /^[A-Z0-9][A-Z0-9_-]{1,31}$/,
    'a capital or digit, then capitals, digits, - or _ (the code partner users carry)',
  )
  .openapi({ example: 'BAZNAS' });

export const OrganisationBody = z
  .strictObject({
    code: OrganisationCode,
    name: z.string().trim().min(2).max(200),
    kind: z.enum(partnerKinds),
    contactName: z.string().trim().max(200).nullable().default(null),
    contactEmail: z.string().trim().max(200).nullable().default(null),
    contactPhone: z.string().trim().max(40).nullable().default(null),
    pillars: z.array(z.number().int().min(1).max(4)).max(4).default([]),
    active: z.boolean().default(true),
  })
  .openapi('PartnerOrganisationInput');
export type OrganisationInput = z.infer<typeof OrganisationBody>;

export const OrganisationListSchema = z
  .object({ items: z.array(OrganisationSchema) })
  .openapi('PartnerOrganisationList');

export const PledgeSchema = z
  .object({
    id: z.number().int(),
    organisationCode: z.string(),
    organisationName: z.string(),
    pillar: z.number().int(),
    programCode: z.string().nullable(),
    planActivityId: z.number().int().nullable(),
    planActivityTitle: z.string().nullable(),
    locations: z.array(z.string()),
    amount: z.number().nullable(),
    householdsTarget: z.number().int().nullable(),
    periodStart: z.string(),
    periodEnd: z.string(),
    status: z.enum(pledgeStatuses),
    note: z.string().nullable(),
    /** Realised from delivery reports. */
    realisedValue: z.number(),
    householdsReached: z.number().int(),
    householdsAssigned: z.number().int(),
    nextStatuses: z.array(z.enum(pledgeStatuses)).openapi({
      description: 'The statuses the caller may move this pledge to now (none when it may not change it)',
    }),
  })
  .openapi('PartnerPledge');
export type Pledge = z.infer<typeof PledgeSchema>;

export const PledgeListSchema = z.object({ items: z.array(PledgeSchema) }).openapi('PartnerPledgeList');

export const PledgeBody = z
  .strictObject({
    organisationCode: z
      .string()
      .optional()
      .openapi({ description: 'The secretariat names it; a partner pledges as its own organisation' }),
    pillar,
    programCode: z.string().min(1).max(64).nullable().default(null),
    planActivityId: id.nullable().default(null),
    locations: z.array(regionCode).max(100).default([]),
    amount: z.number().int().min(0).max(1e15).nullable().default(null),
    householdsTarget: z.number().int().min(1).max(10_000_000).nullable().default(null),
    periodStart: isoDate,
    periodEnd: isoDate,
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    message: 'periodEnd must not be before periodStart',
    path: ['periodEnd'],
  })
  .refine((b) => b.amount !== null || b.householdsTarget !== null, {
    message: 'a pledge needs an amount, a households target or both',
    path: ['amount'],
  })
  .openapi('PartnerPledgeInput');
export type PledgeInput = z.infer<typeof PledgeBody>;

export const PledgeStatusBody = z
  .strictObject({ status: z.enum(pledgeStatuses) })
  .openapi('PartnerPledgeStatusChange');

export const PledgeListQuery = z.object({ organisation: OrganisationCode.optional() });

export const ConsentBody = z
  .strictObject({
    householdId: id,
    organisationCode: z.string().min(2).max(32),
    pillar,
    purpose: z.string().trim().min(3).max(500),
    consentingNik: nik.openapi({ description: 'NIK of the head or the member who consented' }),
    consentedAt: z.iso.datetime({ offset: true }),
    evidenceFileId: z.uuid().nullable().default(null),
    contactPhone: z
      .string()
      .regex(/^\+?\d[\d -]{5,19}$/, 'a phone number')
      .nullable()
      .default(null),
  })
  .openapi('PartnerConsentInput');
export type ConsentInput = z.infer<typeof ConsentBody>;

export const ConsentSchema = z
  .object({
    id: z.number().int(),
    householdId: z.number().int(),
    organisationCode: z.string(),
    pillar: z.number().int(),
    purpose: z.string(),
    consentingPersonId: z.number().int(),
    consentedAt: z.string(),
    evidenceFileId: z.string().nullable(),
    recordedAt: z.string(),
    withdrawnAt: z.string().nullable(),
    withdrawalReason: z.string().nullable(),
  })
  .openapi('PartnerConsent');
export type Consent = z.infer<typeof ConsentSchema>;

export const WithdrawBody = z
  .strictObject({ reason: z.string().trim().min(3).max(500) })
  .openapi('PartnerConsentWithdrawal');

export const AssignBody = z.strictObject({ pledgeId: id, householdId: id }).openapi('PartnerAssignmentInput');

export const AssignmentSchema = z
  .object({
    id: z.number().int(),
    pledgeId: z.number().int(),
    householdId: z.number().int(),
    consentId: z.number().int(),
    assignedAt: z.string(),
  })
  .openapi('PartnerAssignment');

/** What a partner sees of an assigned household: only what the delivery needs. */
export const AssignedHouseholdSchema = z
  .object({
    assignmentId: z.number().int(),
    householdId: z.number().int(),
    headName: z.string().nullable(),
    address: z.string(),
    rt: z.string(),
    rw: z.string(),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    phone: z.string().nullable(),
    pledge: z.object({
      id: z.number().int(),
      pillar: z.number().int(),
      programCode: z.string().nullable(),
      periodStart: z.string(),
      periodEnd: z.string(),
    }),
    consent: z.object({ purpose: z.string(), consentedAt: z.string() }),
  })
  .openapi('PartnerAssignedHousehold');
export type AssignedHousehold = z.infer<typeof AssignedHouseholdSchema>;

export const AssignedHouseholdListSchema = z
  .object({ items: z.array(AssignedHouseholdSchema) })
  .openapi('PartnerAssignedHouseholdList');

export const DeliveryReportBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          assignmentId: id,
          programCode: z
            .string()
            .min(1)
            .max(64)
            .nullable()
            .default(null)
            .openapi({ description: 'Defaults to the pledge’s program' }),
          service: z.string().trim().min(2).max(300),
          deliveredOn: isoDate,
          value: z.number().int().min(0).max(1e12),
        }),
      )
      .min(1)
      .max(500),
  })
  .openapi('PartnerDeliveryReport');
export type DeliveryReportInput = z.infer<typeof DeliveryReportBody>;

export const DeliveryReportResultSchema = z
  .object({
    recorded: z.number().int(),
    duplicates: z.number().int(),
    enrolmentsCreated: z.number().int(),
  })
  .openapi('PartnerDeliveryReportResult');

export const OverlapCheckBody = z
  .strictObject({
    nik,
    pillar,
    purpose: z.string().trim().min(3).max(200).default('partner overlap check'),
  })
  .openapi('OverlapCheck');

/** The answer, and nothing else. */
export const OverlapAnswerSchema = z.strictObject({ served: z.boolean() }).openapi('OverlapAnswer');

export const NeedsQuery = z.object({
  region: regionCode.optional().openapi({ description: 'A kota or kecamatan: its children are listed' }),
});

export const NeedCellSchema = z
  .object({
    regionCode: z.string(),
    regionName: z.string(),
    pillar: z.number().int(),
    /** Desil 1–4 households not reached by any program of the pillar; null when suppressed. */
    desil14Unreached: z.number().int().nullable(),
    /** Extreme-poor households not reached; null when suppressed. */
    extremePoorUnreached: z.number().int().nullable(),
  })
  .openapi('PartnerNeedCell');

export const NeedsSchema = z
  .object({
    region: z.string(),
    level: z.string(),
    minimumCount: z.number().int(),
    items: z.array(NeedCellSchema),
  })
  .openapi('PartnerNeeds');
export type Needs = z.infer<typeof NeedsSchema>;

export const ContributionsQuery = z.object({ region: regionCode.optional() });

export const ContributionRowSchema = z
  .object({
    organisationCode: z.string(),
    organisationName: z.string(),
    pillar: z.number().int(),
    regionCode: z.string(),
    regionName: z.string(),
    realisedValue: z.number(),
    householdsReached: z.number().int(),
    deliveries: z.number().int(),
  })
  .openapi('PartnerContribution');

export const ContributionsSchema = z
  .object({ region: z.string(), items: z.array(ContributionRowSchema) })
  .openapi('PartnerContributions');
