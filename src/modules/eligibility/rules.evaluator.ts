/**
 * The plain TS evaluator and explainer of rules over facts objects (loaded with the same facts SQL the compiler
 * uses). Same two-valued NULL semantics as the SQL: a comparison with a NULL fact is false.
 */
import type { HouseholdFacts, PersonFacts } from './eligibility.facts.ts';
import type { ComparisonOperator, Literal, RuleNode } from './rules.ast.ts';
import { fieldOf } from './rules.fields.ts';
import { formatRule } from './rules.format.ts';

/** What a rule is evaluated over: a household, its current members and, for person rules, the person. */
export interface RuleFacts {
  household: HouseholdFacts;
  person?: PersonFacts;
  members: PersonFacts[];
}

/** One step of an explanation: the clause, whether it passed, the fact values it saw, and its sub-steps. */
export interface ExplainNode {
  text: string;
  passed: boolean;
  /** For a field test: the fact value seen (null when unknown). */
  value?: string | number | boolean | null;
  /** For an aggregate: the person ids of the members that matched, and their count. */
  matchedMembers?: number[];
  count?: number;
  children?: ExplainNode[];
}

type Leaf = Extract<RuleNode, { field: string }>;
type FactValue = string | number | boolean | null;

/** Whether the facts satisfy the rule. */
export function evaluateRule(ast: RuleNode, facts: RuleFacts): boolean {
  return evaluateNode(ast, facts, facts.person);
}

function evaluateNode(node: RuleNode, facts: RuleFacts, person: PersonFacts | undefined): boolean {
  switch (node.type) {
    case 'and':
      return node.children.every((c) => evaluateNode(c, facts, person));
    case 'or':
      return node.children.some((c) => evaluateNode(c, facts, person));
    case 'not':
      return !evaluateNode(node.child, facts, person);
    case 'any_member':
      return facts.members.some((m) => evaluateNode(node.rule, facts, m));
    case 'count_members': {
      const count = facts.members.filter((m) => evaluateNode(node.rule, facts, m)).length;
      return compare(count, node.op, node.value);
    }
    case 'compare':
    case 'between':
    case 'in':
    case 'within':
    case 'flag':
      return testLeaf(node, factValue(node.field, facts, person));
  }
}

/** The trace of the rule over the facts: each clause's outcome, the values seen, matching members. */
export function explainRule(ast: RuleNode, facts: RuleFacts): ExplainNode {
  return explainNode(ast, facts, facts.person);
}

function explainNode(node: RuleNode, facts: RuleFacts, person: PersonFacts | undefined): ExplainNode {
  const text = formatRule(node);
  switch (node.type) {
    case 'and':
    case 'or': {
      const children = node.children.map((c) => explainNode(c, facts, person));
      const passed = node.type === 'and' ? children.every((c) => c.passed) : children.some((c) => c.passed);
      return { text, passed, children };
    }
    case 'not': {
      const child = explainNode(node.child, facts, person);
      return { text, passed: !child.passed, children: [child] };
    }
    case 'any_member':
    case 'count_members': {
      const children = facts.members.map((m) => ({
        ...explainNode(node.rule, facts, m),
        text: `member ${m.personId}: ${formatRule(node.rule)}`,
      }));
      const matchedMembers = facts.members.filter((_, i) => children[i]!.passed).map((m) => m.personId);
      const count = matchedMembers.length;
      const passed = node.type === 'any_member' ? count > 0 : compare(count, node.op, node.value);
      return { text, passed, matchedMembers, count, children };
    }
    case 'compare':
    case 'between':
    case 'in':
    case 'within':
    case 'flag': {
      const value = factValue(node.field, facts, person);
      return { text, passed: testLeaf(node, value), value };
    }
  }
}

function factValue(name: string, facts: RuleFacts, person: PersonFacts | undefined): FactValue {
  const field = fieldOf(name);
  if (!field) throw new Error(`unknown field ${name}`);
  const source = field.level === 'person' ? person : facts.household;
  if (!source) return null;
  const value = (source as unknown as Record<string, FactValue | undefined>)[field.key];
  return value ?? null;
}

function testLeaf(node: Leaf, value: FactValue): boolean {
  if (value === null) return false;
  switch (node.type) {
    case 'flag':
      return value === true;
    case 'compare':
      return compare(value, node.op, node.value);
    case 'between':
      return compare(value, '>=', node.low) && compare(value, '<=', node.high);
    case 'in':
      return node.values.some((v) => v.value === value);
    case 'within': {
      const prefix = String(node.prefix.value);
      return value === prefix || String(value).startsWith(`${prefix}.`);
    }
  }
}

function compare(value: string | number | boolean, op: ComparisonOperator, literal: Literal): boolean {
  const other = literal.value;
  switch (op) {
    case '=':
      return value === other;
    case '!=':
      return value !== other;
    case '<':
      return value < other;
    case '<=':
      return value <= other;
    case '>':
      return value > other;
    case '>=':
      return value >= other;
  }
}
