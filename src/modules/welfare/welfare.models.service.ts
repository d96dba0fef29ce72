import type { Db } from '../../db/client.ts';
import { AppError, validationError, type FieldIssue } from '../../http/errors.ts';
import { featureNames, todayInJakarta } from './welfare.features.ts';
import {
  assertValidCoefficients,
  defaultCoefficients,
  defaultExtremePovertyLine,
  defaultIntercept,
  defaultModelVersion,
} from './welfare.model.ts';
import { fitOls, predictOls, type OlsFit } from './welfare.ols.ts';
import { selectCalibrationSample, type CalibrationRow } from './welfare.ranking.repository.ts';
import {
  activateModel,
  findActiveModel,
  findModelByVersion,
  insertModel,
  insertModelIfAbsent,
  selectModels,
  type PmtModelRow,
} from './welfare.repository.ts';
import type { PmtFitStatistics } from './welfare.schema.ts';

/**
 * Inserts the shipped default model (idempotent) and makes it active when no model is active yet, so the
 * ranking works on a fresh database. Never overrides an active calibrated model.
 */
export async function ensureDefaultModel(db: Db): Promise<PmtModelRow> {
  await insertModelIfAbsent(db, {
    version: defaultModelVersion,
    description:
      'Hand-set default PMT model: signs from the BPS poor-household criteria, magnitudes typical of published PMT regressions (docs/pmt-model.md).',
    intercept: defaultIntercept,
    coefficients: defaultCoefficients,
    extremePovertyLine: String(defaultExtremePovertyLine),
    calibratedFrom: 'none (hand-set)',
  });
  const model = (await findModelByVersion(db, defaultModelVersion))!;
  if (!(await findActiveModel(db))) await activateModel(db, model.id);
  return model;
}

/** Every PMT model, newest first. */
export function listPmtModels(db: Db): Promise<PmtModelRow[]> {
  return selectModels(db);
}

/** A model to store: coefficients keyed by whitelisted feature name (validated, 400 naming the key). */
export interface NewPmtModelInput {
  version: string;
  description: string;
  intercept: number;
  coefficients: Record<string, number>;
  extremePovertyLine: number;
  calibratedFrom: string;
  fitStatistics?: PmtFitStatistics;
  activate?: boolean;
}

/** Stores a new model version (models are never edited in place); 409 when the version exists. */
export async function createPmtModel(db: Db, input: NewPmtModelInput): Promise<PmtModelRow> {
  assertValidCoefficients(input.intercept, input.coefficients);
  if (await findModelByVersion(db, input.version)) {
    throw new AppError('CONFLICT', `PMT model "${input.version}" already exists.`);
  }
  const { activate, extremePovertyLine, ...values } = input;
  const model = await insertModel(db, { ...values, extremePovertyLine: String(extremePovertyLine) });
  if (activate) await activateModel(db, model.id);
  return { ...model, isActive: activate === true };
}

export interface CalibrationOptions {
  sampleSize: number;
  seed: number;
  version: string;
  /** Ridge term relative to the sample size (λ = ridge × n); small, only to keep the system solvable. */
  ridge?: number;
  /** Date the features (ages) are computed on. */
  referenceDate?: string;
  /**
   * Cut-off on predicted consumption for the extreme flag, Rp per capita per month. When absent it is matched
   * to the sample: the predicted-consumption quantile at the sample's share of truly extreme-poor households.
   */
  extremePovertyLine?: number;
  activate?: boolean;
}

/**
 * Re-estimates the PMT on a survey-like sample: a deterministic sample of households with a reference
 * consumption (synthetic.household_truth standing in for Susenas), features computed in SQL, OLS of log
 * consumption on every feature solved in Node. Stores a new model version; reports the in-sample R².
 */
export async function calibratePmtModel(
  db: Db,
  options: CalibrationOptions,
): Promise<{ model: PmtModelRow; fit: PmtFitStatistics }> {
  assertCalibrationOptions(options);
  const referenceDate = options.referenceDate ?? todayInJakarta();
  const rows = await selectCalibrationSample(db, { ...options, referenceDate });
  if (rows.length <= featureNames.length + 1) {
    throw new AppError(
      'CONFLICT',
      `Calibration needs more than ${featureNames.length + 1} households with a reference consumption; found ${rows.length}.`,
    );
  }
  const ridge = options.ridge ?? 1e-4;
  const ols = fitOls(
    rows.map((r) => r.features),
    rows.map((r) => r.logConsumption),
    ridge,
  );
  const fit: PmtFitStatistics = { r2: ols.r2, rmse: ols.rmse, n: ols.n, seed: options.seed, ridge };
  const extreme = await chooseExtremeCutoff(db, options.extremePovertyLine, matchExtremeCutoff(ols, rows));
  const model = await createPmtModel(db, {
    version: options.version,
    description: `PMT calibrated by OLS on ${ols.n} households (in-sample R² ${ols.r2.toFixed(3)}).`,
    intercept: ols.intercept,
    coefficients: Object.fromEntries(featureNames.map((name, j) => [name, ols.coefficients[j]!])),
    extremePovertyLine: Math.round(extreme.line),
    calibratedFrom: `synthetic.household_truth: deterministic sample of ${ols.n} households (requested ${options.sampleSize}, seed ${options.seed}), features as of ${referenceDate}; extreme cut-off ${extreme.source}`,
    fitStatistics: fit,
    activate: options.activate,
  });
  return { model, fit };
}

function assertCalibrationOptions(options: CalibrationOptions): void {
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(options.sampleSize) || options.sampleSize <= 0)
    issues.push({ path: 'sampleSize', reason: 'invalid', message: 'must be a positive integer' });
  if (!Number.isSafeInteger(options.seed))
    issues.push({ path: 'seed', reason: 'invalid', message: 'must be an integer' });
  if (options.version.trim().length === 0)
    issues.push({ path: 'version', reason: 'required', message: 'name the new model version' });
  if (issues.length > 0) throw validationError(issues);
}

/** The extreme cut-off of a calibrated model: the one given, else the sample-matched one, else the active model's. */
async function chooseExtremeCutoff(db: Db, given: number | undefined, matched: number | undefined) {
  if (given !== undefined) return { line: given, source: 'given' };
  if (matched !== undefined) return { line: matched, source: "matched to the sample's extreme-poor share" };
  const base = (await findActiveModel(db)) ?? (await ensureDefaultModel(db));
  return { line: Number(base.extremePovertyLine), source: `from model ${base.version}` };
}

/**
 * PMT predictions are pulled toward the mean (R² < 1), so few households are *predicted* below the official
 * extreme line even when many are below it. The usual remedy is to match the headcount: the cut-off is the
 * predicted per-capita consumption below which the sample holds as many households as it has truly
 * extreme-poor ones. Undefined when the sample has no extreme-poor household.
 */
export function matchExtremeCutoff(
  fit: Pick<OlsFit, 'intercept' | 'coefficients'>,
  rows: readonly CalibrationRow[],
): number | undefined {
  const count = rows.filter((row) => row.isExtremePoor).length;
  if (count === 0) return undefined;
  const predicted = rows.map((row) => predictOls(fit, row.features)).sort((a, b) => a - b);
  const below = predicted[count - 1]!;
  const above = predicted[count] ?? below;
  return Math.exp((below + above) / 2);
}
