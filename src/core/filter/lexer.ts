import { FilterError } from './filterError';

export type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'and' | 'or' | 'not' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator spelling normalised to its symbol ("eq" → "=="), unquoted string value, or the raw word. */
  text: string;
  pos: number;
  end: number;
}

// Wireshark's word operators (dfilter grammar) and their symbolic forms.
const WORD_OPS: Record<string, string> = { eq: '==', ne: '!=', gt: '>', lt: '<', ge: '>=', le: '<=', contains: 'contains', in: 'in' };
const SYMBOL_OPS = ['==', '!=', '>=', '<=', '>', '<'];

/**
 * Field names and unquoted values share one token type ("word"): whether `10.0.0.0/8`, `fe80::1`,
 * `0x1f` or `aa:bb:cc` is an address, a number or a byte string depends on the field it is compared
 * with, as in Wireshark's "unparsed" literals; the compiler decides.
 */
const WORD_CHAR = /[A-Za-z0-9_.:/-]/;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === '{' || c === '}') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : c === '{' ? 'lbrace' : 'rbrace', text: c, pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      if (text[i + 1] !== c) throw new FilterError(`'${c}' must be doubled: use '${c}${c}'`, i);
      out.push({ kind: c === '&' ? 'and' : 'or', text: c + c, pos: i, end: i + 2 });
      i += 2;
      continue;
    }
    const sym = SYMBOL_OPS.find((s) => text.startsWith(s, i));
    if (sym) {
      out.push({ kind: 'op', text: sym, pos: i, end: i + sym.length });
      i += sym.length;
      continue;
    }
    if (c === '=') throw new FilterError("'=' is not an operator: use '=='", i);
    if (c === '!') {
      out.push({ kind: 'not', text: '!', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError("Unterminated string: missing closing '\"'", start);
        const d = text[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          const e = text[i + 1];
          if (e === undefined) throw new FilterError("Unterminated string: missing closing '\"'", start);
          if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      out.push({ kind: 'string', text: value, pos: start, end: i });
      continue;
    }
    if (WORD_CHAR.test(c)) {
      while (i < text.length && WORD_CHAR.test(text[i])) i++;
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      if (lower === 'and') out.push({ kind: 'and', text: '&&', pos: start, end: i });
      else if (lower === 'or') out.push({ kind: 'or', text: '||', pos: start, end: i });
      else if (lower === 'not') out.push({ kind: 'not', text: '!', pos: start, end: i });
      else if (WORD_OPS[lower]) out.push({ kind: 'op', text: WORD_OPS[lower], pos: start, end: i });
      else out.push({ kind: 'word', text: word, pos: start, end: i });
      continue;
    }
    throw new FilterError(`Unexpected character '${c}'`, i);
  }
  out.push({ kind: 'eof', text: '', pos: text.length, end: text.length });
  return out;
}
