import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';

/**
 * IPv4 header (RFC 791). Sets addresses, protocol and the transport window.
 * Returns the transport offset, or -1 when there is no transport header to
 * decode (malformed, or a non-first fragment).
 */
export function decodeIpv4(view: DataView, off: number, end: number, origEnd: number, f: PacketFields): number {
  f.proto = ProtoCode.IPv4;
  if (end - off < 20) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const vihl = view.getUint8(off);
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  let totalLen = view.getUint16(off + 2);
  // A zero total length is what TSO/GSO captures show: the length is the frame's.
  if (totalLen === 0) totalLen = origEnd - off;
  if (totalLen < ihl) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  if (end - off < ihl) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.ipId = view.getUint16(off + 4);
  const frag = view.getUint16(off + 6);
  f.moreFragments = (frag & 0x2000) !== 0;
  const fragOffset = (frag & 0x1fff) * 8;
  if (f.moreFragments || fragOffset > 0) f.fragOffset = fragOffset;
  f.ttl = view.getUint8(off + 8);
  f.ipProto = view.getUint8(off + 9);
  f.ipVersion = 4;
  f.srcOff = off + 12;
  f.dstOff = off + 16;
  f.l4Off = off + ihl;
  f.l4Len = totalLen - ihl;
  f.l4End = Math.min(end, off + totalLen);
  // Like Wireshark with reassembly on, a fragment's transport header is not dissected on its own.
  return f.fragOffset >= 0 ? -1 : f.l4Off;
}

/** RFC 1071 one's-complement sum of the IPv4 header; 0 means the checksum is correct. */
export function ipv4HeaderChecksum(bytes: Uint8Array, off: number, ihl: number): number {
  let sum = 0;
  for (let i = 0; i < ihl; i += 2) sum += (bytes[off + i] << 8) | bytes[off + i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
