/**
 * A 32-bit hash of `captured` bytes at `from` that stand for a payload of `length` bytes (the
 * length is part of the hash: a payload cut by the snap length never equals a whole one). Word at a
 * time with a multiply-xorshift mix (murmur3's finaliser): cheap enough for every packet of a
 * million-packet capture, and two different payloads of one connection colliding is a 1-in-4-billion
 * event that would only make the engine call a rewritten packet unchanged.
 */
export function bytesHash(view: DataView, from: number, captured: number, length: number): number {
  let h = (0x9747b28c ^ length) >>> 0;
  let at = from;
  const end = from + captured;
  for (; at + 4 <= end; at += 4) {
    h = Math.imul(h ^ view.getUint32(at), 0x5bd1e995);
    h ^= h >>> 15;
  }
  for (; at < end; at++) h = Math.imul(h ^ view.getUint8(at), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  // 0 means "no payload" in PacketFacts.hash.
  return h >>> 0 || 1;
}
