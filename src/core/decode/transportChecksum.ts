import type { PacketFields } from './fields';
import { IPPROTO_TCP, IPPROTO_UDP } from './fields';

/** RFC 1071 one's-complement sum of bytes [start, end), 32 bits at a time, not yet folded. */
function onesSum(view: DataView, start: number, end: number, sum: number): number {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const w = view.getUint32(i);
    sum += (w >>> 16) + (w & 0xffff);
  }
  if (i + 2 <= end) {
    sum += view.getUint16(i);
    i += 2;
  }
  if (i < end) sum += view.getUint8(i) << 8;
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

export const enum ChecksumVerdict {
  Good = 0,
  /** The IPv4 header checksum is wrong. */
  BadIp = 1,
  /** The TCP or UDP checksum is wrong. */
  BadTransport = 2,
  /** Not all of the segment was captured (or it is a fragment): nothing to say about it. */
  Unverified = 3,
}

/**
 * Checks a decoded packet's IPv4 header checksum and its TCP or UDP checksum over the RFC 9293 §3.1 /
 * RFC 768 pseudo-header (RFC 8200 §8.1 for IPv6). `end` is where the captured bytes stop. Like
 * Zeek, a UDP checksum of 0 over IPv4 means "none", and a segment not captured in full is not judged.
 */
export function verifyChecksums(view: DataView, end: number, f: PacketFields): ChecksumVerdict {
  if (f.ipVersion === 4) {
    const ipOff = f.srcOff - 12;
    const ihl = (view.getUint8(ipOff) & 0x0f) * 4;
    if (ipOff + ihl > end || fold(onesSum(view, ipOff, ipOff + ihl, 0)) !== 0xffff) return ChecksumVerdict.BadIp;
  } else if (f.ipVersion !== 6) return ChecksumVerdict.Unverified;
  if (f.fragOffset >= 0 || f.l4Off < 0 || f.l4Off + f.l4Len > end) return ChecksumVerdict.Unverified;
  if (f.ipProto !== IPPROTO_TCP && f.ipProto !== IPPROTO_UDP) return ChecksumVerdict.Unverified;
  if (f.ipProto === IPPROTO_UDP && f.ipVersion === 4 && f.l4Len >= 8 && view.getUint16(f.l4Off + 6) === 0) return ChecksumVerdict.Good;
  const addr = f.ipVersion === 4 ? 4 : 16;
  let sum = onesSum(view, f.srcOff, f.srcOff + addr, 0);
  sum = onesSum(view, f.dstOff, f.dstOff + addr, sum);
  sum += f.ipProto + (f.l4Len & 0xffff) + Math.floor(f.l4Len / 0x10000);
  sum = onesSum(view, f.l4Off, f.l4Off + f.l4Len, sum);
  return fold(sum) === 0xffff ? ChecksumVerdict.Good : ChecksumVerdict.BadTransport;
}
