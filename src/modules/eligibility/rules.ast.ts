/**
 * The abstract syntax of the eligibility rule language (issue 3 contract, /docs: rule language).
 * Nodes parsed from text carry their source position (`pos`), so validation errors can point at them;
 * nodes built in code may omit it.
 */

/** Where a node or error sits in the rule text: 0-based offset, 1-based line and column. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/** A parse or validation error with its position and a plain English message. */
export interface RuleError extends SourcePosition {
  message: string;
}

/** The unit a program targets: one person, or one household. */
export type RuleUnit = 'person' | 'household';

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Literal =
  { kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'boolean'; value: boolean };

interface Positioned {
  pos?: SourcePosition;
}

export type RuleNode =
  | ({ type: 'and'; children: RuleNode[] } & Positioned)
  | ({ type: 'or'; children: RuleNode[] } & Positioned)
  | ({ type: 'not'; child: RuleNode } & Positioned)
  | ({ type: 'compare'; field: string; op: ComparisonOperator; value: Literal } & Positioned)
  | ({ type: 'between'; field: string; low: Literal; high: Literal } & Positioned)
  | ({ type: 'in'; field: string; values: Literal[] } & Positioned)
  | ({ type: 'within'; field: string; prefix: Literal } & Positioned)
  | ({ type: 'flag'; field: string } & Positioned)
  | ({ type: 'any_member'; rule: RuleNode } & Positioned)
  | ({ type: 'count_members'; rule: RuleNode; op: ComparisonOperator; value: Literal } & Positioned);

/** Result of parsing: the tree, or the errors that stopped it. */
export type ParseResult = { ok: true; ast: RuleNode } | { ok: false; errors: RuleError[] };

/** The position of `offset` in `text` as line and column (both 1-based). */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { offset, line, column };
}

/** An error at a node's position (line 1, column 1 when the node was built in code). */
export function errorAt(pos: SourcePosition | undefined, message: string, hint?: string): RuleError {
  const where = pos ?? { offset: 0, line: 1, column: 1 };
  const suffix = hint ? ` — ${hint}` : '';
  return { ...where, message: `${message} at ${where.line}:${where.column}${suffix}` };
}
