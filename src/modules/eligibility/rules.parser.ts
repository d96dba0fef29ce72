/**
 * Recursive-descent parser of the rule language (grammar in the issue 3 contract). Small and safe: no eval,
 * bounded input length and nesting depth; stops at the first error and says where and what was expected.
 */
import {
  errorAt,
  type ComparisonOperator,
  type Literal,
  type ParseResult,
  type RuleError,
  type RuleNode,
} from './rules.ast.ts';
import { tokenize, type Token } from './rules.lexer.ts';

/** Longest rule text accepted (characters); real rules are a few hundred. */
export const maxRuleLength = 4000;
/** Deepest nesting of parentheses, `not` and aggregates accepted. */
export const maxRuleDepth = 24;

const keywords = new Set(['and', 'or', 'not', 'between', 'in', 'within', 'true', 'false']);
const aggregates = new Set(['any_member', 'count_members']);

class ParseError extends Error {
  constructor(readonly error: RuleError) {
    super(error.message);
  }
}

/** Parses rule text into a tree, or returns the first error with its line and column. */
export function parseRule(text: string): ParseResult {
  if (text.length > maxRuleLength)
    return fail(errorAt(undefined, `Rule is too long (${text.length} characters, at most ${maxRuleLength})`));
  const lexed = tokenize(text);
  if (!lexed.ok) return fail(lexed.error);
  if (lexed.tokens.length === 1) return fail(errorAt(lexed.tokens[0]!.pos, 'Rule is empty'));
  try {
    const parser = new Parser(lexed.tokens);
    const ast = parser.parseOr();
    parser.expectEnd();
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ParseError) return fail(e.error);
    throw e;
  }
}

function fail(error: RuleError): ParseResult {
  return { ok: false, errors: [error] };
}

/** Describes a token for an error message. */
function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the rule';
  if (token.kind === 'string') return `'${token.text}'`;
  return `'${token.text}'`;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isWord(word: string): boolean {
    return this.current.kind === 'word' && this.current.text === word;
  }

  private isPunct(p: string): boolean {
    return this.current.kind === 'punct' && this.current.text === p;
  }

  private error(message: string, hint?: string): never {
    throw new ParseError(errorAt(this.current.pos, message, hint));
  }

  private expectPunct(p: string, context: string): void {
    if (!this.isPunct(p)) this.error(`Expected '${p}' ${context}, found ${describe(this.current)}`);
    this.next();
  }

  private enter(): void {
    if (++this.depth > maxRuleDepth)
      this.error(`Rule is nested too deeply (more than ${maxRuleDepth} levels)`);
  }

  expectEnd(): void {
    if (this.isPunct(')')) this.error("Unbalanced ')': no matching '('");
    if (this.current.kind !== 'end')
      this.error(`Expected 'and', 'or' or the end of the rule, found ${describe(this.current)}`);
  }

  parseOr(): RuleNode {
    const first = this.parseAnd();
    const children = [first];
    while (this.isWord('or')) {
      this.next();
      children.push(this.parseAnd());
    }
    return children.length === 1 ? first : { type: 'or', children, pos: first.pos };
  }

  private parseAnd(): RuleNode {
    const first = this.parseNot();
    const children = [first];
    while (this.isWord('and')) {
      this.next();
      children.push(this.parseNot());
    }
    return children.length === 1 ? first : { type: 'and', children, pos: first.pos };
  }

  private parseNot(): RuleNode {
    if (!this.isWord('not')) return this.parsePrimary();
    const pos = this.next().pos;
    this.enter();
    const child = this.parseNot();
    this.depth--;
    return { type: 'not', child, pos };
  }

  private parsePrimary(): RuleNode {
    const token = this.current;
    if (this.isPunct('(')) {
      this.next();
      this.enter();
      const inner = this.parseOr();
      this.depth--;
      if (!this.isPunct(')'))
        this.error(`Unbalanced '(' at ${token.pos.line}:${token.pos.column}: expected ')'`);
      this.next();
      return inner;
    }
    if (token.kind === 'word' && aggregates.has(token.text)) return this.parseAggregate();
    if (token.kind !== 'word' || keywords.has(token.text))
      this.error(`Expected a field, 'not' or '(', found ${describe(token)}`);
    this.next();
    return this.parseComparison(token);
  }

  private parseAggregate(): RuleNode {
    const token = this.next();
    this.expectPunct('(', `after '${token.text}'`);
    this.enter();
    const rule = this.parseOr();
    this.depth--;
    this.expectPunct(')', `to close '${token.text}('`);
    if (token.text === 'any_member') return { type: 'any_member', rule, pos: token.pos };
    const op = this.parseOperator(`after 'count_members(...)'`);
    const value = this.parseLiteral(`after '${op}'`);
    if (value.kind !== 'number') this.error(`count_members must be compared with a number`);
    return { type: 'count_members', rule, op, value, pos: token.pos };
  }

  private parseComparison(field: Token): RuleNode {
    const pos = field.pos;
    if (this.current.kind === 'op') {
      const op = this.parseOperator('');
      return { type: 'compare', field: field.text, op, value: this.parseLiteral(`after '${op}'`), pos };
    }
    if (this.isWord('between')) {
      this.next();
      const low = this.parseLiteral("after 'between'");
      if (!this.isWord('and'))
        this.error(`Expected 'and' in 'between … and …', found ${describe(this.current)}`);
      this.next();
      return { type: 'between', field: field.text, low, high: this.parseLiteral("after 'and'"), pos };
    }
    if (this.isWord('in')) return this.parseInList(field);
    if (this.isWord('within')) {
      this.next();
      const prefix = this.parseLiteral("after 'within'");
      return { type: 'within', field: field.text, prefix, pos };
    }
    return { type: 'flag', field: field.text, pos };
  }

  private parseInList(field: Token): RuleNode {
    this.next();
    this.expectPunct('[', "after 'in'");
    const values: Literal[] = [this.parseLiteral("in the list after '['")];
    while (this.isPunct(',')) {
      this.next();
      values.push(this.parseLiteral("after ','"));
    }
    this.expectPunct(']', 'to close the list');
    return { type: 'in', field: field.text, values, pos: field.pos };
  }

  private parseOperator(context: string): ComparisonOperator {
    if (this.current.kind !== 'op') this.error(`Expected a comparison operator ${context}`.trim());
    return this.next().text as ComparisonOperator;
  }

  private parseLiteral(context: string): Literal {
    const token = this.current;
    if (token.kind === 'number') {
      this.next();
      return { kind: 'number', value: token.value! };
    }
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', value: token.text };
    }
    if (this.isWord('true') || this.isWord('false')) {
      this.next();
      return { kind: 'boolean', value: token.text === 'true' };
    }
    return this.error(`Expected a number, 'text', true or false ${context}, found ${describe(token)}`);
  }
}
