import type { FollowStream } from './followStream';
import { payloadBytes } from './payloadBytes';

/** The bytes of one chunk (empty for a gap), read from the capture now. */
export function chunkBytes(s: FollowStream, k: number): Uint8Array {
  const c = s.chunks;
  if (c.isGap(k) || c.length[k] === 0) return new Uint8Array(0);
  if (s.payload) return s.payload(k);
  const start = c.start[k];
  return payloadBytes(s.capture, c.packet[k]).bytes.subarray(start, start + c.length[k]);
}

/** The chunk of `direction` holding byte `offset` of that direction's stream, or -1 past the end. */
export function chunkAt(s: FollowStream, direction: number, offset: number): number {
  const c = s.chunks;
  const list = c.ofDirection(direction);
  // The last chunk starting at or before the offset; gaps and empty chunks share their successor's offset.
  let lo = 0,
    hi = list.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c.offset[list[mid]] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let m = found; m >= 0; m--) {
    const k = list[m];
    if (offset < c.offset[k] + c.length[k]) return k;
    if (c.length[k] > 0) return -1;
  }
  return -1;
}

/**
 * Bytes [from, to) of one direction's reassembled stream, read from the capture chunk by chunk:
 * only the packets in the window are touched, so a 1 GB stream is read a window at a time.
 */
export function readDirection(s: FollowStream, direction: number, from: number, to: number): Uint8Array {
  const end = Math.min(to, s.chunks.bytes[direction]);
  if (from >= end) return new Uint8Array(0);
  const out = new Uint8Array(end - from);
  const c = s.chunks;
  let k = chunkAt(s, direction, from);
  let filled = 0;
  for (; k >= 0 && k < c.count && filled < out.length; k++) {
    if (c.direction[k] !== direction || c.length[k] === 0) continue;
    const bytes = chunkBytes(s, k);
    const skip = Math.max(0, from + filled - c.offset[k]);
    const take = Math.min(bytes.length - skip, out.length - filled);
    out.set(bytes.subarray(skip, skip + take), filled);
    filled += take;
  }
  return out;
}
