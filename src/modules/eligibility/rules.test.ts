import { describe, expect, it } from 'vitest';
import type { RuleNode, RuleUnit } from './rules.ast.ts';
import { formatRule } from './rules.format.ts';
import { maxRuleDepth, maxRuleLength, parseRule } from './rules.parser.ts';
import { validateRule } from './rules.validator.ts';

const kjpPlus = `desil <= 4 and age between 6 and 21 and school_enrolment = 'enrolled' and ktp_dki
  and not has_car and property_njop <= 1_000_000_000 and not has_civil_servant_member  # KJP Plus`;

function parse(text: string): RuleNode {
  const result = parseRule(text);
  if (!result.ok) throw new Error(result.errors[0]!.message);
  return result.ast;
}

function parseErrors(text: string): string[] {
  const result = parseRule(text);
  return result.ok ? [] : result.errors.map((e) => e.message);
}

function validationMessages(text: string, unit: RuleUnit = 'person'): string[] {
  return validateRule(parse(text), unit).map((e) => e.message);
}

describe('rule parser', () => {
  it('parses the KJP Plus rule, with comments, underscores and case-insensitive keywords', () => {
    const ast = parse(kjpPlus);
    expect(ast.type).toBe('and');
    expect(ast.type === 'and' && ast.children).toHaveLength(7);
    expect(formatRule(ast)).toContain('property_njop <= 1000000000');
    expect(validateRule(ast, 'person')).toEqual([]);
    expect(parse('DESIL <= 4 AND NOT Has_Car')).toEqual(parse('desil <= 4 and not has_car'));
  });

  it('gives precedence: not > and > or, and parentheses group', () => {
    const ast = parse('has_car or desil <= 2 and not extreme_poor');
    expect(ast.type).toBe('or');
    expect(ast.type === 'or' && ast.children[1]!.type).toBe('and');
    expect(parse('(has_car or desil <= 2) and extreme_poor').type).toBe('and');
  });

  it('parses aggregates, in-lists and within', () => {
    const ast = parse(`count_members(age < 18) >= 2 and any_member(disability in ['physical', 'visual'])
      and kelurahan within '31.72'`);
    expect(formatRule(ast)).toBe(
      `count_members(age < 18) >= 2 and any_member(disability in ['physical', 'visual']) and kelurahan within '31.72'`,
    );
  });

  it('reports errors with line, column and what was expected', () => {
    expect(parseErrors('desil <= ')).toEqual([
      "Expected a number, 'text', true or false after '<=', found the end of the rule at 1:10",
    ]);
    const [error] = (parseRule('desil <= 4 and\n  age >') as { errors: { line: number; column: number }[] })
      .errors;
    expect(error).toMatchObject({ line: 2, column: 8 });
    expect(parseErrors('(desil <= 4 and has_car')[0]).toMatch(/^Unbalanced '\(' at 1:1: expected '\)'/);
    expect(parseErrors('desil <= 4)')[0]).toMatch(/^Unbalanced '\)'.* at 1:11/);
    expect(parseErrors('')).toEqual(['Rule is empty at 1:1']);
    expect(parseErrors('  # only a comment')[0]).toMatch(/^Rule is empty/);
    expect(parseErrors("sex = 'M")[0]).toMatch(/^Unterminated string at 1:7/);
    expect(parseErrors('desil <= 4 ; drop table person')[0]).toMatch(/^Unexpected character ';' at 1:12/);
    expect(parseErrors('age between 6 21')[0]).toMatch(/^Expected 'and' in 'between … and …'/);
    expect(parseErrors('desil <= 1__000')[0]).toMatch(/^Malformed number/);
  });

  it('limits nesting depth and length', () => {
    const deep = `${'('.repeat(maxRuleDepth + 1)}has_car${')'.repeat(maxRuleDepth + 1)}`;
    expect(parseErrors(deep)[0]).toMatch(/^Rule is nested too deeply/);
    expect(parseErrors(`${'not '.repeat(maxRuleDepth + 1)}has_car`)[0]).toMatch(/nested too deeply/);
    expect(parseErrors(`${'not '.repeat(maxRuleDepth)}has_car`)).toEqual([]);
    expect(parseErrors(`has_car or ${'x'.repeat(maxRuleLength)}`)[0]).toMatch(/^Rule is too long/);
  });
});

describe('rule validator', () => {
  it('names an unknown field and suggests the closest one', () => {
    expect(validationMessages('desill <= 4')).toEqual([
      "Unknown field 'desill' at 1:1 — did you mean 'desil'?",
    ]);
    expect(validationMessages('has_car and foo')).toEqual(["Unknown field 'foo' at 1:13"]);
  });

  it('lists the allowed values of an enum', () => {
    expect(validationMessages("school_enrolment = 'enroled'")).toEqual([
      "'enroled' is not a value of 'school_enrolment' at 1:1 — allowed: 'not_yet', 'enrolled', 'not_enrolled', " +
        "'dropped_out', 'completed'",
    ]);
    expect(validationMessages("disability in ['none', 'deaf']")[0]).toMatch(
      /'deaf' is not a value of 'disability'/,
    );
  });

  it('checks operator and literal types', () => {
    expect(validationMessages("desil <= 'four'")).toEqual([
      "'desil' is a number and cannot be compared with 'four' at 1:1",
    ]);
    expect(validationMessages('has_car = 1')[0]).toMatch(/'has_car' is a yes\/no field/);
    expect(validationMessages("sex < 'M'")[0]).toMatch(/'<' applies only to numbers/);
    expect(validationMessages('desil')[0]).toMatch(/'desil' is a number, not a yes\/no field/);
    expect(validationMessages("sex between 'F' and 'M'")[0]).toMatch(/'between' applies only to numbers/);
    expect(validationMessages("kelurahan = '31.71'")[0]).toMatch(/within/);
    expect(validationMessages("desil within '31'")[0]).toMatch(/'within' applies only to kelurahan/);
    expect(validationMessages("kelurahan within '31.7'")[0]).toMatch(/needs a region code/);
    expect(validationMessages("kelurahan within '31.72.01.1001'")).toEqual([]);
  });

  it('allows person fields in a household rule only inside an aggregate', () => {
    expect(validationMessages('age >= 60 and desil <= 2', 'household')).toEqual([
      "'age' is a person field and this is a household rule at 1:1 — use it inside any_member(...) or " +
        'count_members(...)',
    ]);
    expect(validationMessages('any_member(age >= 60) and desil <= 2', 'household')).toEqual([]);
    expect(validationMessages('count_members(any_member(age > 1)) > 1', 'household')[0]).toMatch(/nested/);
  });
});
