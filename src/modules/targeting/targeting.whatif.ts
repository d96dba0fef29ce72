/**
 * What-if (issue 3, part 5): how a proposed eligibility rule would change a program's eligible set, coverage of
 * desil 1 and yearly cost per area, against the active rule. Nothing is saved; only aggregates leave the server,
 * so every signed-in role may run it within its own area.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { isRegionInArea } from '../access/access.scope.ts';
import { parseValidRule } from '../eligibility/eligibility.service.ts';
import { eligibleSetSql } from '../eligibility/rules.compiler.ts';
import type { BenefitRow } from '../programs/programs.repository.ts';
import { findProgram } from '../programs/programs.repository.ts';
import { currentBenefitAmounts } from '../programs/programs.service.ts';
import { ancestorCodes } from '../regions/region-codes.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import { findActiveRule } from './targeting.repository.ts';
import {
  countWhatIfByArea,
  findProgramBudget,
  findRegion,
  type WhatIfAreaCounts,
} from './targeting.whatif.repository.ts';

const periodsPerYear = { month: 12, semester: 2, year: 1, once: 1 } as const;

/** One area's comparison; coverage is a fraction 0..1 (null when the area has no desil-1 unit). */
export interface WhatIfRow {
  code: string;
  name: string;
  current: number;
  proposed: number;
  delta: number;
  desil1Units: number;
  coverageCurrent: number | null;
  coverageProposed: number | null;
  budgetCurrent: number | null;
  budgetProposed: number | null;
}

/**
 * The yearly benefit of one unit: the whole-program amount × periods per year; without a whole-program row, the
 * average of the components (an estimate: which component a unit gets is not known here); null when in kind.
 */
export function yearlyBenefitPerUnit(
  amounts: readonly BenefitRow[],
  fallbackPeriod: keyof typeof periodsPerYear | null,
): { amount: number | null; isEstimate: boolean } {
  const yearly = (row: BenefitRow) =>
    row.amount === null ? null : row.amount * periodsPerYear[row.period ?? fallbackPeriod ?? 'once'];
  const whole = amounts.find((a) => a.component === null);
  if (whole) return { amount: yearly(whole), isEstimate: false };
  const values = amounts.map(yearly).filter((v): v is number => v !== null);
  if (values.length === 0) return { amount: null, isEstimate: false };
  const average = Math.round(values.reduce((sum, v) => sum + v, 0) / values.length);
  return { amount: average, isEstimate: values.length > 1 };
}

/** Turns counts into the compared figures of one row. */
function rowOf(counts: Omit<WhatIfAreaCounts, 'level'>, perUnit: number | null): WhatIfRow {
  const share = (part: number) => (counts.desil1Units > 0 ? part / counts.desil1Units : null);
  return {
    code: counts.code,
    name: counts.name,
    current: counts.current,
    proposed: counts.proposed,
    delta: counts.proposed - counts.current,
    desil1Units: counts.desil1Units,
    coverageCurrent: share(counts.desil1Current),
    coverageProposed: share(counts.desil1Proposed),
    budgetCurrent: perUnit === null ? null : counts.current * perUnit,
    budgetProposed: perUnit === null ? null : counts.proposed * perUnit,
  };
}

/** Sums the area counts into the total row of the region. */
function totalOf(areas: WhatIfAreaCounts[], region: { code: string; name: string }) {
  const sum = (key: 'current' | 'proposed' | 'desil1Units' | 'desil1Current' | 'desil1Proposed') =>
    areas.reduce((total, a) => total + a[key], 0);
  return {
    code: region.code,
    name: region.name,
    current: sum('current'),
    proposed: sum('proposed'),
    desil1Units: sum('desil1Units'),
    desil1Current: sum('desil1Current'),
    desil1Proposed: sum('desil1Proposed'),
  };
}

/**
 * Compares a program's active rule with `request.rule` in `request.region` (default the caller's area): per
 * child area and in total. Throws 400 on an invalid rule, 403 outside the caller's area, 409 without a rule.
 */
export async function simulateRule(
  db: Db,
  user: SessionUser,
  code: string,
  request: { rule: string; region?: string },
) {
  const regionCode = request.region ?? user.regionCode;
  if (!isRegionInArea(regionCode, user.regionCode))
    throw new AppError('FORBIDDEN', `Region ${regionCode} lies outside your area.`);
  const program = await findProgram(db, code);
  if (!program) throw notFound(`Program ${code}`);
  const active = await findActiveRule(db, code);
  if (!active) throw new AppError('CONFLICT', `Program ${code} has no active eligibility rule.`);
  const proposedAst = parseValidRule(request.rule, active.unit);
  const region = await findRegion(db, regionCode);
  if (!region) throw notFound(`Region ${regionCode}`);

  const referenceDate = todayInJakarta();
  const setOf = (ast: ReturnType<typeof parseValidRule>) =>
    eligibleSetSql(ast, active.unit, { referenceDate, regionCode });
  const areas = await countWhatIfByArea(db, {
    current: setOf(parseValidRule(active.ruleText, active.unit)),
    proposed: setOf(proposedAst),
    desil1: setOf(parseValidRule('desil = 1', active.unit)),
    unit: active.unit,
    regionCode,
  });
  const benefit = yearlyBenefitPerUnit(
    await currentBenefitAmounts(db, code, referenceDate),
    program.benefitPeriod,
  );
  const year = Number(referenceDate.slice(0, 4));
  // The pagu is set for the province or a kota: the most specific one the region lies in.
  const budgetAreas = [...ancestorCodes(regionCode), regionCode].filter((c) => c.split('.').length <= 2);
  return {
    program: { code: program.code, name: program.name, unit: active.unit },
    region,
    referenceDate,
    currentRule: { version: active.version, ruleText: active.ruleText },
    proposedRule: request.rule,
    yearlyBenefitPerUnit: benefit.amount,
    budgetIsEstimate: benefit.isEstimate,
    programBudget: await findProgramBudget(db, code, year, budgetAreas),
    areas: areas.map((a) => rowOf(a, benefit.amount)),
    total: rowOf(totalOf(areas, region), benefit.amount),
  };
}
