/**
 * Explains a rule for one household or person: loads its facts with the same facts SQL the eligible-set query
 * uses and traces the rule over them, so the explanation and the SQL agree (issue 3, part 2).
 */
import type { Db } from '../../db/client.ts';
import { AppError, notFound, validationError } from '../../http/errors.ts';
import type { HouseholdFacts, PersonFacts } from './eligibility.facts.ts';
import { selectHouseholdFacts, selectPersonFacts } from './eligibility.repository.ts';
import type { RuleNode, RuleUnit } from './rules.ast.ts';
import { assertValidRule } from './rules.compiler.ts';
import { explainRule, type ExplainNode } from './rules.evaluator.ts';
import { parseRule } from './rules.parser.ts';

export interface ExplainRequest {
  /** The rule as text, or already parsed. */
  ruleText?: string;
  ast?: RuleNode;
  unit: RuleUnit;
  householdId: number;
  /** Required for person rules: a current member of the household. */
  personId?: number;
  referenceDate: string;
}

export interface EligibilityExplanation {
  passed: boolean;
  trace: ExplainNode;
  household: HouseholdFacts;
  person?: PersonFacts;
  members: PersonFacts[];
}

/** Parses text into a valid rule for `unit`, or throws a 400 listing the errors with their positions. */
export function parseValidRule(text: string, unit: RuleUnit): RuleNode {
  const parsed = parseRule(text);
  if (!parsed.ok)
    throw validationError(
      parsed.errors.map((e) => ({ path: 'rule', reason: 'syntax', message: e.message })),
      'The eligibility rule is not valid.',
    );
  assertValidRule(parsed.ast, unit);
  return parsed.ast;
}

/** The trace of a rule for one household (and person), with the facts it was evaluated on. */
export async function explainEligibility(db: Db, request: ExplainRequest): Promise<EligibilityExplanation> {
  const ast = resolveRule(request);
  const [household] = await selectHouseholdFacts(db, request.householdId);
  if (!household) throw notFound(`Household ${request.householdId}`);
  const members = await selectPersonFacts(db, request.referenceDate, request.householdId);
  let person: PersonFacts | undefined;
  if (request.unit === 'person') {
    person = members.find((m) => m.personId === request.personId);
    if (request.personId === undefined)
      throw validationError([
        { path: 'personId', reason: 'required', message: 'A person rule needs a person.' },
      ]);
    if (!person) throw notFound(`Person ${request.personId} in household ${request.householdId}`);
  }
  const trace = explainRule(ast, { household, person, members });
  return { passed: trace.passed, trace, household, person, members };
}

function resolveRule(request: ExplainRequest): RuleNode {
  if (request.ast) {
    assertValidRule(request.ast, request.unit);
    return request.ast;
  }
  if (request.ruleText === undefined)
    throw new AppError('VALIDATION_FAILED', 'A rule (text or tree) is needed.');
  return parseValidRule(request.ruleText, request.unit);
}
