import type { Db } from '../../db/client.ts';
import { AppError } from '../../http/errors.ts';
import type { SessionUser } from '../../http/context.ts';
import type {
  PriorityLocation,
  PriorityQuery,
  PriorityResult,
  Weighting,
  WeightingInput,
} from './priority.contracts.ts';
import type { z } from '@hono/zod-openapi';
import {
  type NewPriorityWeighting,
  type ScoredRow,
  insertMissingWeightings,
  selectComponentsComputedAt,
  selectPriorityKecamatan,
  selectScores,
  selectWeightings,
  upsertWeighting,
} from './priority.repository.ts';

/** The weightings every deployment starts with; administrators may edit them or add more (data, not code). */
export const defaultWeightings: NewPriorityWeighting[] = [
  {
    code: 'seimbang',
    name: 'Seimbang',
    description: 'Empat komponen sama bobot (0,25 masing-masing).',
    extremePoor: '0.25',
    desil14: '0.25',
    coverageGap: '0.25',
    housing: '0.25',
    isDefault: true,
  },
  {
    code: 'miskin_ekstrem',
    name: 'Fokus miskin ekstrem',
    description:
      'Mengutamakan miskin ekstrem (0,5) dan celah cakupan (0,2); desil 1–4 0,2; rumah tidak layak 0,1.',
    extremePoor: '0.5',
    desil14: '0.2',
    coverageGap: '0.2',
    housing: '0.1',
    isDefault: false,
  },
];

export async function ensurePriorityWeightings(db: Db): Promise<void> {
  await insertMissingWeightings(db, defaultWeightings);
}

export const normalisation =
  'Each component is the share of the kelurahan’s active households; it is min–max normalised across kelurahan ' +
  '((x − min) / (max − min), 0 when all are equal). Contribution = weight × normalised component × 100 (4 decimals); ' +
  'score = sum of the contributions (0–100).';

const toWeighting = (w: Awaited<ReturnType<typeof selectWeightings>>[number]): Weighting => ({
  code: w.code,
  name: w.name,
  description: w.description,
  isDefault: w.isDefault,
  weights: {
    extremePoor: Number(w.extremePoor),
    desil14: Number(w.desil14),
    coverageGap: Number(w.coverageGap),
    housing: Number(w.housing),
  },
});

export async function listWeightings(db: Db): Promise<Weighting[]> {
  return (await selectWeightings(db)).map(toWeighting);
}

/**
 * Saves a weighting under its code (the secretariat): a new one, or new weights for an existing one. Scores read
 * the weights at request time, so the ranking changes at once, without a recompute.
 */
export async function saveWeighting(db: Db, user: SessionUser, code: string, input: WeightingInput) {
  if (user.role !== 'secretariat')
    throw new AppError('FORBIDDEN', 'Only the TKPK secretariat edits priority weightings.');
  const fixed = (w: number) => w.toFixed(4);
  const saved = await upsertWeighting(db, {
    code,
    name: input.name,
    description: input.description,
    extremePoor: fixed(input.weights.extremePoor),
    desil14: fixed(input.weights.desil14),
    coverageGap: fixed(input.weights.coverageGap),
    housing: fixed(input.weights.housing),
    isDefault: false,
  });
  return toWeighting(saved);
}

const breakdownOf = (row: ScoredRow) => ({
  extremePoor: Number(row.extremePoor),
  desil14: Number(row.desil14),
  coverageGap: Number(row.coverageGap),
  housing: Number(row.housing),
});

/** Ranks every kelurahan under weightings A and B, side by side, with each score's breakdown. */
export async function comparePriorityLocations(
  db: Db,
  query: z.infer<typeof PriorityQuery>,
): Promise<PriorityResult> {
  const weightings = await listWeightings(db);
  const find = (code: string | undefined, fallback: () => Weighting | undefined) => {
    const found = code === undefined ? fallback() : weightings.find((w) => w.code === code);
    if (!found)
      throw new AppError('NOT_FOUND', code ? `No weighting ${code}.` : 'No priority weighting is defined.');
    return found;
  };
  const a = find(query.a, () => weightings.find((w) => w.isDefault) ?? weightings[0]);
  const b = find(query.b, () => weightings.find((w) => w.code !== a.code) ?? a);
  const rows = await selectScores(db, [a.code, b.code]);
  const underB = new Map(rows.filter((r) => r.weighting === b.code).map((r) => [r.code, r]));
  const items: PriorityLocation[] = rows
    .filter(
      (r) => r.weighting === a.code && (query.kota === undefined || r.code.startsWith(`${query.kota}.`)),
    )
    .map((r) => {
      const rb = underB.get(r.code)!;
      return {
        code: r.code,
        name: r.name,
        kecamatanCode: r.kecamatanCode,
        kecamatanName: r.kecamatanName,
        isPriorityKecamatan: r.isPriorityKecamatan,
        households: r.households,
        components: {
          extremePoor: Number(r.rawExtremePoor),
          desil14: Number(r.rawDesil14),
          coverageGap: Number(r.rawCoverageGap),
          housing: Number(r.rawHousing),
        },
        a: { score: Number(r.score), rank: r.rank, breakdown: breakdownOf(r) },
        b: { score: Number(rb.score), rank: rb.rank, breakdown: breakdownOf(rb) },
        rankChange: r.rank - rb.rank,
      };
    });
  return {
    a,
    b,
    normalisation,
    computedAt: await selectComponentsComputedAt(db),
    priorityKecamatan: await selectPriorityKecamatan(db),
    items,
  };
}
