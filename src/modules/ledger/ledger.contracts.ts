import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../http/openapi.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { enrolmentStatuses } from './ledger.schema.ts';

/** A real calendar day, `YYYY-MM-DD`. */
const Day = z.iso.date();

const RowError = z.object({
  line: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});

/** The report of one beneficiary upload. */
export const UploadReportSchema = z
  .object({
    uploadId: z.number().int(),
    programCode: z.string(),
    provider: z.string(),
    providerKind: z.enum(['agency', 'partner']),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    mode: z.enum(['all_or_nothing', 'valid_only']),
    status: z.enum(['loaded', 'partially_loaded', 'rejected']),
    rowsTotal: z.number().int(),
    rowsValid: z.number().int().openapi({ description: 'Rows without errors that matched the registry' }),
    rowsLoaded: z.number().int().openapi({ description: 'Enrolments created' }),
    alreadyEnrolled: z
      .number()
      .int()
      .openapi({ description: 'Valid units already openly enrolled, not loaded again' }),
    errorCount: z.number().int(),
    unmatchedCount: z.number().int(),
    errors: z.array(RowError).openapi({ description: 'The first 1000 row errors' }),
    unmatched: z.array(z.object({ line: z.number().int(), value: z.string() })),
    createdAt: z.string(),
  })
  .openapi('UploadReport');

/** Filters and paging of the ledger. */
export const LedgerQuery = PageQuery.extend({
  region: z.string().regex(regionCodePattern, 'must be a Kemendagri region code').optional(),
  status: z.enum(enrolmentStatuses).optional(),
  purpose: z.string().trim().min(3).max(200).default('enrolment ledger'),
});

const LedgerItem = z
  .object({
    id: z.number().int(),
    householdId: z.number().int(),
    personId: z.number().int().nullable(),
    name: z.string().nullable(),
    nik: z.string().nullable(),
    kkNumber: z.string(),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    provider: z.string(),
    providerKind: z.string(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    status: z.string(),
    uploadId: z.number().int().nullable(),
    lastPeriod: z.string().nullable(),
    lastAmount: z.number().nullable(),
    lastService: z.string().nullable(),
    lastDeliveredOn: z.string().nullable(),
    lastVerifiedOn: z.string().nullable(),
  })
  .openapi('LedgerItem');

/** One page of the ledger. */
export const LedgerPageSchema = z.object({
  program: z.object({ code: z.string(), name: z.string(), unit: z.string(), agency: z.string() }),
  items: z.array(LedgerItem),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

/** A delivery as submitted: the month (`YYYY-MM` or its first day), and the amount and/or what was given. */
export const DeliveryBody = z
  .object({
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])(-01)?$/, 'must be a month as YYYY-MM or its first day YYYY-MM-01')
      .transform((p) => (p.length === 7 ? `${p}-01` : p))
      .openapi({ example: '2025-03' }),
    amount: z.number().int().min(0).max(1_000_000_000_000).optional().openapi({ description: 'Rupiah' }),
    service: z.string().trim().min(1).max(200).optional(),
    deliveredOn: Day.optional(),
  })
  .openapi('DeliveryInput');

/** A stored delivery. */
export const DeliverySchema = z
  .object({
    id: z.number().int(),
    enrolmentId: z.number().int(),
    period: z.string(),
    amount: z.number().nullable(),
    service: z.string().nullable(),
    deliveredOn: z.string().nullable(),
    verifiedOn: z.string().nullable(),
    verifiedBy: z.number().int().nullable(),
  })
  .openapi('Delivery');
