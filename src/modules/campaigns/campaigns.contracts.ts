/** The API contracts of verification campaigns: one zod schema validates, documents and types each body. */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../http/openapi.ts';
import { CampaignCriteriaSchema } from './campaigns.criteria.ts';
import { campaignStatuses } from './campaigns.schema.ts';

const regionCode = z
  .string()
  .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'a Kemendagri code such as 31.72 or 31.72.01.1001');
export const kelurahanCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'a kelurahan code');
const rw = z.string().regex(/^\d{1,3}$/, 'an RW number such as 003');
const isoDate = z.iso.date();

export const CampaignIdParam = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

export const CreateCampaignBody = z
  .strictObject({
    name: z.string().trim().min(3).max(200),
    purpose: z.string().trim().min(3).max(2000),
    areaCodes: z.array(regionCode).min(1).max(50).openapi({
      description: 'Region codes (province, kota, kecamatan or kelurahan), all inside the caller’s area',
    }),
    periodStart: isoDate,
    periodEnd: isoDate,
    criteria: CampaignCriteriaSchema,
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    message: 'periodEnd must not be before periodStart',
    path: ['periodEnd'],
  })
  .openapi('CreateCampaign');

export type CreateCampaignInput = z.infer<typeof CreateCampaignBody>;

export const CampaignStatusBody = z
  .strictObject({ status: z.enum(['active', 'closed']) })
  .openapi('CampaignStatusChange');

export const CampaignListQuery = PageQuery.extend({ status: z.enum(campaignStatuses).optional() });

export const CampaignSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    purpose: z.string(),
    areaCodes: z.array(z.string()),
    periodStart: z.string(),
    periodEnd: z.string(),
    criteria: CampaignCriteriaSchema,
    status: z.enum(campaignStatuses),
    createdBy: z.number().int(),
    createdAt: z.string(),
    assigned: z.number().int().openapi({ description: 'Households assigned so far' }),
  })
  .openapi('Campaign');

export type Campaign = z.infer<typeof CampaignSchema>;

export const CampaignListSchema = z
  .object({ items: z.array(CampaignSchema), total: z.number().int() })
  .openapi('CampaignList');

const PreviewCell = z.object({
  matching: z.number().int().openapi({ description: 'Households meeting the criteria now' }),
  assigned: z.number().int().openapi({ description: 'Of those, already assigned in this campaign' }),
  unassigned: z.number().int(),
});

export const CampaignPreviewSchema = z
  .object({
    campaignId: z.number().int(),
    totals: PreviewCell,
    kelurahan: z.array(
      PreviewCell.extend({
        kelurahanCode: z.string(),
        kelurahanName: z.string(),
        rws: z.array(PreviewCell.extend({ rw: z.string() })),
      }),
    ),
  })
  .openapi('CampaignPreview');

export type CampaignPreview = z.infer<typeof CampaignPreviewSchema>;

export const AssignBody = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          officerId: z.number().int().positive().max(2_147_483_647),
          kelurahanCode,
          rw: rw
            .optional()
            .openapi({ description: 'Only this RW of the kelurahan; absent: the whole kelurahan' }),
          quota: z.number().int().min(1).max(10_000).openapi({
            description:
              'The officer’s total in this kelurahan (or RW) for the campaign; households already assigned count',
          }),
        }),
      )
      .min(1)
      .max(500),
  })
  .openapi('CampaignAssign');

export type AssignInput = z.infer<typeof AssignBody>;

export const AssignResultSchema = z
  .object({
    campaignId: z.number().int(),
    assigned: z.number().int(),
    lines: z.array(
      z.object({
        officerId: z.number().int(),
        kelurahanCode: z.string(),
        rw: z.string().nullable(),
        quota: z.number().int(),
        held: z
          .number()
          .int()
          .openapi({ description: 'Already assigned to the officer here before this call' }),
        assigned: z.number().int().openapi({ description: 'Assigned by this call' }),
        shortfall: z.number().int().openapi({ description: 'Quota not met for want of matching households' }),
      }),
    ),
  })
  .openapi('CampaignAssignResult');

export type AssignResult = z.infer<typeof AssignResultSchema>;

export const ProgressCounts = z.object({
  assigned: z.number().int(),
  visited: z
    .number()
    .int()
    .openapi({ description: 'Assigned households with a visit received since the start' }),
  approved: z.number().int().openapi({ description: 'Assigned households with such a visit approved' }),
  remaining: z.number().int().openapi({ description: 'Assigned households not visited yet' }),
  percent: z.number().openapi({ description: 'Share of assigned households visited, 0–100, one decimal' }),
});

export type ProgressCounts = z.infer<typeof ProgressCounts>;

export const CampaignProgressSchema = z
  .object({
    campaignId: z.number().int(),
    totals: ProgressCounts,
    officers: z.array(ProgressCounts.extend({ officerId: z.number().int(), officerName: z.string() })),
    kelurahan: z.array(
      ProgressCounts.extend({
        kelurahanCode: z.string(),
        kelurahanName: z.string(),
        rws: z.array(ProgressCounts.extend({ rw: z.string() })),
      }),
    ),
  })
  .openapi('CampaignProgress');

export type CampaignProgress = z.infer<typeof CampaignProgressSchema>;

export const OfficerListSchema = z
  .object({
    officers: z.array(
      z.object({
        id: z.number().int(),
        displayName: z.string(),
        regionCode: z.string(),
        regionName: z.string(),
        assigned: z.number().int().openapi({ description: 'Households assigned to the officer now' }),
      }),
    ),
  })
  .openapi('FieldOfficerList');
