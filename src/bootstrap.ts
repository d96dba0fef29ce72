import { generateKeyPairSync } from 'node:crypto';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import type { AppContext } from './http/context.ts';
import { createLogger } from './logger.ts';
import { JobRunner } from './modules/jobs/jobs.service.ts';
import { registerJobs } from './jobs.ts';
import { registryId } from './modules/interop/dci.service.ts';
import { loadSigningKey, RegistrySigner } from './modules/interop/dci.signature.ts';
import type { Logger } from 'pino';

/** Opens the configured database (server or embedded). */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
}

/** Builds the application context on an open database: migrations run, jobs registered. */
export async function createContext(
  config: Config,
  database: Database,
  logger: Logger = createLogger(config),
): Promise<AppContext> {
  await migrateDatabase(database);
  const jobs = new JobRunner(database, logger);
  registerJobs(jobs);
  const signingKey = config.dciSigningKeyFile
    ? loadSigningKey(config.dciSigningKeyFile)
    : generateKeyPairSync('ed25519').privateKey;
  const signer = new RegistrySigner(signingKey, registryId);
  return { config, database, logger, jobs, signer };
}
