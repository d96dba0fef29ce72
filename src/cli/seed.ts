import { InvalidArgumentError, type Command } from 'commander';
import type { AppContext } from '../http/context.ts';
import type { SeedResult } from '../modules/synthetic/synthetic.service.ts';
import { jobProgressBar } from './progress.ts';
import { withContext } from './runtime.ts';

interface SeedCliOptions {
  scale?: number;
  seed?: number;
  duplicateRate: number;
}

/** `tepat seed`: generate a synthetic population of Jakarta and load it (one transaction, with progress). */
export function registerSeedCommand(program: Command) {
  program
    .command('seed')
    .description('Load a deterministic synthetic population of Jakarta (same seed and scale, same data)')
    .option(
      '--scale <fraction>',
      'fraction of Jakarta (1 ≈ 11.3 million persons; default TEPAT_DEMO_SCALE)',
      fraction,
    )
    .option('--seed <n>', 'random seed (default TEPAT_DEMO_SEED)', integer)
    .option('--duplicate-rate <fraction>', 'planted duplicate person records per person', rate, 0.01)
    .action((options: SeedCliOptions) => withContext((ctx) => runSeed(ctx, options)));
}

async function runSeed(ctx: AppContext, options: SeedCliOptions): Promise<void> {
  const payload = {
    scale: options.scale ?? ctx.config.demoScale,
    seed: options.seed ?? ctx.config.demoSeed,
    duplicateRate: options.duplicateRate,
  };
  const bar = jobProgressBar(`seed ${payload.scale} (seed ${payload.seed})`);
  let started: number | undefined;
  const state = await ctx.jobs.run('synthetic.seed', payload, (s) => {
    started ??= performance.now();
    bar.update(s);
  });
  bar.stop();
  if (state.status === 'failed') throw new Error(`Seeding failed: ${state.error ?? 'unknown error'}`);
  const result = state.result as SeedResult;
  const seconds = (performance.now() - (started ?? 0)) / 1000;
  console.log(
    `Run ${result.runId}: ${result.households} households, ${result.persons} persons and ` +
      `${result.duplicates} planted duplicates in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.persons / seconds)} persons/s).`,
  );
}

function fraction(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) throw new InvalidArgumentError('Use a fraction in (0, 1], e.g. 0.01.');
  return parsed;
}

function rate(value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 0.2)) throw new InvalidArgumentError('Use a rate between 0 and 0.2.');
  return parsed;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || Math.abs(parsed) > 2_147_483_647) {
    throw new InvalidArgumentError('Use a 32-bit integer.');
  }
  return parsed;
}
