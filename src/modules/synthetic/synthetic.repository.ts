import { sql } from 'drizzle-orm';
import { type BulkSession, type Db, queryRows } from '../../db/client.ts';
import type { SeedKelurahan } from './placement.ts';

/** The kelurahan of a province in code order, each with the priority flag of its kecamatan (domain brief §7). */
export async function findSeedKelurahan(db: Db, provinceCode: string): Promise<SeedKelurahan[]> {
  const rows = await queryRows<{
    code: string;
    name: string;
    kecamatan_code: string;
    kota_code: string;
    is_priority: boolean;
  }>(
    db,
    sql`SELECT k.code, k.name, k.parent_code AS kecamatan_code, c.parent_code AS kota_code,
          (k.is_priority OR coalesce(c.is_priority, false)) AS is_priority
        FROM region k JOIN region c ON c.code = k.parent_code
        WHERE k.level = 'kelurahan' AND k.code LIKE ${`${provinceCode}.%`}
        ORDER BY k.code`,
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kecamatanCode: r.kecamatan_code,
    kotaCode: r.kota_code,
    isPriority: r.is_priority,
  }));
}

/**
 * Locks the registry tables against other writers (readers go on) for the rest of the transaction, so the ids
 * read next stay free until the load commits; one seed at a time through the run table.
 */
export async function lockRegistryForLoad(session: BulkSession): Promise<void> {
  await session.query(
    'LOCK TABLE household, person, household_member, synthetic.run IN SHARE ROW EXCLUSIVE MODE',
  );
}

/** Number of synthetic populations already loaded. */
export async function countSyntheticRuns(session: BulkSession): Promise<number> {
  const [row] = await session.query<{ n: number }>('SELECT count(*)::int AS n FROM synthetic.run');
  return row?.n ?? 0;
}

/** The first free household and person ids (after the current maxima). */
export async function findNextIds(session: BulkSession): Promise<{ household: number; person: number }> {
  const [row] = await session.query<{ household: string; person: string }>(
    `SELECT (SELECT coalesce(max(id), 0) + 1 FROM household)::text AS household,
            (SELECT coalesce(max(id), 0) + 1 FROM person)::text AS person`,
  );
  return { household: Number(row!.household), person: Number(row!.person) };
}

/** How many rows `table` holds, counting no further than `limit` (cheap on a large table). */
export async function countRowsUpTo(session: BulkSession, table: 'person', limit: number): Promise<number> {
  const [row] = await session.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} LIMIT ${Math.trunc(limit)}) x`,
  );
  return row?.n ?? 0;
}

/** SQL to drop and to recreate the loaded tables' secondary indexes and foreign keys, read from the catalog. */
export interface DeferredStructure {
  drop: string;
  create: string;
}

/**
 * The secondary indexes (those no constraint depends on) and the foreign keys of household, person and
 * household_member, with the statements that drop and recreate them exactly as they are (pg_get_indexdef /
 * pg_get_constraintdef). Recreating a unique index checks uniqueness over all rows at once.
 */
export async function findDeferredStructures(session: BulkSession): Promise<DeferredStructure[]> {
  return session.query<DeferredStructure>(
    `SELECT format('DROP INDEX %s', x.indexrelid::regclass) AS drop, pg_get_indexdef(x.indexrelid) AS create
     FROM pg_index x
     WHERE x.indrelid IN ('household'::regclass, 'person'::regclass, 'household_member'::regclass)
       AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
     UNION ALL
     SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
     FROM pg_constraint
     WHERE contype = 'f' AND conrelid IN ('household'::regclass, 'person'::regclass, 'household_member'::regclass)`,
  );
}

/** Runs catalog-generated DDL statements in order. */
export async function executeStatements(session: BulkSession, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await session.query(statement);
}

/** Gives index builds more memory for the rest of the transaction only. */
export async function raiseMaintenanceMemory(session: BulkSession, megabytes: number): Promise<void> {
  await session.query(`SET LOCAL maintenance_work_mem = '${Math.trunc(megabytes)}MB'`);
}

/** Moves the identity sequences past ids assigned by the loader, so later inserts do not collide. */
export async function restartIdentities(
  session: BulkSession,
  next: { household: number; person: number },
): Promise<void> {
  await session.query(`ALTER TABLE household ALTER COLUMN id RESTART WITH ${Math.trunc(next.household)}`);
  await session.query(`ALTER TABLE person ALTER COLUMN id RESTART WITH ${Math.trunc(next.person)}`);
}

export interface RunRow {
  seed: number;
  scale: number;
  households: number;
  persons: number;
  duplicates: number;
  parameters: unknown;
}

/** Records a synthetic run with its parameters and counts; returns its id. */
export async function insertSyntheticRun(session: BulkSession, run: RunRow): Promise<number> {
  const [row] = await session.query<{ id: number }>(
    `INSERT INTO synthetic.run (seed, scale, households, persons, duplicates, parameters)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`,
    [run.seed, run.scale, run.households, run.persons, run.duplicates, JSON.stringify(run.parameters)],
  );
  return row!.id;
}

/** Refreshes planner statistics after a bulk load (PGlite has no autovacuum to do it). */
export async function analyzeRegistry(db: Db): Promise<void> {
  await db.execute(sql`ANALYZE household, person, household_member, synthetic.household_truth`);
}
