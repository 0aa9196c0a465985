import {
  FLAG_END_HEADERS,
  FRAME_CONTINUATION,
  FRAME_DATA,
  FRAME_HEADERS,
  FRAME_PUSH_PROMISE,
  FRAME_TYPE_NAMES,
  splitFrames,
  startsWithPreface,
} from './frames';
import type { HpackField } from './hpack';
import { HpackDecoder } from './hpack';

/** One HTTP/2 frame as the views show it, read once: its header, and for a header block its decoded fields. */
export interface Http2FrameView {
  type: number;
  flags: number;
  streamId: number;
  /** The frame's payload length (its header's Length field). */
  length: number;
  /** Where the frame starts in its direction's plaintext, counted across chunks. */
  offset: number;
  /** For the frame that ends a header block (END_HEADERS): the block's fields, or why it could not be decoded. */
  headers?: HpackField[];
  headerError?: string;
  /** A DATA frame's data length (padding excluded). */
  dataLength?: number;
  /** The frame's own damage (padding longer than the frame). */
  error?: string;
}

/** What one chunk (a decrypted record) of a direction carries: the frames that end in it, and the client preface if it starts there. */
export interface Http2Chunk {
  preface: boolean;
  frames: Http2FrameView[];
  /** Its Info text (http2Info), empty when no frame ends in it. */
  info: string;
  /** Where the chunk starts in its direction's plaintext (frame offsets count from the direction's start). */
  start: number;
}

/**
 * One direction of an HTTP/2 connection, from its plaintext chunks in order (the application data
 * of each decrypted TLS record): the frames, each given to the chunk it ends in, and the header
 * blocks decoded in order through this direction's one HPACK context (RFC 7541 §2.2), which is why
 * this runs over a whole direction at once and never over one record alone. A frame cut by the end
 * of what was captured or decrypted is left out.
 */
export function http2Direction(chunks: readonly Uint8Array[]): Http2Chunk[] {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  const ends: number[] = [];
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
    ends.push(at);
  }
  const out: Http2Chunk[] = chunks.map((c, k) => ({ preface: false, frames: [], info: '', start: ends[k] - c.length }));
  if (!chunks.length) return out;
  if (startsWithPreface(bytes)) out[0].preface = true;
  const hpack = new HpackDecoder();
  let block: number[] | undefined;
  let k = 0;
  for (const f of splitFrames(bytes).frames) {
    while (k < ends.length - 1 && f.end > ends[k]) k++;
    const view: Http2FrameView = { type: f.type, flags: f.flags, streamId: f.streamId, length: f.end - f.start - 9, offset: f.start };
    if (f.error) view.error = f.error;
    if (f.type === FRAME_DATA) view.dataLength = f.contentEnd - f.contentStart;
    if (f.type === FRAME_HEADERS || f.type === FRAME_PUSH_PROMISE || (f.type === FRAME_CONTINUATION && block)) {
      if (f.type !== FRAME_CONTINUATION) block = [];
      for (let i = f.contentStart; i < f.contentEnd; i++) block!.push(bytes[i]);
      if (f.flags & FLAG_END_HEADERS) {
        const r = hpack.decode(Uint8Array.from(block!));
        view.headers = r.fields;
        if (r.error) view.headerError = r.error;
        block = undefined;
      }
    }
    out[k].frames.push(view);
  }
  // A DATA frame's Info names the content-type its stream's headers gave earlier in this direction.
  const contentTypes = new Map<number, string>();
  for (const c of out) c.info = http2Info(c, contentTypes);
  return out;
}

/** RFC 9110 reason phrases for the status codes seen most, as tshark writes them after the code. */
const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function headerValue(frame: Http2FrameView, name: string): string | undefined {
  return frame.headers?.find((h) => h.name === name)?.value;
}

/**
 * The Info text of a chunk's frames (set on each chunk by http2Direction), as tshark writes it: "Magic, SETTINGS[0], WINDOW_UPDATE[0]",
 * "HEADERS[1]: GET /index.html", "HEADERS[1]: 200 OK, DATA[1] (text/plain)". `contentTypes` maps a
 * stream to the content-type its headers in this direction gave (kept across chunks by the caller).
 */
function http2Info(chunk: Http2Chunk, contentTypes: Map<number, string>): string {
  const parts: string[] = chunk.preface ? ['Magic'] : [];
  for (const f of chunk.frames) {
    const name = `${FRAME_TYPE_NAMES[f.type] ?? `Unknown type (${f.type})`}[${f.streamId}]`;
    if (f.headers) {
      const type = headerValue(f, 'content-type');
      if (type !== undefined) contentTypes.set(f.streamId, type);
      const status = headerValue(f, ':status');
      const method = headerValue(f, ':method');
      if (status !== undefined) parts.push(`${name}: ${status}${REASONS[Number(status)] ? ` ${REASONS[Number(status)]}` : ''}`);
      else if (method !== undefined) parts.push(`${name}: ${method} ${headerValue(f, ':path') ?? ''}`.trimEnd());
      else parts.push(name);
    } else if (f.type === FRAME_DATA && contentTypes.has(f.streamId)) parts.push(`${name} (${contentTypes.get(f.streamId)})`);
    else parts.push(name);
  }
  return parts.join(', ');
}
