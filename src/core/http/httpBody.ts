import type { FollowStream } from '../follow/followStream';
import { readDirection } from '../follow/streamReader';
import type { DecodedContent } from './contentDecoding';
import { MAX_DECODED_BYTES, decodeContent } from './contentDecoding';
import type { HttpMessage } from './httpMessage';

/**
 * Bytes [from, to) of a message's body as sent (de-chunked, still content-coded), read from the
 * capture piece by piece: a window of a large body, not the whole body.
 */
export function readRawBody(stream: FollowStream, m: HttpMessage, from: number, to: number): Uint8Array {
  to = Math.min(to, m.body.size);
  if (from >= to) return new Uint8Array(0);
  const out = new Uint8Array(to - from);
  const p = m.body.pieces;
  let at = 0;
  let filled = 0;
  for (let k = 0; k < p.length && filled < out.length; k += 2) {
    const len = p[k + 1];
    if (at + len > from + filled) {
      const skip = from + filled - at;
      const take = Math.min(len - skip, out.length - filled);
      out.set(readDirection(stream, m.direction, p[k] + skip, p[k] + skip + take), filled);
      filled += take;
    }
    at += len;
  }
  return out;
}

/** Whether the body needs decoding before it is what the sender meant (a coding other than identity). */
export function isContentCoded(m: HttpMessage): boolean {
  return m.body.contentEncoding.some((c) => c !== 'identity');
}

/**
 * The body as the sender meant it: de-chunked and its content codings undone. A body with a
 * coding must be read whole to be decoded (capped by MAX_DECODED_BYTES); a body that cannot be
 * decoded gives an error, never a throw.
 */
export function decodedBody(stream: FollowStream, m: HttpMessage, maxOutput = MAX_DECODED_BYTES): DecodedContent {
  if (m.body.size > maxOutput) return { error: `the body is larger than ${maxOutput} bytes` };
  const raw = readRawBody(stream, m, 0, m.body.size);
  if (!isContentCoded(m)) return { bytes: raw };
  if (m.body.truncated) {
    const decoded = decodeContent(m.body.contentEncoding, raw, maxOutput);
    return decoded.error ? { error: `${decoded.error} (the capture holds only ${m.body.size} bytes of the body)` } : decoded;
  }
  return decodeContent(m.body.contentEncoding, raw, maxOutput);
}
