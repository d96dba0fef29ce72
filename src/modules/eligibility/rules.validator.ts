/**
 * Checks a parsed rule against the field whitelist: known fields, operator/type compatibility, enum values,
 * levels (a household-unit rule may use person fields only inside any_member/count_members) and region codes.
 */
import { regionCodePattern } from '../regions/region-codes.ts';
import { errorAt, type Literal, type RuleError, type RuleNode, type RuleUnit } from './rules.ast.ts';
import { fieldOf, suggestField, type FieldSpec } from './rules.fields.ts';

interface Scope {
  unit: RuleUnit;
  insideAggregate: boolean;
}

/** All the problems of `ast` as a rule for `unit` programs; empty when the rule is valid. */
export function validateRule(ast: RuleNode, unit: RuleUnit): RuleError[] {
  const errors: RuleError[] = [];
  visit(ast, { unit, insideAggregate: false }, errors);
  return errors;
}

function visit(node: RuleNode, scope: Scope, errors: RuleError[]): void {
  switch (node.type) {
    case 'and':
    case 'or':
      for (const child of node.children) visit(child, scope, errors);
      return;
    case 'not':
      return visit(node.child, scope, errors);
    case 'any_member':
    case 'count_members':
      if (scope.insideAggregate)
        errors.push(errorAt(node.pos, `'${node.type}' cannot be nested in another one`));
      if (node.type === 'count_members') checkNumber(node, node.value, errors);
      return visit(node.rule, { ...scope, insideAggregate: true }, errors);
    case 'compare':
    case 'between':
    case 'in':
    case 'within':
    case 'flag':
      return checkLeaf(node, scope, errors);
  }
}

type Leaf = Extract<RuleNode, { field: string }>;

function checkLeaf(node: Leaf, scope: Scope, errors: RuleError[]): void {
  const field = fieldOf(node.field);
  if (!field) {
    const suggestion = suggestField(node.field);
    errors.push(
      errorAt(
        node.pos,
        `Unknown field '${node.field}'`,
        suggestion ? `did you mean '${suggestion}'?` : undefined,
      ),
    );
    return;
  }
  if (field.level === 'person' && scope.unit === 'household' && !scope.insideAggregate)
    errors.push(
      errorAt(
        node.pos,
        `'${field.name}' is a person field and this is a household rule`,
        `use it inside any_member(...) or count_members(...)`,
      ),
    );
  checkOperator(node, field, errors);
}

function checkOperator(node: Leaf, field: FieldSpec, errors: RuleError[]): void {
  const where = node.pos;
  switch (node.type) {
    case 'flag':
      if (field.type !== 'bool')
        errors.push(errorAt(where, `'${field.name}' is ${article(field)}, not a yes/no field; compare it`));
      return;
    case 'within':
      if (field.type !== 'region')
        errors.push(errorAt(where, `'within' applies only to kelurahan, not to '${field.name}'`));
      else if (node.prefix.kind !== 'string' || !regionCodePattern.test(node.prefix.value))
        errors.push(errorAt(where, `'within' needs a region code such as '31.72' or '31.72.01'`));
      return;
    case 'between':
      if (field.type !== 'number')
        errors.push(
          errorAt(where, `'between' applies only to numbers; '${field.name}' is ${article(field)}`),
        );
      else for (const v of [node.low, node.high]) checkLiteral(node, field, v, errors);
      return;
    case 'in':
      if (field.type === 'bool' || field.type === 'region')
        errors.push(errorAt(where, `'in' does not apply to '${field.name}' (${article(field)})`));
      else for (const v of node.values) checkLiteral(node, field, v, errors);
      return;
    case 'compare':
      if (field.type === 'region')
        errors.push(errorAt(where, `Use 'kelurahan within '<code>'' to test a region`));
      else if (field.type !== 'number' && node.op !== '=' && node.op !== '!=')
        errors.push(
          errorAt(where, `'${node.op}' applies only to numbers; '${field.name}' is ${article(field)}`),
        );
      else checkLiteral(node, field, node.value, errors);
      return;
  }
}

function checkLiteral(node: Leaf, field: FieldSpec, value: Literal, errors: RuleError[]): void {
  const expected = { number: 'number', bool: 'boolean', enum: 'string', region: 'string' }[field.type];
  if (value.kind !== expected) {
    errors.push(
      errorAt(node.pos, `'${field.name}' is ${article(field)} and cannot be compared with ${show(value)}`),
    );
    return;
  }
  if (field.values && value.kind === 'string' && !field.values.includes(value.value))
    errors.push(
      errorAt(
        node.pos,
        `'${value.value}' is not a value of '${field.name}'`,
        `allowed: ${field.values.map((v) => `'${v}'`).join(', ')}`,
      ),
    );
}

function checkNumber(node: RuleNode, value: Literal, errors: RuleError[]): void {
  if (value.kind !== 'number') errors.push(errorAt(node.pos, `count_members must be compared with a number`));
}

function article(field: FieldSpec): string {
  return { number: 'a number', bool: 'a yes/no field', enum: 'a list value', region: 'a region code' }[
    field.type
  ];
}

function show(value: Literal): string {
  return value.kind === 'string' ? `'${value.value}'` : String(value.value);
}
