/** Prints a rule tree back as rule text (used by explain traces and to round-trip generated rules). */
import type { Literal, RuleNode } from './rules.ast.ts';

/** The literal as rule text: numbers plainly, strings single-quoted, booleans as true/false. */
export function formatLiteral(literal: Literal): string {
  return literal.kind === 'string' ? `'${literal.value}'` : String(literal.value);
}

/** The rule as text that parses back to the same tree. */
export function formatRule(node: RuleNode): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.map(group).join(` ${node.type} `);
    case 'not':
      return `not ${group(node.child)}`;
    case 'any_member':
      return `any_member(${formatRule(node.rule)})`;
    case 'count_members':
      return `count_members(${formatRule(node.rule)}) ${node.op} ${formatLiteral(node.value)}`;
    case 'compare':
      return `${node.field} ${node.op} ${formatLiteral(node.value)}`;
    case 'between':
      return `${node.field} between ${formatLiteral(node.low)} and ${formatLiteral(node.high)}`;
    case 'in':
      return `${node.field} in [${node.values.map(formatLiteral).join(', ')}]`;
    case 'within':
      return `${node.field} within ${formatLiteral(node.prefix)}`;
    case 'flag':
      return node.field;
  }
}

/** A sub-rule, in parentheses when it is itself an `and`/`or`. */
function group(node: RuleNode): string {
  return node.type === 'and' || node.type === 'or' ? `(${formatRule(node)})` : formatRule(node);
}
