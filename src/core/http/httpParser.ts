import type { FollowStream } from '../follow/followStream';
import { chunkAt } from '../follow/streamReader';
import { DirectionBytes } from './directionBytes';
import { MAX_HEAD_BYTES, latin1, parseHead, parseRequestLine, parseStatusLine } from './httpHead';
import type { BodyFraming, HttpBody, HttpHeader, HttpMessage } from './httpMessage';
import { headerList } from './httpMessage';

/** A chunk-size line (size, extensions) longer than this is refused. */
const MAX_CHUNK_LINE = 4096;
/** Body pieces kept per message: a chunked body of 1-byte chunks could otherwise list ~a fifth of the stream. */
const MAX_PIECES = 1 << 20;
/** Largest chunk size / Content-Length accepted: 2^52, so offsets stay exact doubles. */
const MAX_LENGTH = 2 ** 52;

/**
 * What a response's body framing depends on besides its own fields: the request it answers
 * (RFC 9112 §6.3 rule 1: a response to HEAD has no body; rule 2: a 2xx to CONNECT is a tunnel).
 */
export type RequestMethodOf = (finalResponse: number) => string | undefined;

/**
 * The HTTP/1.x messages of one direction of a followed TCP stream, in order. The first message must
 * start the direction (a stream that does not is not HTTP: empty list). A message that cannot be
 * framed (a bad Content-Length, a broken chunk) carries an error and ends the list, since where the
 * next message starts is then unknown; so does a message after which the bytes are not HTTP
 * (101 Switching Protocols, a CONNECT tunnel).
 */
export function parseDirection(stream: FollowStream, direction: number, kind: 'request' | 'response', methodOf?: RequestMethodOf): HttpMessage[] {
  const src = new DirectionBytes(stream, direction);
  const out: HttpMessage[] = [];
  let pos = 0;
  let finals = 0;
  while (pos < src.total) {
    const window = src.read(pos, pos + MAX_HEAD_BYTES);
    const head = parseHead(window);
    if (head === 'incomplete') {
      // Whitespace left after the last message (a stray CRLF) is no message.
      if (isBlank(window)) break;
      if (out.length === 0 && !looksLikeStart(window, kind)) break;
      const why = window.length >= MAX_HEAD_BYTES ? `header block larger than ${MAX_HEAD_BYTES / 1024} KiB` : 'the stream ends inside the header block';
      out.push(broken(stream, src, kind, pos, latin1(window, 0, Math.min(window.length, 200)).split(/\r?\n/)[0], why));
      break;
    }
    const start = pos + leadingBlank(window);
    const m = newMessage(kind, direction, head.startLine, head.headers, start, pos + head.length);
    if (kind === 'request') {
      const r = parseRequestLine(head.startLine);
      if (!r) {
        if (out.length === 0) break;
        m.error = 'not an HTTP request line';
      } else Object.assign(m, r);
    } else {
      const r = parseStatusLine(head.startLine);
      if (!r) {
        if (out.length === 0) break;
        m.error = 'not an HTTP status line';
      } else Object.assign(m, r);
    }
    let stop = !!m.error;
    if (!stop) {
      const method = kind === 'response' ? methodOf?.(finals) : undefined;
      const framing = kind === 'request' ? requestFraming(m) : responseFraming(m, method);
      if (typeof framing === 'string') {
        m.error = framing;
        stop = true;
      } else {
        readBody(src, m, framing);
        if (m.error || m.body.truncated) stop = true;
        // After a 101 or a CONNECT tunnel the bytes belong to another protocol.
        if (kind === 'response' && (m.status === 101 || (method === 'CONNECT' && m.status! >= 200 && m.status! < 300))) stop = true;
      }
      if (kind === 'response' && !(m.status! >= 100 && m.status! < 200)) finals++;
    }
    finish(stream, src, m);
    out.push(m);
    if (stop) break;
    pos = m.end;
  }
  return out;
}

