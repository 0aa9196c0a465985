/** RFC 9113 §3.4: what a client sends first on an HTTP/2 connection. */
export const CLIENT_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/** RFC 9113 §6 frame types, by their code. */
export const FRAME_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'DATA',
  1: 'HEADERS',
  2: 'PRIORITY',
  3: 'RST_STREAM',
  4: 'SETTINGS',
  5: 'PUSH_PROMISE',
  6: 'PING',
  7: 'GOAWAY',
  8: 'WINDOW_UPDATE',
  9: 'CONTINUATION',
};

export const FRAME_DATA = 0,
  FRAME_HEADERS = 1,
  FRAME_PUSH_PROMISE = 5,
  FRAME_CONTINUATION = 9;
export const FLAG_END_STREAM = 0x1,
  FLAG_END_HEADERS = 0x4,
  FLAG_PADDED = 0x8,
  FLAG_PRIORITY = 0x20;

/** The 9-byte frame header: its length counts the payload only. */
const FRAME_HEADER = 9;

export interface Http2Frame {
  type: number;
  flags: number;
  streamId: number;
  /** Offset of the frame header in the byte stream, and of its payload's end. */
  start: number;
  end: number;
  /** The payload without padding and priority fields: a DATA frame's data, a HEADERS frame's header block fragment. */
  contentStart: number;
  contentEnd: number;
  /** Why the frame is malformed (padding longer than the frame), if it is. */
  error?: string;
}

/**
 * Splits one direction of an HTTP/2 connection (the client's preface skipped) into frames.
 * Stops at a frame that runs past the end of the bytes (the rest of the stream was not captured or
 * not decrypted): `rest` is where it starts.
 */
export function splitFrames(bytes: Uint8Array, from = 0): { frames: Http2Frame[]; rest: number } {
  let at = from;
  if (startsWithPreface(bytes, at)) at += CLIENT_PREFACE.length;
  const frames: Http2Frame[] = [];
  while (at + FRAME_HEADER <= bytes.length) {
    const length = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
    const end = at + FRAME_HEADER + length;
    if (end > bytes.length) break;
    const type = bytes[at + 3],
      flags = bytes[at + 4];
    const streamId = ((bytes[at + 5] & 0x7f) << 24) | (bytes[at + 6] << 16) | (bytes[at + 7] << 8) | bytes[at + 8];
    const frame: Http2Frame = { type, flags, streamId, start: at, end, contentStart: at + FRAME_HEADER, contentEnd: end };
    trimPaddingAndPriority(bytes, frame);
    frames.push(frame);
    at = end;
  }
  return { frames, rest: at };
}

export function startsWithPreface(bytes: Uint8Array, at = 0): boolean {
  if (at + CLIENT_PREFACE.length > bytes.length) return false;
  for (let k = 0; k < CLIENT_PREFACE.length; k++) if (bytes[at + k] !== CLIENT_PREFACE.charCodeAt(k)) return false;
  return true;
}

/** RFC 9113 §6.1, §6.2, §6.6: the Pad Length byte and padding, HEADERS' priority fields, PUSH_PROMISE's promised stream. */
function trimPaddingAndPriority(bytes: Uint8Array, f: Http2Frame): void {
  const padded = (f.type === FRAME_DATA || f.type === FRAME_HEADERS || f.type === FRAME_PUSH_PROMISE) && (f.flags & FLAG_PADDED) !== 0;
  let start = f.contentStart;
  let end = f.contentEnd;
  if (padded) {
    if (start >= end) return void (f.error = 'PADDED frame without its Pad Length');
    end -= bytes[start];
    start += 1;
  }
  if (f.type === FRAME_HEADERS && f.flags & FLAG_PRIORITY) start += 5;
  if (f.type === FRAME_PUSH_PROMISE) start += 4;
  if (start > end) return void (f.error = 'padding or priority fields longer than the frame (PROTOCOL_ERROR)');
  [f.contentStart, f.contentEnd] = [start, end];
}
