import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The Drizzle handle; the same type for PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** One database, embedded (PGlite) or server (PostgreSQL), behind one interface. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * Bulk-loads CSV text into a table with COPY (the fastest path on both homes).
   * `chunks` are CSV fragments that each end at a row boundary; NULL is the unquoted empty field.
   */
  copyCsv(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<string> | Iterable<string>,
    options?: CopyOptions,
  ): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection: the COPYs and statements it issues through the session
   * commit together or not at all (bulk loads that must be all-or-nothing).
   */
  bulkTransaction<T>(work: (session: BulkSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** COPY options: the field delimiter (`,` unless given). */
export interface CopyOptions {
  delimiter?: ',' | ';';
}

const copyStatement = (
  table: string,
  columns: readonly string[],
  source: string,
  options: CopyOptions = {},
) =>
  `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv${options.delimiter === ';' ? `, DELIMITER ';'` : ''})`;

/** A connection inside a transaction: COPY and plain SQL (positional `$1` parameters) on the same connection. */
export interface BulkSession {
  copyCsv: Database['copyCsv'];
  query<T = Record<string, unknown>>(statement: string, params?: unknown[]): Promise<T[]>;
}

/** Options for opening a database: a server URL, or a data folder for PGlite (`memory://` for tests). */
export type DatabaseTarget = { url: string } | { dataDir: string };

/** Opens the database and loads the extensions Tepat uses (pg_trgm, fuzzystrmatch, unaccent). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return 'url' in target ? openPostgres(target.url) : openPglite(target.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm, fuzzystrmatch, unaccent } });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    copyCsv: (table, columns, chunks, options) => copyIntoPglite(client, table, columns, chunks, options),
    bulkTransaction: (work) =>
      client.transaction((tx) =>
        work({
          copyCsv: (table, columns, chunks, options) => copyIntoPglite(tx, table, columns, chunks, options),
          query: async <T>(statement: string, params?: unknown[]) =>
            (await tx.query<T>(statement, params)).rows,
        }),
      ),
    close: () => client.close(),
  };
}

async function copyIntoPglite(
  client: Pick<Transaction, 'query'>,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string> | Iterable<string>,
  options?: CopyOptions,
) {
  const statement = copyStatement(table, columns, `'/dev/blob'`, options);
  // PGlite reads COPY input from one blob; send it in batches of ~8 MB so memory stays bounded.
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    await client.query(statement, [], { blob: new Blob(parts) });
    parts = [];
    size = 0;
  };
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size > 8_000_000) await flush();
  }
  await flush();
}

function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return Promise.resolve({
    kind: 'postgres',
    db,
    async copyCsv(table, columns, chunks, options) {
      const client = await pool.connect();
      try {
        await copyIntoPostgres(client, table, columns, chunks, options);
      } finally {
        client.release();
      }
    },
    async bulkTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          copyCsv: (table, columns, chunks, options) =>
            copyIntoPostgres(client, table, columns, chunks, options),
          query: async <T>(statement: string, params?: unknown[]) =>
            (await client.query(statement, params)).rows as T[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  });
}

async function copyIntoPostgres(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string> | Iterable<string>,
  options?: CopyOptions,
) {
  const sink = client.query(copyFromStream(copyStatement(table, columns, 'STDIN', options)));
  await pipeline(Readable.from(chunks), sink);
}

/**
 * Runs a fixed statement (positional `$1` parameters; an array travels as one parameter, for `= ANY($1)` or
 * `unnest`) under a name, and returns its rows. For hot paths: no SQL is built per call, and node-postgres parses
 * and plans a named statement once per connection instead of on every call (PGlite ignores the name). Rows come
 * back as `queryRows` returns them. One name, one text.
 */
export async function queryPrepared<T>(
  db: Db,
  name: string,
  text: string,
  params: readonly unknown[],
): Promise<T[]> {
  const prepared = db._.session.prepareQuery({ sql: text, params: [...params] }, undefined, name, false);
  const result: unknown = await prepared.execute();
  return (result as { rows: T[] }).rows;
}

/** Runs a raw SQL statement and returns its rows (works on both drivers). */
export async function queryRows<T>(db: Db, statement: SQL): Promise<T[]> {
  const result: unknown = await db.execute(statement);
  return (result as { rows: T[] }).rows;
}