function newMessage(
  kind: 'request' | 'response',
  direction: number,
  startLine: string,
  headers: HttpHeader[],
  offset: number,
  bodyOffset: number,
): HttpMessage {
  return {
    kind,
    direction,
    startLine,
    version: '',
    headers,
    trailers: [],
    offset,
    bodyOffset,
    end: bodyOffset,
    firstPacket: -1,
    lastPacket: -1,
    body: { framing: 'none', pieces: [], size: 0, truncated: false, contentEncoding: [] },
    missing: false,
  };
}

function broken(stream: FollowStream, src: DirectionBytes, kind: 'request' | 'response', pos: number, line: string, why: string): HttpMessage {
  const m = newMessage(kind, src.direction, line, [], pos, src.total);
  m.error = why;
  m.body.truncated = true;
  finish(stream, src, m);
  return m;
}

/** The body length a framing promises: a number of bytes, chunked, until close, or none; a string is why it is unusable. */
type Framing = { framing: BodyFraming; length: number };

/** RFC 9112 §6.3 for a request: Transfer-Encoding (chunked last), else Content-Length, else no body. */
function requestFraming(m: HttpMessage): Framing | string {
  const te = headerList(m, 'transfer-encoding');
  if (te.length)
    return te[te.length - 1].toLowerCase() === 'chunked' ? { framing: 'chunked', length: 0 } : 'Transfer-Encoding of a request does not end in chunked';
  return contentLength(m) ?? { framing: 'none', length: 0 };
}

/** RFC 9112 §6.3 for a response to `method`. */
function responseFraming(m: HttpMessage, method: string | undefined): Framing | string {
  const status = m.status!;
  if (method === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 304) return { framing: 'none', length: 0 };
  if (method === 'CONNECT' && status >= 200 && status < 300) return { framing: 'none', length: 0 };
  const te = headerList(m, 'transfer-encoding');
  if (te.length) return { framing: te[te.length - 1].toLowerCase() === 'chunked' ? 'chunked' : 'close', length: 0 };
  return contentLength(m) ?? { framing: 'close', length: 0 };
}

/** Content-Length: one value (a list of equal values is one, §6.3 rule 5); undefined without one. */
function contentLength(m: HttpMessage): Framing | string | undefined {
  const values = headerList(m, 'content-length');
  if (!values.length) return undefined;
  if (values.some((v) => v !== values[0])) return `conflicting Content-Length values (${values.join(', ')})`;
  if (!/^\d{1,16}$/.test(values[0]) || Number(values[0]) > MAX_LENGTH) return `invalid Content-Length "${values[0].slice(0, 40)}"`;
  return { framing: 'length', length: Number(values[0]) };
}

function readBody(src: DirectionBytes, m: HttpMessage, f: Framing): void {
  const body = m.body;
  body.framing = f.framing;
  body.contentEncoding = headerList(m, 'content-encoding').map((c) => c.toLowerCase());
  const from = m.bodyOffset;
  if (f.framing === 'none') m.end = from;
  else if (f.framing === 'length') {
    const have = Math.min(f.length, src.total - from);
    addPiece(body, from, have);
    body.truncated = have < f.length;
    m.end = from + have;
  } else if (f.framing === 'close') {
    addPiece(body, from, src.total - from);
    m.end = src.total;
  } else readChunked(src, m);
}

function addPiece(body: HttpBody, offset: number, length: number): void {
  if (length <= 0) return;
  const n = body.pieces.length;
  // Adjacent pieces (never in chunked framing, where CRLFs separate them) would merge.
  if (n && body.pieces[n - 2] + body.pieces[n - 1] === offset) body.pieces[n - 1] += length;
  else body.pieces.push(offset, length);
  body.size += length;
}

