import { sql, type SQL } from 'drizzle-orm';
import { validationError } from '../../http/errors.ts';
import { isFeatureName, type FeatureName } from './welfare.features.ts';

/** The version of the hand-set model shipped with Tepat (see docs/pmt-model.md for the rationale). */
export const defaultModelVersion = '2026.1-default';

/**
 * Extreme-poverty line for the default model: Rp350,000 per capita per month, the US$1.90 PPP line as BPS DKI
 * applied it for Jakarta in 2022 (domain brief §3.4).
 */
export const defaultExtremePovertyLine = 350_000;

/**
 * Default coefficients on log per-capita monthly consumption. Hand-set (the DTSEN model is not public, domain
 * brief §3.2): signs follow the BPS poor-household criteria (§3.3), magnitudes are typical of published PMT
 * regressions. The intercept puts the average household of a Jakarta-like population near Rp1.6 million per
 * capita per month, and a modest one near the poverty line (docs/pmt-model.md).
 */
export const defaultCoefficients: Record<FeatureName, number> = {
  log_hh_size: -0.4,
  dependency_ratio: -0.2,
  working_share: 0.15,
  head_education: 0.04,
  head_occ_formal: 0.1,
  head_occ_informal: -0.03,
  any_civil_servant: 0.15,
  elderly_head: -0.03,
  female_head: -0.03,
  any_disabled: -0.05,
  log_floor_area_pc: 0.15,
  floor_quality: 0.06,
  wall_quality: 0.05,
  roof_quality: 0.03,
  water_bottled: 0.08,
  water_unimproved: -0.08,
  toilet_own_septic: 0.08,
  toilet_public_none: -0.1,
  elec_none: -0.15,
  elec_450: -0.1,
  elec_1300: 0.1,
  elec_2200_plus: 0.25,
  cook_clean: 0.1,
  cook_dirty: -0.15,
  tenure_own: 0.05,
  tenure_rent: 0.02,
  has_refrigerator: 0.1,
  has_air_conditioner: 0.2,
  has_motorcycle: 0.08,
  has_car: 0.3,
  has_computer: 0.15,
  has_gold: 0.08,
  has_land: 0.1,
};

export const defaultIntercept = 13.1;

/** Checks that every coefficient names a whitelisted feature and is a finite number (400 naming the key). */
export function assertValidCoefficients(intercept: number, coefficients: Record<string, number>): void {
  const issues = Object.entries(coefficients)
    .filter(([name, value]) => !isFeatureName(name) || typeof value !== 'number' || !Number.isFinite(value))
    .map(([name]) => ({
      path: `coefficients.${name}`,
      reason: isFeatureName(name) ? 'not_a_number' : 'unknown_feature',
      message: isFeatureName(name) ? 'must be a finite number' : `"${name}" is not a PMT feature`,
    }));
  if (!Number.isFinite(intercept)) {
    issues.push({ path: 'intercept', reason: 'not_a_number', message: 'must be a finite number' });
  }
  if (issues.length > 0) throw validationError(issues, 'The PMT model has invalid coefficients.');
}

/**
 * The score (predicted log per-capita consumption) as SQL over a feature row aliased `f`:
 * `intercept + Σ coefficient × f.feature`. Names come from the whitelist, weights are bound parameters.
 */
export function scoreExpressionSql(intercept: number, coefficients: Record<string, number>): SQL {
  assertValidCoefficients(intercept, coefficients);
  const terms = Object.entries(coefficients)
    .filter(([, value]) => value !== 0)
    .map(([name, value]) => sql`${value}::float8 * f.${sql.identifier(name)}`);
  return sql.join([sql`${intercept}::float8`, ...terms], sql` + `);
}
