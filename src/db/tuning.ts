import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './client.ts';

/**
 * Settings for one large set-based transaction (ranking, targeting recompute): JIT compilation costs more than it
 * saves on these statements (seconds at city scale), and a larger work_mem (maintenance_work_mem for index
 * builds) keeps hash joins, aggregates and sorts in memory. `set_config(…, true)` scopes both to the current transaction.
 */
export async function tuneBulkTransaction(db: Db): Promise<void> {
  await db.execute(
    sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '256MB', true),
          set_config('maintenance_work_mem', '256MB', true)`,
  );
}

/**
 * Runs `work` with the planner free to use parallel workers for scans of registry tables: worker start-up and
 * tuple transfer are priced at zero, as they are negligible beside scans of a million rows (the targeting facts
 * and ledger). The previous prices come back afterwards, so later statements keep their usual plans.
 */
export async function withParallelScans<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const [before] = await queryRows<{ setup: string; tuple: string }>(
    db,
    sql`SELECT current_setting('parallel_setup_cost') AS setup, current_setting('parallel_tuple_cost') AS tuple`,
  );
  await db.execute(
    sql`SELECT set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true)`,
  );
  const result = await work();
  await db.execute(
    sql`SELECT set_config('parallel_setup_cost', ${before!.setup}, true),
               set_config('parallel_tuple_cost', ${before!.tuple}, true)`,
  );
  return result;
}

/**
 * Runs a bulk load into `table` with its indexes and primary/unique constraints dropped, then rebuilds them from
 * their catalog definitions (as pg_restore does): one sort per index instead of millions of index insertions.
 * Foreign keys of other tables referencing it are dropped and re-added around the load (re-adding checks them).
 * Only for a table the transaction has emptied (TRUNCATE holds its exclusive lock until commit).
 */
export async function withIndexesDeferred<T>(tx: Db, table: string, work: () => Promise<T>): Promise<T> {
  const constraints = await queryRows<{ name: string; definition: string }>(
    tx,
    sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = ${table}::regclass AND contype IN ('p', 'u')`,
  );
  const indexes = await plainIndexes(tx, table);
  // Foreign keys of other tables that rest on those constraints go first and come back last.
  const referencing = await queryRows<{ table: string; name: string; definition: string }>(
    tx,
    sql`SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint WHERE confrelid = ${table}::regclass AND contype = 'f' AND conrelid <> confrelid`,
  );
  for (const k of referencing)
    await tx.execute(sql`ALTER TABLE ${sql.raw(k.table)} DROP CONSTRAINT ${sql.identifier(k.name)}`);
  for (const c of constraints)
    await tx.execute(sql`ALTER TABLE ${sql.identifier(table)} DROP CONSTRAINT ${sql.identifier(c.name)}`);
  for (const i of indexes) await tx.execute(sql`DROP INDEX ${sql.identifier(i.name)}`);
  const result = await work();
  for (const i of indexes) await tx.execute(sql.raw(i.definition));
  for (const c of constraints)
    await tx.execute(
      sql`ALTER TABLE ${sql.identifier(table)} ADD CONSTRAINT ${sql.identifier(c.name)} ${sql.raw(c.definition)}`,
    );
  for (const k of referencing)
    await tx.execute(
      sql`ALTER TABLE ${sql.raw(k.table)} ADD CONSTRAINT ${sql.identifier(k.name)} ${sql.raw(k.definition)}`,
    );
  return result;
}

/** The indexes of `table` that no constraint owns, with their definitions. */
function plainIndexes(tx: Db, table: string) {
  return queryRows<{ name: string; definition: string }>(
    tx,
    sql`SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = ${table}::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
  );
}

/**
 * Runs a bulk load with the foreign keys of `tables` dropped, then adds them back: adding a foreign key checks
 * all rows in one join instead of one trigger call per inserted row (the difference between seconds and minutes
 * for millions of rows, and more on PGlite). List referencing tables before the tables they reference.
 */
export async function withForeignKeysDeferred<T>(
  tx: Db,
  tables: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const keys: { table: string; name: string; definition: string }[] = [];
  for (const table of tables)
    keys.push(
      ...(
        await queryRows<{ name: string; definition: string }>(
          tx,
          sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
              WHERE conrelid = ${table}::regclass AND contype = 'f'`,
        )
      ).map((k) => ({ table, ...k })),
    );
  for (const k of keys)
    await tx.execute(sql`ALTER TABLE ${sql.identifier(k.table)} DROP CONSTRAINT ${sql.identifier(k.name)}`);
  const result = await work();
  for (const k of keys)
    await tx.execute(
      sql`ALTER TABLE ${sql.identifier(k.table)} ADD CONSTRAINT ${sql.identifier(k.name)} ${sql.raw(k.definition)}`,
    );
  return result;
}
