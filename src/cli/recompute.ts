import { InvalidArgumentError, type Command } from 'commander';
import type { AppContext } from '../http/context.ts';
import { calibratePmtModel } from '../modules/welfare/welfare.models.service.ts';
import { todayInJakarta } from '../modules/welfare/welfare.features.ts';
import type { TargetingQuality } from '../modules/welfare/welfare.quality.ts';
import type { TargetingRecomputeResult } from '../modules/targeting/targeting.recompute.ts';
import type { RecomputeResult } from '../modules/welfare/welfare.service.ts';
import { jobProgressBar } from './progress.ts';
import { withContext } from './runtime.ts';

interface RecomputeCliOptions {
  model?: string;
  calibrate?: boolean;
  sample: number;
  seed: number;
  date?: string;
}

/** `tepat recompute`: (optionally re-calibrate, then) rank every household as a new dated snapshot. */
export function registerRecomputeCommand(program: Command) {
  program
    .command('recompute')
    .description(
      'Score every household with the PMT model, assign desil 1–10 and the extreme flag (new snapshot)',
    )
    .option(
      '--model <version>',
      'model to score with (default: the active one); with --calibrate, the new version',
    )
    .option(
      '--calibrate',
      'first re-estimate the model by OLS on a survey sample, store it and make it active',
    )
    .option('--sample <n>', 'calibration sample size (households)', positiveInteger, 20_000)
    .option('--seed <n>', 'calibration sample seed', positiveInteger, 1)
    .option('--date <yyyy-mm-dd>', 'snapshot date (default: today in Jakarta)', isoDate)
    .action((options: RecomputeCliOptions) => withContext((ctx) => runRecompute(ctx, options)));
}

async function runRecompute(ctx: AppContext, options: RecomputeCliOptions): Promise<void> {
  const started = performance.now();
  let modelVersion = options.model;
  if (options.calibrate) {
    const version = options.model ?? `calibrated-${todayInJakarta()}-n${options.sample}-s${options.seed}`;
    const { model, fit } = await calibratePmtModel(ctx.database.db, {
      sampleSize: options.sample,
      seed: options.seed,
      version,
      referenceDate: options.date,
      activate: true,
    });
    console.log(`Calibrated ${model.version} on ${fit.n} households: in-sample R² ${fit.r2.toFixed(3)}.`);
    modelVersion = model.version;
  }
  const bar = jobProgressBar('recompute');
  const payload = { modelVersion, snapshotDate: options.date };
  const state = await ctx.jobs.run('welfare.recompute', payload, (s) => bar.update(s));
  bar.stop();
  if (state.status === 'failed') throw new Error(`Recompute failed: ${state.error ?? 'unknown error'}`);
  const result = state.result as RecomputeResult;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Snapshot ${result.snapshotId} (${result.snapshotDate}, model ${result.modelVersion}): ` +
      `${result.householdCount} households ranked in ${(result.durationMs / 1000).toFixed(1)} s (total ${seconds} s).`,
  );
  console.log(formatQuality(result.quality));
  const targetingBar = jobProgressBar('targeting');
  const targeting = await ctx.jobs.run('targeting.recompute', { referenceDate: options.date }, (s) =>
    targetingBar.update(s),
  );
  targetingBar.stop();
  if (targeting.status === 'failed')
    throw new Error(`Targeting recompute failed: ${targeting.error ?? 'unknown error'}`);
  const t = targeting.result as TargetingRecomputeResult;
  console.log(
    `Targeting: ${Object.keys(t.eligible).length} programs in ${(t.durationMs / 1000).toFixed(1)} s — ` +
      `${t.findings.inclusion} inclusion errors, ${t.findings.exclusion} exclusion errors, ${t.findings.overlap} overlaps.`,
  );
}

/** The targeting-quality report as a plain-text table. */
export function formatQuality(quality: TargetingQuality | null): string {
  if (!quality) return 'Targeting quality: no reference consumption in the database (real registry).';
  const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
  const rows = [
    ...quality.cutoffs.map(
      (c) => [c.label, c.selected, c.selectedTrue, c.exclusionError, c.inclusionError] as const,
    ),
    [
      'extreme flag',
      quality.extremeFlag.selected,
      quality.extremeFlag.selectedTrue,
      quality.extremeFlag.exclusionError,
      quality.extremeFlag.inclusionError,
    ] as const,
  ].map(([label, selected, right, exclusion, inclusion]) => [
    label,
    String(selected),
    String(right),
    percent(exclusion),
    percent(inclusion),
  ]);
  const header = ['selection', 'selected', 'truly poor', 'exclusion', 'inclusion'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  return [
    `Targeting quality against ${quality.reference}: ${quality.households} households, ` +
      `${quality.trulyPoor} truly poor, ${quality.trulyExtremePoor} truly extreme poor.`,
    `Share of the truly poor in desil 1–2: ${percent(quality.poorShareInDesil1to2)}.`,
    line(header),
    ...rows.map(line),
    '(extreme flag row: "truly poor" counts the truly extreme poor)',
  ].join('\n');
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('Use a positive integer.');
  return parsed;
}

function isoDate(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(value)
  ) {
    throw new InvalidArgumentError('Use a real date, YYYY-MM-DD.');
  }
  return value;
}
