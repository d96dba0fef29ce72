import { z } from '@hono/zod-openapi';
import type { PmtModelRow, SnapshotWithModel } from './welfare.repository.ts';
import type { TargetingQuality } from './welfare.quality.ts';

// Everything here is model metadata or aggregates over the province: no household or person leaves the server.

export const PmtModelSchema = z
  .object({
    id: z.number().int(),
    version: z.string().openapi({ example: '2026.1-default' }),
    description: z.string(),
    intercept: z.number(),
    coefficients: z.record(z.string(), z.number()).openapi({ description: 'Weight per feature name' }),
    extremePovertyLine: z.number().openapi({ description: 'Rp per capita per month' }),
    calibratedFrom: z.string(),
    fitStatistics: z
      .object({ r2: z.number(), rmse: z.number(), n: z.number().int(), seed: z.number(), ridge: z.number() })
      .nullable(),
    isActive: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('PmtModel');

const SelectionErrorSchema = z.object({
  selected: z.number().int(),
  selectedTrue: z.number().int(),
  exclusionError: z.number().nullable().openapi({ description: 'Truly poor not selected / truly poor' }),
  inclusionError: z.number().nullable().openapi({ description: 'Selected not truly poor / selected' }),
});

export const QualitySchema = z
  .object({
    reference: z.string(),
    households: z.number().int(),
    trulyPoor: z.number().int(),
    trulyExtremePoor: z.number().int(),
    poorShareInDesil1to2: z.number().nullable(),
    cutoffs: z.array(SelectionErrorSchema.extend({ maxDesil: z.number().int(), label: z.string() })),
    extremeFlag: SelectionErrorSchema,
  })
  .openapi('TargetingQuality');

export const SnapshotSchema = z
  .object({
    id: z.number().int(),
    modelVersion: z.string(),
    snapshotDate: z.string().openapi({ example: '2026-03-31' }),
    computedAt: z.string(),
    householdCount: z.number().int(),
    quality: QualitySchema.nullable().openapi({ description: 'Null when there is no reference consumption' }),
  })
  .openapi('WelfareSnapshot');

export const SnapshotDetailSchema = SnapshotSchema.extend({
  desils: z.array(
    z.object({ desil: z.number().int(), households: z.number().int(), extremePoor: z.number().int() }),
  ),
}).openapi('WelfareSnapshotDetail');

/** A model as the API shows it. */
export function presentModel(model: PmtModelRow): z.infer<typeof PmtModelSchema> {
  return {
    id: model.id,
    version: model.version,
    description: model.description,
    intercept: model.intercept,
    coefficients: model.coefficients,
    extremePovertyLine: Number(model.extremePovertyLine),
    calibratedFrom: model.calibratedFrom,
    fitStatistics: model.fitStatistics ?? null,
    isActive: model.isActive,
    createdAt: model.createdAt.toISOString(),
  };
}

/** A snapshot as the API shows it (counts and rates only). */
export function presentSnapshot(snapshot: SnapshotWithModel): z.infer<typeof SnapshotSchema> {
  return {
    id: snapshot.id,
    modelVersion: snapshot.modelVersion,
    snapshotDate: snapshot.snapshotDate,
    computedAt: snapshot.computedAt.toISOString(),
    householdCount: snapshot.householdCount,
    quality: (snapshot.quality as TargetingQuality | null) ?? null,
  };
}
