/**
 * The one seam between the catalogue and the rule language of the eligibility module: programs store rule text,
 * the eligibility module parses and validates it (issue 3 contract).
 */
import { parseRule, validateRule, type RuleError } from '../eligibility/rules.ts';
import type { ProgramUnit } from './programs.schema.ts';

export type { RuleError };

/** The errors of a rule text for a program of `unit`: syntax errors first, else type, enum and level errors. */
export function checkRuleText(ruleText: string, unit: ProgramUnit): RuleError[] {
  const parsed = parseRule(ruleText);
  return parsed.ok ? validateRule(parsed.ast, unit) : parsed.errors;
}
