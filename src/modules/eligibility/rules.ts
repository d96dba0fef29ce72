/** The public API of the eligibility rule language (issue 3 contract): parse, validate, compile, evaluate. */
export type {
  ComparisonOperator,
  Literal,
  ParseResult,
  RuleError,
  RuleNode,
  RuleUnit,
  SourcePosition,
} from './rules.ast.ts';
export { maxRuleDepth, maxRuleLength, parseRule } from './rules.parser.ts';
export { validateRule } from './rules.validator.ts';
export {
  assertValidRule,
  compileRule,
  eligibleSetSql,
  type CompileOptions,
  type EligibleSetOptions,
} from './rules.compiler.ts';
export { evaluateRule, explainRule, type ExplainNode, type RuleFacts } from './rules.evaluator.ts';
export { formatRule } from './rules.format.ts';
export { ruleFields, type FieldSpec } from './rules.fields.ts';
export type { HouseholdFacts, PersonFacts } from './eligibility.facts.ts';
