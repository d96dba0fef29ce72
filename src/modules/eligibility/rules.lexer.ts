/**
 * Tokenizer of the rule language: words, numbers (`1_000_000`, `0.5`), single-quoted strings, operators and
 * punctuation; `#` starts a comment to the end of the line. Keywords are matched case-insensitively.
 */
import { errorAt, positionAt, type RuleError, type SourcePosition } from './rules.ast.ts';

export type TokenKind = 'word' | 'number' | 'string' | 'op' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** The word in lower case, the operator or punctuation, or the string's content. */
  text: string;
  /** The numeric value of a number token. */
  value?: number;
  pos: SourcePosition;
}

const operators = ['<=', '>=', '!=', '=', '<', '>'];
const punctuation = ['(', ')', '[', ']', ','];

/** Splits `text` into tokens, or returns the first lexical error. */
export function tokenize(text: string): { ok: true; tokens: Token[] } | { ok: false; error: RuleError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const pos = positionAt(text, i);
    const scanned = scanToken(text, i, pos);
    if ('error' in scanned) return { ok: false, error: scanned.error };
    tokens.push(scanned.token);
    i = scanned.next;
  }
  tokens.push({ kind: 'end', text: '', pos: positionAt(text, text.length) });
  return { ok: true, tokens };
}

type Scanned = { token: Token; next: number } | { error: RuleError };

function scanToken(text: string, i: number, pos: SourcePosition): Scanned {
  const rest = text.slice(i);
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
  if (word) return { token: { kind: 'word', text: word[0].toLowerCase(), pos }, next: i + word[0].length };
  const number = /^\d[\d_]*(\.\d[\d_]*)?/.exec(rest);
  if (number) {
    const raw = number[0];
    if (raw.endsWith('_') || raw.includes('__') || raw.includes('_.') || raw.includes('._'))
      return { error: errorAt(pos, `Malformed number '${raw}'`, "use '_' only between digits") };
    const value = Number(raw.replaceAll('_', ''));
    return { token: { kind: 'number', text: raw, value, pos }, next: i + raw.length };
  }
  if (rest.startsWith("'")) {
    const close = rest.indexOf("'", 1);
    const newline = rest.indexOf('\n');
    if (close < 0 || (newline >= 0 && newline < close))
      return { error: errorAt(pos, 'Unterminated string', "close it with '") };
    return { token: { kind: 'string', text: rest.slice(1, close), pos }, next: i + close + 1 };
  }
  const op = operators.find((o) => rest.startsWith(o));
  if (op) return { token: { kind: 'op', text: op, pos }, next: i + op.length };
  const punct = punctuation.find((p) => rest.startsWith(p));
  if (punct) return { token: { kind: 'punct', text: punct, pos }, next: i + 1 };
  return { error: errorAt(pos, `Unexpected character '${rest[0]}'`) };
}
