/**
 * A safe parser and evaluator for the OData `$filter` subset ISM supports ("Get Business Object
 * by Filter": eq, ne, lt, le, gt, ge, and, or), with parentheses, single-quoted strings (`''` for a
 * quote) and decimal numbers. Recursive descent over tokens read one at a time: no `eval`, no
 * regular expression over the whole input, bounded in length and depth (docs/decisions.md #34).
 */

export const maxFilterLength = 2000;
export const maxFilterDepth = 32;

export type Comparison = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type Literal = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'number'; readonly value: number };

export type Filter =
  | { readonly kind: 'compare'; readonly field: string; readonly op: Comparison; readonly literal: Literal }
  | { readonly kind: 'and'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'or'; readonly left: Filter; readonly right: Filter };

export type FilterParse = { readonly ok: true; readonly filter: Filter } | { readonly ok: false; readonly reason: string };

type Token =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: '(' | ')' | 'end' };

const comparisons: ReadonlySet<string> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** Parses `text`; `fields` are the names a comparison may use (any other is refused). */
export function parseFilter(text: string, fields: ReadonlySet<string>): FilterParse {
  if (text.length > maxFilterLength) return { ok: false, reason: `longer than ${maxFilterLength} characters` };
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { ok: false, reason: tokens.reason };
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const fail = (reason: string): never => {
    throw new FilterError(reason);
  };

  const orExpr = (depth: number): Filter => {
    let left = andExpr(depth);
    while (isName(peek(), 'or')) {
      at++;
      left = { kind: 'or', left, right: andExpr(depth) };
    }
    return left;
  };
  const andExpr = (depth: number): Filter => {
    let left = primary(depth);
    while (isName(peek(), 'and')) {
      at++;
      left = { kind: 'and', left, right: primary(depth) };
    }
    return left;
  };
  const primary = (depth: number): Filter => {
    const token = peek();
    if (token.kind === '(') {
      if (depth >= maxFilterDepth) fail(`nested deeper than ${maxFilterDepth} levels`);
      at++;
      const inner = orExpr(depth + 1);
      if (peek().kind !== ')') fail('a parenthesis is not closed');
      at++;
      return inner;
    }
    if (token.kind !== 'name' || comparisons.has(token.text) || token.text === 'and' || token.text === 'or') {
      return fail('expected a field name');
    }
    if (!fields.has(token.text)) fail(`unknown field ${token.text}`);
    at++;
    const op = peek();
    if (op.kind !== 'name' || !comparisons.has(op.text)) return fail(`expected eq, ne, lt, le, gt or ge after ${token.text}`);
    at++;
    const value = peek();
    at++;
    if (value.kind === 'string')
      return { kind: 'compare', field: token.text, op: op.text as Comparison, literal: { kind: 'string', value: value.text } };
    if (value.kind === 'number')
      return { kind: 'compare', field: token.text, op: op.text as Comparison, literal: { kind: 'number', value: value.value } };
    return fail(`expected a quoted string or a number after ${op.text}`);
  };

  try {
    const filter = orExpr(0);
    if (peek().kind !== 'end') return { ok: false, reason: 'unexpected text after the expression' };
    return { ok: true, filter };
  } catch (error) {
    if (error instanceof FilterError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Internal to the parser: caught in parseFilter, never escapes it. */
class FilterError extends Error {}

function isName(token: Token, text: string): boolean {
  return token.kind === 'name' && token.text === text;
}

function tokenize(text: string): Token[] | { reason: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === ' ' || char === '\t') {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char });
      i++;
    } else if (char === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) return { reason: 'a string is not closed' };
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value });
    } else if (isDigit(char) || (char === '-' && isDigit(text[i + 1]))) {
      const start = i;
      i++;
      while (isDigit(text[i])) i++;
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      tokens.push({ kind: 'number', value: Number(text.slice(start, i)) });
    } else if (isNameStart(char)) {
      const start = i;
      while (i < text.length && (isNameStart(text[i] as string) || isDigit(text[i]))) i++;
      tokens.push({ kind: 'name', text: text.slice(start, i) });
    } else {
      return { reason: `unexpected character ${JSON.stringify(char)}` };
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isNameStart(char: string): boolean {
  return (char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z') || char === '_';
}

const numeric = /^-?\d+(\.\d+)?$/;

/**
 * Whether a record's fields satisfy the filter. Strings compare ordinally; a number compares
 * numerically with a field that holds a number, and a field that does not is no match. The
 * recursion is as deep as the filter's tree, which the length bound keeps to a few hundred.
 */
export function matches(filter: Filter, fields: Readonly<Record<string, string>>): boolean {
  if (filter.kind === 'and') return matches(filter.left, fields) && matches(filter.right, fields);
  if (filter.kind === 'or') return matches(filter.left, fields) || matches(filter.right, fields);
  const value = fields[filter.field] ?? '';
  let order: number;
  if (filter.literal.kind === 'number') {
    if (!numeric.test(value)) return false;
    order = Math.sign(Number(value) - filter.literal.value);
  } else {
    const literal = filter.literal.value;
    order = value < literal ? -1 : value > literal ? 1 : 0;
  }
  switch (filter.op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
  }
}
