import { createContext, openConfiguredDatabase } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../http/context.ts';

/** Opens the configured database, migrates, runs `work`, and closes the database. */
export async function withContext<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const ctx = await createContext(config, database);
    const result = await work(ctx);
    await ctx.jobs.idle();
    return result;
  } finally {
    await database.close();
  }
}