/** RFC 9112 §7.1: chunk-size [; ext] CRLF data CRLF ... 0 CRLF trailers CRLF. */
function readChunked(src: DirectionBytes, m: HttpMessage): void {
  const body = m.body;
  let p = m.bodyOffset;
  for (;;) {
    const line = readLine(src, p, MAX_CHUNK_LINE);
    if (line === 'incomplete') return endTruncated(src, m);
    if (line === 'too long') return fail(m, p, `chunk-size line longer than ${MAX_CHUNK_LINE} bytes`);
    const size = /^([0-9A-Fa-f]{1,13})[ \t]*(;.*)?$/.exec(line.text);
    if (!size) return fail(m, p, `invalid chunk size "${line.text.slice(0, 40)}"`);
    const n = parseInt(size[1], 16);
    p = line.next;
    if (n === 0) break;
    if (body.pieces.length >= 2 * MAX_PIECES) return fail(m, p, `more than ${MAX_PIECES} chunks`);
    const have = Math.min(n, src.total - p);
    addPiece(body, p, have);
    if (have < n) return endTruncated(src, m);
    p += n;
    const crlf = readLine(src, p, 2);
    if (crlf === 'incomplete') return endTruncated(src, m);
    if (crlf === 'too long' || crlf.text !== '') return fail(m, p, 'chunk data not followed by CRLF');
    p = crlf.next;
  }
  // Trailer fields, then the empty line that ends the message.
  let budget = MAX_HEAD_BYTES;
  for (;;) {
    const line = readLine(src, p, Math.min(budget, MAX_CHUNK_LINE * 4));
    if (line === 'incomplete') return endTruncated(src, m);
    if (line === 'too long') return fail(m, p, 'trailer section too large');
    budget -= line.next - p;
    p = line.next;
    if (line.text === '') break;
    const colon = line.text.indexOf(':');
    if (colon > 0) m.trailers.push({ name: line.text.slice(0, colon).trim(), value: line.text.slice(colon + 1).trim() });
  }
  m.end = p;
}

function endTruncated(src: DirectionBytes, m: HttpMessage): void {
  m.body.truncated = true;
  m.end = src.total;
}

function fail(m: HttpMessage, at: number, why: string): void {
  m.error = `${why} at byte ${at} of the ${m.kind === 'request' ? 'client' : 'server'}'s stream`;
  m.end = at;
}

/** The line at `from` (without its CRLF or LF) and where the next begins. */
function readLine(src: DirectionBytes, from: number, max: number): { text: string; next: number } | 'incomplete' | 'too long' {
  const bytes = src.read(from, from + max + 2);
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return bytes.length >= max + 2 ? 'too long' : 'incomplete';
  const end = nl > 0 && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
  return { text: latin1(bytes, 0, end), next: from + nl + 1 };
}

/** First/last packet and whether a gap of missing bytes falls inside the message. */
function finish(stream: FollowStream, src: DirectionBytes, m: HttpMessage): void {
  const first = chunkAt(stream, src.direction, m.offset);
  const last = chunkAt(stream, src.direction, Math.max(m.offset, m.end - 1));
  m.firstPacket = first >= 0 ? stream.chunks.packet[first] : -1;
  m.lastPacket = last >= 0 ? stream.chunks.packet[last] : m.firstPacket;
  const c = stream.chunks;
  const list = c.ofDirection(src.direction);
  // The first chunk starting after the message's first byte, by binary search: a gap there is inside it.
  let lo = 0,
    hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.offset[list[mid]] <= m.offset) lo = mid + 1;
    else hi = mid;
  }
  for (let j = lo; j < list.length && c.offset[list[j]] < m.end; j++) {
    if (c.isGap(list[j])) {
      m.missing = true;
      break;
    }
  }
}

function leadingBlank(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  return i;
}

function isBlank(bytes: Uint8Array): boolean {
  return leadingBlank(bytes) === bytes.length;
}

/** Whether the bytes could start a request line ("GET /…") or a status line ("HTTP/1."). */
function looksLikeStart(bytes: Uint8Array, kind: 'request' | 'response'): boolean {
  const head = latin1(bytes, leadingBlank(bytes), Math.min(bytes.length, leadingBlank(bytes) + 16));
  return kind === 'response' ? head.startsWith('HTTP/1.') : /^[A-Z]{3,10} \S/.test(head);
}
