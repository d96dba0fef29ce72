import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { paths } from '../config.ts';
import type { Database } from './client.ts';

/** Brings the schema up to date: extensions first, then the committed SQL migrations in order. */
export async function migrateDatabase(database: Database): Promise<void> {
  // Extensions need superuser-ish rights on a server; create them only when missing.
  for (const name of ['pg_trgm', 'fuzzystrmatch', 'unaccent']) {
    await database.db.execute(sql.raw(`CREATE EXTENSION IF NOT EXISTS ${name}`));
  }
  const config = { migrationsFolder: paths.migrations, migrationsSchema: 'drizzle' };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase<Record<string, unknown>>, config);
  } else {
    await migratePg(database.db as unknown as NodePgDatabase<Record<string, unknown>>, config);
  }
}
