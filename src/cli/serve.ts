import path from 'node:path';
import type { Command } from 'commander';
import { createContext, openConfiguredDatabase } from '../bootstrap.ts';
import { loadConfig, paths } from '../config.ts';
import { ensureRegions, prepareDemo } from '../demo.ts';
import { demoUsers } from '../modules/access/access.demo.ts';
import { startServer } from '../server.ts';
import { startNotifyWorker } from '../modules/interop/interop.subscriptions.ts';
import { jobProgressBar } from './progress.ts';
import { buildWebIfNeeded } from './web-build.ts';

/** Boundary files used for the demo map when this checkout sits beside the shared reference data. */
const demoBoundaryFiles = ['jakarta-kecamatan.geojson', 'jakarta-kelurahan.geojson'].map((f) =>
  path.resolve(paths.root, '../shared/data', f),
);

const log = (line: string) => console.log(line);

export function registerServeCommands(program: Command) {
  program
    .command('start')
    .description(
      'Build the web app if needed, migrate, load regions, seed the demo on first start, and serve',
    )
    .action(() => start({ demo: true }));
  program
    .command('serve')
    .description('Migrate and serve the API and web app (no demo seeding)')
    .action(() => start({ demo: false }));
}

async function start({ demo }: { demo: boolean }) {
  const started = performance.now();
  const config = loadConfig();
  if (demo) await buildWebIfNeeded(log);
  const database = await openConfiguredDatabase(config);
  const ctx = await createContext(config, database);
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
  log(`Tepat: ${where}`);
  if (await ensureRegions(ctx)) log(`Loaded the regions of province ${config.provinceCode}`);
  if (demo) {
    const bars = new Map<string, ReturnType<typeof jobProgressBar>>();
    const result = await prepareDemo(ctx, {
      scale: config.demoScale,
      seed: config.demoSeed,
      password: config.demoPassword,
      boundaryFiles: demoBoundaryFiles,
      log,
      onProgress: (label, state) => {
        if (!bars.has(label)) bars.set(label, jobProgressBar(label));
        const bar = bars.get(label)!;
        bar.update(state);
        if (state.status === 'succeeded' || state.status === 'failed') bar.stop();
      },
    });
    if (result.seeded)
      log(
        'Demo prepared: synthetic population, demo users, first ranking, program enrolments and targeting.',
      );
  }
  const interrupted = await ctx.jobs.failInterrupted();
  if (interrupted > 0) log(`${interrupted} job(s) interrupted by the last stop were marked failed`);
  const server = await startServer(ctx);
  const stopNotify = startNotifyWorker(ctx.database.db, ctx.signer, ctx.logger);
  const shutdown = () => {
    stopNotify();
    void server
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  log(`\nTepat is ready at ${server.url} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (demo) printLogins(config.demoPassword);
}

function printLogins(password: string) {
  log(`Demo logins (password: ${password}):`);
  for (const user of demoUsers) log(`  ${user.username.padEnd(22)} ${user.role.padEnd(20)} ${user.areaName}`);
}
