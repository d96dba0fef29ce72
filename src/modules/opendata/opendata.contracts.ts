/** The API contracts of the public open data: aggregates only, every count suppressed under 10. */
import { z } from '@hono/zod-openapi';

export const openDataLevels = ['province', 'kota', 'kecamatan', 'kelurahan'] as const;
export type OpenDataLevel = (typeof openDataLevels)[number];

const suppressedCount = z.number().int().nullable().openapi({
  description: 'A count of households or persons; null when suppressed (under 10, or a complement)',
});

export const OpenDataQuery = z.object({
  level: z.enum(openDataLevels).default('kota'),
  within: z
    .string()
    .regex(/^\d{2}(\.\d{2}(\.\d{2})?)?$/, 'a province, kota or kecamatan code such as 31.72')
    .optional()
    .openapi({ description: 'Only areas inside this one' }),
});

export const OpenDataCsvQuery = z.object({ level: z.enum(openDataLevels).default('kota') });

export const OpenDataAreaSchema = z
  .object({
    code: z.string(),
    parentCode: z.string().nullable(),
    level: z.enum(openDataLevels),
    name: z.string(),
    isPriority: z.boolean().openapi({ description: 'One of the 10 official priority kecamatan' }),
    households: suppressedCount,
    persons: suppressedCount,
    desil14Households: suppressedCount,
    extremePoorHouseholds: suppressedCount,
    coveredByPillar: z
      .array(suppressedCount)
      .openapi({ description: 'Desil 1–4 households reached by any program of pillar 1..4' }),
  })
  .openapi('OpenDataArea');

export type OpenDataArea = z.infer<typeof OpenDataAreaSchema>;

export const OpenDataSchema = z
  .object({
    threshold: z.number().int().openapi({ description: 'Counts under this are never shown' }),
    level: z.enum(openDataLevels),
    areas: z.array(OpenDataAreaSchema),
  })
  .openapi('OpenData');
