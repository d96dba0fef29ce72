import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, beforeAll, afterAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createContext } from '../../src/bootstrap.ts';
import type { AppContext } from '../../src/http/context.ts';
import { createLogger } from '../../src/logger.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The homes the integration suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, empty database: in-memory PGlite, or a new database on the test server (dropped by `drop`). */
export async function createEmptyDatabase(
  kind: DatabaseKind,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const server = await createServerDatabase();
  const database = await openDatabase({ url: server.url });
  return {
    database,
    drop: async () => {
      await database.close();
      await server.drop();
    },
  };
}

/** A new, empty database on the test server (TEST_DATABASE_URL): its URL, and `drop` to remove it. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `tepat_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** Configuration for tests: silent logs, fast demo settings. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', TEPAT_DATA_DIR: 'memory://' }), ...overrides };
}

/** A migrated database with an application context, for integration tests. */
export interface TestEnvironment {
  kind: DatabaseKind;
  ctx: AppContext;
}

/**
 * Declares a suite once per database home. `setup` runs after migrations (e.g. load regions, seed);
 * the returned getter gives the environment inside tests.
 */
export function describeEachDatabase(
  title: string,
  body: (env: () => TestEnvironment) => void,
  setup?: (env: TestEnvironment) => Promise<void>,
) {
  for (const kind of testDatabaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let environment: TestEnvironment | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const created = await createEmptyDatabase(kind);
        drop = created.drop;
        const config = testConfig();
        const ctx = await createContext(config, created.database, createLogger(config));
        environment = { kind, ctx };
        await setup?.(environment);
      }, 300_000);
      afterAll(async () => {
        await environment?.ctx.jobs.idle();
        await drop?.();
      });
      body(() => {
        if (!environment) throw new Error('test environment not ready');
        return environment;
      });
    });
  }
}
