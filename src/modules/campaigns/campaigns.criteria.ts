/**
 * Campaign criteria: which households of the campaign's area are to be visited. Structured (not a rule text), every
 * part optional and all parts combined with AND; compiled to one SQL condition over `household h` joined to its
 * latest welfare ranking `w` (LEFT JOIN, so unranked households have null desil).
 */
import { z } from '@hono/zod-openapi';
import { sql, type SQL } from 'drizzle-orm';
import { codeWithin } from '../regions/region-sql.ts';

export const kecamatanCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'a kecamatan code such as 31.72.01');

export const CampaignCriteriaSchema = z
  .strictObject({
    desil: z
      .strictObject({ min: z.number().int().min(1).max(10), max: z.number().int().min(1).max(10) })
      .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] })
      .optional()
      .openapi({
        description: 'Desil range of the latest welfare ranking (unranked households never match)',
      }),
    notVerifiedMonths: z.number().int().min(1).max(120).optional().openapi({
      description:
        'No approved field visit, and no registry change from field verification, in this many months before now',
    }),
    extremePoor: z.boolean().optional().openapi({
      description: 'Only households flagged extremely poor (true) or not (false) in the latest ranking',
    }),
    kecamatanCodes: z
      .array(kecamatanCode)
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: 'Only households in these kecamatan' }),
    priorityKecamatan: z
      .literal(true)
      .optional()
      .openapi({ description: 'Only households in the kecamatan flagged as poverty-reduction priorities' }),
  })
  .openapi('CampaignCriteria');

export type CampaignCriteria = z.infer<typeof CampaignCriteriaSchema>;

/** The SQL condition of the criteria over `h` (household) and `w` (its latest household_welfare row, or nulls). */
export function criteriaCondition(criteria: CampaignCriteria): SQL {
  const parts: SQL[] = [];
  if (criteria.desil) parts.push(sql`w.desil BETWEEN ${criteria.desil.min} AND ${criteria.desil.max}`);
  if (criteria.extremePoor !== undefined) parts.push(sql`w.is_extreme_poor = ${criteria.extremePoor}`);
  if (criteria.kecamatanCodes)
    parts.push(
      sql`(${sql.join(
        criteria.kecamatanCodes.map((k) => codeWithin(sql`h.kelurahan_code`, k)),
        sql` OR `,
      )})`,
    );
  if (criteria.priorityKecamatan)
    parts.push(sql`substr(h.kelurahan_code, 1, 8) IN
                     (SELECT code FROM region WHERE level = 'kecamatan' AND is_priority)`);
  if (criteria.notVerifiedMonths !== undefined) {
    const since = sql`now() - make_interval(months => ${criteria.notVerifiedMonths})`;
    parts.push(sql`NOT EXISTS (SELECT 1 FROM field_submission s
                     WHERE s.household_id = h.id AND s.status = 'approved' AND s.captured_at >= ${since})`);
    // An approved visit writes a version whose replaced state records the change source.
    parts.push(sql`NOT EXISTS (SELECT 1 FROM household_version v
                     WHERE v.household_id = h.id AND v.change_source = 'field-verification'
                       AND v.valid_to >= ${since})`);
  }
  return parts.length === 0 ? sql`TRUE` : sql.join(parts, sql` AND `);
}
