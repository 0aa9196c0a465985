import type { HttpHeader } from './httpMessage';

/**
 * A header block larger than this is refused (Node's http parser stops at 16 KiB, Apache at ~8 KiB
 * per line): a hostile stream cannot make the parser hold or scan more.
 */
export const MAX_HEAD_BYTES = 64 * 1024;

/** A start line and its fields, and how many bytes the block took (its empty line included). */
export interface ParsedHead {
  startLine: string;
  headers: HttpHeader[];
  length: number;
}

/**
 * Reads lines from `bytes` until an empty line (RFC 9112 §2.1: start-line, fields, CRLF; a bare LF
 * is accepted as a line end, §2.2). Returns 'incomplete' when the bytes end first.
 * Leading empty lines (a client's stray CRLF after a previous body, §2.2) are skipped.
 */
export function parseHead(bytes: Uint8Array): ParsedHead | 'incomplete' {
  let p = 0;
  const lines: string[] = [];
  for (;;) {
    const nl = bytes.indexOf(0x0a, p);
    if (nl < 0) return 'incomplete';
    const end = nl > p && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
    const line = latin1(bytes, p, end);
    p = nl + 1;
    if (line === '') {
      if (lines.length === 0) continue;
      break;
    }
    lines.push(line);
  }
  const headers: HttpHeader[] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k];
    // Obsolete line folding (RFC 9112 §5.2): a continuation of the previous field's value.
    if ((line[0] === ' ' || line[0] === '\t') && headers.length) {
      headers[headers.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { startLine: lines[0], headers, length: p };
}

/** Header text is octets (RFC 9110 §5.5): each byte is one character, as Latin-1. */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 4096) s += String.fromCharCode(...bytes.subarray(i, Math.min(to, i + 4096)));
  return s;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const REQUEST_LINE = new RegExp(`^(${TOKEN}) (\\S+) HTTP/(1\\.[01])$`);
const STATUS_LINE = /^HTTP\/(1\.[01]) (\d{3})(?: (.*))?$/;

export function parseRequestLine(line: string): { method: string; uri: string; version: string } | undefined {
  const m = REQUEST_LINE.exec(line);
  return m ? { method: m[1], uri: m[2], version: m[3] } : undefined;
}

export function parseStatusLine(line: string): { version: string; status: number; reason: string } | undefined {
  const m = STATUS_LINE.exec(line);
  return m ? { version: m[1], status: Number(m[2]), reason: m[3] ?? '' } : undefined;
}
