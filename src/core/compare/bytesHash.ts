/** Bytes hashed at each end of a longer payload: rewrites (ALGs, proxies, injected markers) sit in headers, near the start. */
const EDGE = 128;

/**
 * A 32-bit hash of a payload of `length` bytes of which `captured` are at `from` (the length is part
 * of the hash: a payload cut by the snap length never equals a whole one). A payload longer than
 * 256 bytes is hashed by its first and last 128 bytes only: hashing every byte of two 1 GB captures
 * cost more than all the rest of a comparison, and a change in the middle of a segment that leaves
 * both ends alone is not what middleboxes do. Word at a time with murmur3's mix.
 */
export function bytesHash(view: DataView, from: number, captured: number, length: number): number {
  let h = (0x9747b28c ^ length) >>> 0;
  const end = from + captured;
  if (captured > 2 * EDGE) {
    h = mixRange(view, from, from + EDGE, h);
    h = mixRange(view, end - EDGE, end, h);
  } else h = mixRange(view, from, end, h);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  // 0 means "no payload" in PacketFacts.hash.
  return h >>> 0 || 1;
}

function mixRange(view: DataView, at: number, end: number, h: number): number {
  for (; at + 4 <= end; at += 4) {
    h = Math.imul(h ^ view.getUint32(at), 0x5bd1e995);
    h ^= h >>> 15;
  }
  for (; at < end; at++) h = Math.imul(h ^ view.getUint8(at), 0x01000193);
  return h;
}
