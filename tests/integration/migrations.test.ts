import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { describeEachDatabase } from '../support/database.ts';

describeEachDatabase('migrations on an empty database', (env) => {
  it('creates every table of the schema and the append-only audit trigger', async () => {
    const { db } = env().ctx.database;
    const tables = await queryRows<{ table_name: string }>(
      db,
      sql`SELECT table_schema || '.' || table_name AS table_name FROM information_schema.tables WHERE table_schema IN ('public', 'synthetic') ORDER BY 1`,
    );
    const names = tables.map((t) => t.table_name);
    for (const table of [
      'public.region',
      'public.household',
      'public.person',
      'public.household_member',
      'public.household_version',
      'public.household_welfare',
      'public.audit_log',
      'public.app_user',
      'synthetic.household_truth',
    ]) {
      expect(names).toContain(table);
    }
    await db.execute(
      sql`INSERT INTO audit_log (at, action, subject_type, purpose, prev_hash, hash) VALUES (now(), 'read', 'household', 'test', '', 'x')`,
    );
    // Drizzle wraps the driver's error; the trigger's message is on the cause.
    const refusal: object = {
      cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) as unknown }) as unknown,
    };
    await expect(db.execute(sql`UPDATE audit_log SET purpose = 'changed'`)).rejects.toMatchObject(refusal);
    await expect(db.execute(sql`DELETE FROM audit_log`)).rejects.toMatchObject(refusal);
    await expect(db.execute(sql`TRUNCATE audit_log`)).rejects.toMatchObject(refusal);
  });

  it('is idempotent: migrating again changes nothing', async () => {
    const { database } = env().ctx;
    await migrateDatabase(database);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(row!.n).toBeGreaterThanOrEqual(2);
  });
});
