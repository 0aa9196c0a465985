import { HTTP_BAD_STATUS, HTTP_NO_START, HTTP_REQUEST } from '../index/httpStarts';

/** HTTP/1.x start line and headers (RFC 9112 §2–3), for the Info column and detail tree. */

export interface HttpStart {
  kind: 'request' | 'response';
  /** The start line without CRLF. */
  line: string;
  headers: Array<[string, string]>;
  /** Offset just past the header block, or -1 when the headers continue in a later segment. */
  bodyOffset: number;
}

const MAX_HEADER_BYTES = 16384;

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** The start line alone (what the diagnosis needs), and where it ends: no header is read. */
export interface HttpStartLine {
  kind: HttpStart['kind'];
  line: string;
  /** Offset of the line's CR. */
  eol: number;
}

/** The offset of the CR of the first CRLF within the header limit, or -1. */
function startLineEnd(b: Uint8Array, start: number, end: number): number {
  const stop = Math.min(end, start + MAX_HEADER_BYTES);
  for (let i = start; i + 1 < stop; i++) if (b[i] === 0x0d && b[i + 1] === 0x0a) return i;
  return -1;
}

/** Whether the line starts with "HTTP/" (a status line). */
function isStatusLine(b: Uint8Array, start: number, eol: number): boolean {
  return eol - start >= 5 && b[start] === 0x48 && b[start + 1] === 0x54 && b[start + 2] === 0x54 && b[start + 3] === 0x50 && b[start + 4] === 0x2f;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Whether the line ends in " HTTP/d.d" (a request line), read from the bytes: no string is made. */
function endsWithHttpVersion(b: Uint8Array, start: number, eol: number): boolean {
  const v = eol - 9;
  return (
    v >= start &&
    b[v] === 0x20 &&
    b[v + 1] === 0x48 &&
    b[v + 2] === 0x54 &&
    b[v + 3] === 0x54 &&
    b[v + 4] === 0x50 &&
    b[v + 5] === 0x2f &&
    isDigit(b[v + 6]) &&
    b[v + 7] === 0x2e &&
    isDigit(b[v + 8])
  );
}

export function parseHttpStartLine(b: Uint8Array, start: number, end: number): HttpStartLine | undefined {
  const eol = startLineEnd(b, start, end);
  if (eol < 0) return undefined;
  const kind = isStatusLine(b, start, eol) ? 'response' : endsWithHttpVersion(b, start, eol) ? 'request' : undefined;
  return kind && { kind, line: latin1(b, start, eol), eol };
}

/**
 * What a segment's start line says, as a number the index keeps (httpStarts.ts): HTTP_REQUEST, a
 * response's status (its second word as a number, as the diagnosis reads it), HTTP_BAD_STATUS, or
 * HTTP_NO_START. It runs while indexing, so the usual cases are read from the bytes without a string.
 */
export function httpStartCode(b: Uint8Array, start: number, end: number): number {
  const eol = startLineEnd(b, start, end);
  if (eol < 0) return HTTP_NO_START;
  if (!isStatusLine(b, start, eol)) return endsWithHttpVersion(b, start, eol) ? HTTP_REQUEST : HTTP_NO_START;
  // The second space-separated word: plain digits are the status; anything else is read as Number() would.
  let from = start;
  while (from < eol && b[from] !== 0x20) from++;
  from++;
  let to = from;
  while (to < eol && b[to] !== 0x20) to++;
  if (to - from >= 1 && to - from <= 9) {
    let n = 0;
    let k = from;
    for (; k < to && isDigit(b[k]); k++) n = n * 10 + b[k] - 0x30;
    if (k === to) return n;
  }
  const status = from > eol ? NaN : Number(latin1(b, from, to));
  return Number.isInteger(status) && status >= 0 && status <= 0x7fffffff ? status : HTTP_BAD_STATUS;
}

export function parseHttpStart(b: Uint8Array, start: number, end: number): HttpStart | undefined {
  const stop = Math.min(end, start + MAX_HEADER_BYTES);
  const first = parseHttpStartLine(b, start, end);
  if (!first) return undefined;
  const { kind, line, eol } = first;
  const headers: Array<[string, string]> = [];
  let at = eol + 2;
  let bodyOffset = -1;
  while (at + 1 < stop) {
    if (b[at] === 0x0d && b[at + 1] === 0x0a) {
      bodyOffset = at + 2;
      break;
    }
    let e = -1;
    for (let i = at; i + 1 < stop; i++)
      if (b[i] === 0x0d && b[i + 1] === 0x0a) {
        e = i;
        break;
      }
    if (e < 0) break;
    const h = latin1(b, at, e);
    const colon = h.indexOf(':');
    if (colon > 0) headers.push([h.slice(0, colon), h.slice(colon + 1).trim()]);
    at = e + 2;
  }
  return { kind, line, headers, bodyOffset };
}
