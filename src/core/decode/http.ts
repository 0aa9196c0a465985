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
