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

export function parseHttpStartLine(b: Uint8Array, start: number, end: number): HttpStartLine | undefined {
  const stop = Math.min(end, start + MAX_HEADER_BYTES);
  let eol = -1;
  for (let i = start; i + 1 < stop; i++)
    if (b[i] === 0x0d && b[i + 1] === 0x0a) {
      eol = i;
      break;
    }
  if (eol < 0) return undefined;
  const line = latin1(b, start, eol);
  const kind = line.startsWith('HTTP/') ? 'response' : / HTTP\/\d\.\d$/.test(line) ? 'request' : undefined;
  return kind && { kind, line, eol };
}

/**
 * What a segment's start line says, as a number the index keeps (httpStarts.ts): HTTP_REQUEST, a
 * response's status (its second word as a number, as the diagnosis reads it), HTTP_BAD_STATUS, or
 * HTTP_NO_START.
 */
export function httpStartCode(b: Uint8Array, start: number, end: number): number {
  const s = parseHttpStartLine(b, start, end);
  if (!s) return HTTP_NO_START;
  if (s.kind === 'request') return HTTP_REQUEST;
  const status = Number(s.line.split(' ')[1]);
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
