/**
 * Compiles a validated rule to a SQL condition over the facts relations `pf` (person facts) and `hf`
 * (household facts). Every literal is a bound parameter; field names and operators come from whitelists only.
 *
 * NULL semantics (shared with the TS evaluator): every comparison is wrapped in COALESCE(<cmp>, false), so a
 * NULL fact (unranked desil, unknown electricity) makes that comparison false and the rest of the logic is
 * two-valued — `not (desil <= 4)` is TRUE for an unranked household, exactly as in the evaluator.
 */
import { sql, type SQL } from 'drizzle-orm';
import { codeWithin } from '../regions/region-sql.ts';
import { validationError } from '../../http/errors.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { householdFactsSelect, personFactsSelect } from './eligibility.facts.ts';
import type { ComparisonOperator, Literal, RuleNode, RuleUnit } from './rules.ast.ts';
import { fieldOf } from './rules.fields.ts';
import { validateRule } from './rules.validator.ts';

export interface CompileOptions {
  /** ISO date ages are computed at. */
  referenceDate: string;
  /**
   * Where the facts come from: relations (a table name or a parenthesised SELECT) with the columns of the facts
   * SQL. Default: the facts SELECTs themselves. A bulk recompute passes temporary tables filled once.
   */
  facts?: FactsSource;
}

/** Relations holding person facts and household facts. */
export interface FactsSource {
  person: SQL;
  household: SQL;
}

/** The facts relations of `options`: the given ones, or the facts SELECTs at the reference date. */
function factsOf(options: CompileOptions): FactsSource {
  return (
    options.facts ?? {
      person: sql`(${personFactsSelect(options.referenceDate)})`,
      household: sql`(${householdFactsSelect()})`,
    }
  );
}

const sqlOperators: Record<ComparisonOperator, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** Throws a 400 listing the rule's problems when it is not valid for `unit`. */
export function assertValidRule(ast: RuleNode, unit: RuleUnit): void {
  const errors = validateRule(ast, unit);
  if (errors.length > 0)
    throw validationError(
      errors.map((e) => ({ path: 'rule', reason: 'invalid_rule', message: e.message })),
      'The eligibility rule is not valid.',
    );
}

/** The rule as a boolean SQL condition over `pf` and `hf`; throws when the rule is invalid for `unit`. */
export function compileRule(ast: RuleNode, unit: RuleUnit, options: CompileOptions): SQL {
  assertValidRule(ast, unit);
  return compileNode(ast, options);
}

function compileNode(node: RuleNode, options: CompileOptions): SQL {
  switch (node.type) {
    case 'and':
    case 'or':
      return sql`(${sql.join(
        node.children.map((c) => compileNode(c, options)),
        sql.raw(` ${node.type.toUpperCase()} `),
      )})`;
    case 'not':
      return sql`(NOT ${compileNode(node.child, options)})`;
    case 'any_member':
      return sql`EXISTS (SELECT 1 FROM ${factsOf(options).person} pf
        WHERE pf.household_id = hf.household_id AND ${compileNode(node.rule, options)})`;
    case 'count_members':
      return sql`((SELECT count(*) FROM ${factsOf(options).person} pf
        WHERE pf.household_id = hf.household_id AND ${compileNode(node.rule, options)})::float8
        ${sql.raw(sqlOperators[node.op])} ${param(node.value)})`;
    case 'compare':
      return truth(sql`${column(node.field)} ${sql.raw(sqlOperators[node.op])} ${param(node.value)}`);
    case 'between':
      return truth(sql`${column(node.field)} BETWEEN ${param(node.low)} AND ${param(node.high)}`);
    case 'in':
      return truth(sql`${column(node.field)} IN (${sql.join(node.values.map(param), sql`, `)})`);
    case 'within':
      return truth(codeWithin(column(node.field), String(node.prefix.value)));
    case 'flag':
      return truth(column(node.field));
  }
}

/** Two-valued: a NULL comparison counts as false. */
function truth(condition: SQL): SQL {
  return sql`COALESCE(${condition}, false)`;
}

function column(name: string): SQL {
  const field = fieldOf(name);
  if (!field) throw new Error(`unknown field ${name}`);
  return sql.raw(`${field.level === 'person' ? 'pf' : 'hf'}.${field.column}`);
}

function param(literal: Literal): SQL {
  if (literal.kind === 'number') return sql`${literal.value}::float8`;
  if (literal.kind === 'string') return sql`${literal.value}::text`;
  return sql`${literal.value}::boolean`;
}

export interface EligibleSetOptions extends CompileOptions {
  /** Restrict to households in this region (a province, kota, kecamatan or kelurahan code). */
  regionCode?: string;
}

/**
 * The whole eligible set of a rule as ONE query: rows (person_id, household_id, kelurahan_code) for a person
 * rule, (household_id, kelurahan_code) for a household rule, optionally restricted to a region.
 */
export function eligibleSetSql(ast: RuleNode, unit: RuleUnit, options: EligibleSetOptions): SQL {
  const condition = compileRule(ast, unit, options);
  const region = options.regionCode;
  if (region !== undefined && !regionCodePattern.test(region))
    throw validationError([{ path: 'regionCode', reason: 'invalid_region', message: 'Not a region code.' }]);
  const inRegion = region === undefined ? sql`true` : codeWithin(sql`hf.kelurahan_code`, region);
  const facts = factsOf(options);
  if (unit === 'household')
    return sql`SELECT hf.household_id, hf.kelurahan_code FROM ${facts.household} hf
      WHERE ${inRegion} AND ${condition}`;
  return sql`SELECT pf.person_id, hf.household_id, hf.kelurahan_code
    FROM ${facts.household} hf
    JOIN ${facts.person} pf ON pf.household_id = hf.household_id
    WHERE ${inRegion} AND ${condition}`;
}
