import { createContext } from '../../../src/bootstrap.ts';
import { buildWebIfNeeded } from '../../../src/cli/web-build.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { ensureRegions, prepareDemo } from '../../../src/demo.ts';
import type { AppContext } from '../../../src/http/context.ts';
import { createLogger } from '../../../src/logger.ts';
import { startServer } from '../../../src/server.ts';
import { testConfig } from '../../support/database.ts';

export const demoPassword = 'e2e-demo-password';

/**
 * A running Tepat with a small demo population on an in-memory database, for browser tests. `dataDir` is the
 * folder for local files such as import uploads (the database stays in memory).
 */
export async function startDemoServer(options: {
  scale: number;
  boundaryFiles?: string[];
  dataDir?: string;
}) {
  await buildWebIfNeeded((line) => console.log(line));
  const config = testConfig({
    port: 0,
    host: '127.0.0.1',
    demoPassword,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  const database = await openDatabase({ dataDir: 'memory://' });
  const ctx: AppContext = await createContext(config, database, createLogger(config));
  await ensureRegions(ctx);
  await prepareDemo(ctx, {
    scale: options.scale,
    seed: 11,
    password: demoPassword,
    boundaryFiles: options.boundaryFiles ?? [],
    log: () => undefined,
  });
  const server = await startServer(ctx);
  return {
    ctx,
    url: server.url,
    stop: async () => {
      await server.close();
      await database.close();
    },
  };
}
