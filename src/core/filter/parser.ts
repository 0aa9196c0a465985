import type { CompareOp, FilterNode, Literal } from './ast';
import { FilterError } from './filterError';
import type { Token } from './lexer';
import { tokenize } from './lexer';

/**
 * Recursive descent over Wireshark's display-filter precedence: `!` binds tightest, then `&&`, then
 * `||` (Wireshark 4 gives && and || equal precedence only with a warning; we follow the usual rule).
 *   expr := and ('||' and)*      and := unary ('&&' unary)*
 *   unary := '!' unary | '(' expr ')' | test
 *   test := FIELD [op value | 'in' '{' value* '}']
 */
export function parseFilter(text: string): FilterNode | undefined {
  const tokens = tokenize(text);
  if (tokens[0].kind === 'eof') return undefined;
  let k = 0;
  const peek = (): Token => tokens[k];
  const next = (): Token => tokens[k++];

  const describe = (t: Token): string => (t.kind === 'eof' ? 'the end of the filter' : `'${t.kind === 'string' ? `"${t.text}"` : t.text}'`);

  function expr(): FilterNode {
    let left = and();
    while (peek().kind === 'or') {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }

  function and(): FilterNode {
    let left = unary();
    while (peek().kind === 'and') {
      next();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  }

  function unary(): FilterNode {
    const t = peek();
    if (t.kind === 'not') {
      next();
      return { kind: 'not', operand: unary(), pos: t.pos };
    }
    if (t.kind === 'lparen') {
      next();
      const inner = expr();
      const close = next();
      if (close.kind !== 'rparen') throw new FilterError(`Expected ')' to close the '(' at ${t.pos}, found ${describe(close)}`, close.pos);
      return inner;
    }
    return test();
  }

  function value(after: Token): Literal {
    const v = next();
    if (v.kind !== 'word' && v.kind !== 'string') throw new FilterError(`Expected a value after '${after.text}', found ${describe(v)}`, v.pos);
    return { kind: v.kind, text: v.text, pos: v.pos };
  }

  function test(): FilterNode {
    const f = next();
    if (f.kind !== 'word') throw new FilterError(`Expected a field name, found ${describe(f)}`, f.pos);
    if (/^[0-9]/.test(f.text) || f.text.includes(':') || f.text.includes('/')) {
      throw new FilterError(`'${f.text}' is a value, not a field name; compare a field with it, e.g. ip.addr == ${f.text}`, f.pos);
    }
    const field = f.text.toLowerCase();
    const op = peek();
    if (op.kind !== 'op') return { kind: 'exists', field, pos: f.pos };
    next();
    if (op.text === 'in') {
      const open = next();
      if (open.kind !== 'lbrace') throw new FilterError(`Expected '{' after 'in', found ${describe(open)}`, open.pos);
      const values: Literal[] = [];
      while (peek().kind === 'word' || peek().kind === 'string') {
        const v = next();
        values.push({ kind: v.kind as 'word' | 'string', text: v.text, pos: v.pos });
      }
      const close = next();
      if (close.kind !== 'rbrace') throw new FilterError(`Expected a value or '}' in the set, found ${describe(close)}`, close.pos);
      if (!values.length) throw new FilterError("The set after 'in' is empty", open.pos);
      return { kind: 'in', field, pos: f.pos, values };
    }
    return { kind: 'compare', field, pos: f.pos, op: op.text as CompareOp, value: value(op) };
  }

  const root = expr();
  const rest = peek();
  if (rest.kind !== 'eof') {
    const hint = rest.kind === 'word' || rest.kind === 'string' ? ' (missing && or || before it?)' : '';
    throw new FilterError(`Unexpected ${describe(rest)}${hint}`, rest.pos);
  }
  return root;
}
