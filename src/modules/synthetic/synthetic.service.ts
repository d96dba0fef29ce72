import { z } from 'zod';
import type { BulkSession, Database } from '../../db/client.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { loadBatches } from './loader.ts';
import { DistrictPool } from './origins.ts';
import { planPopulation, type PopulationPlan } from './placement.ts';
import { PopulationGenerator } from './population.ts';
import type { PovertyTally } from './poverty.ts';
import {
  extremePovertyLine,
  generatorVersion,
  priorityPovertyMultiplier,
  referenceDate,
} from './synthetic.data.ts';
import {
  analyzeRegistry,
  countRowsUpTo,
  countSyntheticRuns,
  executeStatements,
  findDeferredStructures,
  findNextIds,
  findSeedKelurahan,
  insertSyntheticRun,
  lockRegistryForLoad,
  raiseMaintenanceMemory,
  restartIdentities,
  type DeferredStructure,
} from './synthetic.repository.ts';

/** What to generate: `scale` is the fraction of Jakarta's population (1 ≈ 11.3 million persons). */
export const seedOptionsSchema = z.object({
  scale: z.number().positive().max(1),
  seed: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  /** Planted duplicate person records per true person (default 1 %). */
  duplicateRate: z.number().min(0).max(0.2).optional(),
});

export type SeedOptions = z.infer<typeof seedOptionsSchema>;

export interface SeedResult {
  households: number;
  persons: number;
  duplicates: number;
  runId: number;
}

export type SeedProgress = (done: number, total: number, message?: string) => void;

/** Jakarta's Kemendagri province code: the synthetic population is calibrated to Jakarta's statistics only. */
const jakartaProvinceCode = '31';

/** Achieved versus target poverty per kota, stored with the run. */
function describeKota(plan: PopulationPlan, tallies: Map<string, PovertyTally>) {
  return [...plan.kota.values()].map(({ parameters: k }) => {
    const tally = tallies.get(k.code) ?? { persons: 0, poorPersons: 0, extremePersons: 0 };
    const share = (n: number) => (tally.persons > 0 ? Math.round((10_000 * n) / tally.persons) / 100 : null);
    return {
      ...{ code: k.code, name: k.name, povertyLine: k.povertyLine, povertyLineSource: k.povertyLineSource },
      ...{
        targetP0: k.p0,
        persons: tally.persons,
        poorPersons: tally.poorPersons,
        p0: share(tally.poorPersons),
      },
      ...{ extremePoorPersons: tally.extremePersons, extremeRate: share(tally.extremePersons) },
    };
  });
}

/**
 * When the load is larger than what the registry holds, drops the secondary indexes and foreign keys of the
 * loaded tables for the duration of the transaction and recreates them afterwards (as pg_restore does): one
 * index build and one validating join are far cheaper than maintaining a trigram index and checking two foreign
 * keys row by row. Inside the transaction, so a failure restores them; other writers are locked out anyway.
 */
async function deferStructures(session: BulkSession, plannedPersons: number): Promise<DeferredStructure[]> {
  if ((await countRowsUpTo(session, 'person', plannedPersons)) * 2 > plannedPersons) return [];
  const deferred = await findDeferredStructures(session);
  await raiseMaintenanceMemory(session, 256);
  await executeStatements(
    session,
    deferred.map((d) => d.drop),
  );
  return deferred;
}

/** Inside the load transaction: checks, generates and COPYs the population, then records the run. */
async function loadPopulation(
  session: BulkSession,
  plan: PopulationPlan,
  options: Required<SeedOptions>,
  progress?: SeedProgress,
): Promise<SeedResult> {
  await lockRegistryForLoad(session);
  if ((await countSyntheticRuns(session)) > 0) {
    throw new AppError('CONFLICT', 'A synthetic population is already loaded in this database.');
  }
  const deferred = await deferStructures(session, plan.totalPersons);
  const first = await findNextIds(session);
  const generator = new PopulationGenerator(plan, DistrictPool.load(), {
    ...{ seed: options.seed, duplicateRate: options.duplicateRate },
    ...{ firstHouseholdId: first.household, firstPersonId: first.person },
  });
  const report = (message: string) =>
    progress?.(Math.min(generator.personCount, plan.totalPersons), plan.totalPersons, message);
  report('generating');
  await loadBatches(session, generator.batches(), (batch) => report(`kelurahan ${batch.kelurahanCode}`));
  report('indexing');
  await executeStatements(
    session,
    deferred.map((d) => d.create),
  );
  await restartIdentities(session, generator.nextIds);
  const counts = {
    households: generator.householdCount,
    persons: generator.personCount,
    duplicates: generator.duplicateCount,
  };
  const parameters = {
    ...{ ...options, referenceDate, generatorVersion, extremePovertyLine, priorityPovertyMultiplier },
    kota: describeKota(plan, generator.tallies),
  };
  const runId = await insertSyntheticRun(session, {
    seed: options.seed,
    scale: options.scale,
    ...counts,
    parameters,
  });
  return { ...counts, runId };
}

/**
 * Generates a deterministic synthetic population of Jakarta (same seed and scale, same data) and loads it in
 * one transaction: households, persons and memberships into the registry, the hidden truth and planted
 * duplicates into the `synthetic` schema. Refuses when regions are missing or a population is already loaded.
 */
export async function seedPopulation(
  database: Database,
  options: SeedOptions,
  progress?: SeedProgress,
): Promise<SeedResult> {
  const parsed = seedOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.code, message: i.message })),
    );
  }
  const { scale, seed, duplicateRate = 0.01 } = parsed.data;
  const kelurahan = await findSeedKelurahan(database.db, jakartaProvinceCode);
  if (kelurahan.length === 0) {
    throw new AppError(
      'INVALID_REFERENCE',
      'No Jakarta kelurahan in the region table: load the regions first (tepat regions load 31).',
    );
  }
  const plan = planPopulation(kelurahan, scale, seed);
  const result = await database.bulkTransaction((session) =>
    loadPopulation(session, plan, { scale, seed, duplicateRate }, progress),
  );
  await analyzeRegistry(database.db);
  return result;
}
