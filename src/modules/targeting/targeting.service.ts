import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { householdScopeCondition, requirePersonalDataAccess } from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { explainEligibility, parseValidRule } from '../eligibility/eligibility.service.ts';
import { eligibleSetSql } from '../eligibility/rules.compiler.ts';
import { findProgram } from '../programs/programs.repository.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import { findActiveRule, findHouseholdInScope, selectEligiblePage } from './targeting.repository.ts';

const householdColumns = { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` };

/** The program and its active rule, parsed; 404 for an unknown program, 409 when it has no rule yet. */
async function loadProgramRule(db: Db, code: string) {
  const program = await findProgram(db, code);
  if (!program) throw notFound(`Program ${code}`);
  const rule = await findActiveRule(db, code);
  if (!rule) throw new AppError('CONFLICT', `Program ${code} has no active eligibility rule.`);
  return { program, rule, ast: parseValidRule(rule.ruleText, rule.unit) };
}

export interface EligibleListQuery {
  region?: string;
  page: number;
  pageSize: number;
  purpose: string;
}

/**
 * A program's ranked eligible list within the caller's area (narrowed to `region` when given): the program, its
 * rule, the reference date, and a reader of pages. The whole set is one query in the database; only the page
 * leaves it. The list and its file exports both read it.
 */
export async function openEligibleList(db: Db, user: SessionUser, code: string, region?: string) {
  const scope = requirePersonalDataAccess(user);
  const { program, rule, ast } = await loadProgramRule(db, code);
  const referenceDate = todayInJakarta();
  const eligibleSet = eligibleSetSql(ast, rule.unit, { referenceDate, regionCode: region });
  const readPage = (limit: number, offset: number) =>
    selectEligiblePage(db, {
      eligibleSet,
      unit: rule.unit,
      scope: householdScopeCondition(scope, householdColumns),
      limit,
      offset,
    });
  return { program, rule, referenceDate, readPage };
}

/** One page of the ranked eligible list; every household listed is audited. */
export async function listEligible(db: Db, user: SessionUser, code: string, query: EligibleListQuery) {
  const { program, rule, referenceDate, readPage } = await openEligibleList(db, user, code, query.region);
  const rows = await readPage(query.pageSize, (query.page - 1) * query.pageSize);
  await recordAudit(
    db,
    user,
    rows.map((r) => ({
      action: 'search' as const,
      subjectType: 'household' as const,
      subjectId: r.householdId,
      regionCode: r.kelurahanCode,
      purpose: query.purpose,
      details: { program: code, ruleVersion: rule.version },
    })),
  );
  return {
    program: { code: program.code, name: program.name, unit: rule.unit },
    ruleVersion: rule.version,
    referenceDate,
    items: rows.map(({ total: _total, ...item }) => item),
    page: query.page,
    pageSize: query.pageSize,
    total: rows[0]?.total ?? 0,
  };
}

/** Why a household (or one of its members) is in or out of a program: the rule's trace with the values. */
export async function explainForHousehold(
  db: Db,
  user: SessionUser,
  code: string,
  request: { householdId: number; personId?: number; purpose: string },
) {
  const scope = requirePersonalDataAccess(user);
  const household = await findHouseholdInScope(
    db,
    request.householdId,
    householdScopeCondition(scope, householdColumns),
  );
  if (!household) throw notFound(`Household ${request.householdId}`);
  const { rule, ast } = await loadProgramRule(db, code);
  const explanation = await explainEligibility(db, {
    ast,
    unit: rule.unit,
    householdId: request.householdId,
    personId: request.personId,
    referenceDate: todayInJakarta(),
  });
  await recordAudit(db, user, [
    {
      action: 'read',
      subjectType: 'household',
      subjectId: request.householdId,
      regionCode: household.kelurahanCode,
      purpose: request.purpose,
      details: { program: code, ruleVersion: rule.version, explain: true },
    },
  ]);
  return {
    program: code,
    ruleVersion: rule.version,
    ruleText: rule.ruleText,
    unit: rule.unit,
    passed: explanation.passed,
    trace: explanation.trace,
  };
}
