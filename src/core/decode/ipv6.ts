import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';

// Extension headers that share the (next header, length in 8-octet units) layout (RFC 8200 §4).
const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTH = 51;
const DEST_OPTIONS = 60;
const MOBILITY = 135;
const NO_NEXT = 59;

export function isIpv6ExtensionHeader(nh: number): boolean {
  return nh === HOP_BY_HOP || nh === ROUTING || nh === FRAGMENT || nh === AUTH || nh === DEST_OPTIONS || nh === MOBILITY;
}

/** Length in bytes of the extension header at `at` whose type is `nh`. */
export function ipv6ExtensionLength(view: DataView, at: number, nh: number): number {
  if (nh === FRAGMENT) return 8;
  // AH counts 4-octet units minus 2 (RFC 4302 §2.2); the others 8-octet units minus 1.
  const len = view.getUint8(at + 1);
  return nh === AUTH ? (len + 2) * 4 : (len + 1) * 8;
}

/** IPv6 header and extension-header chain. Returns the transport offset or -1. */
export function decodeIpv6(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.IPv6;
  if (end - off < 40) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (view.getUint8(off) >> 4 !== 6) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  f.ipVersion = 6;
  const payloadLen = view.getUint16(off + 4);
  f.ttl = view.getUint8(off + 7);
  f.srcOff = off + 8;
  f.dstOff = off + 24;
  const payloadEnd = off + 40 + payloadLen;
  f.l4End = Math.min(end, payloadEnd);
  let nh = view.getUint8(off + 6);
  let at = off + 40;
  while (isIpv6ExtensionHeader(nh)) {
    if (f.l4End - at < 8) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    const len = ipv6ExtensionLength(view, at, nh);
    if (nh === FRAGMENT) {
      const fo = view.getUint16(at + 2);
      f.fragOffset = fo & 0xfff8;
      f.moreFragments = (fo & 1) !== 0;
      f.ipId = view.getUint32(at + 4);
      if (f.fragOffset === 0 && !f.moreFragments) f.fragOffset = -1; // atomic fragment (RFC 6946)
    }
    nh = view.getUint8(at);
    at += len;
  }
  f.ipProto = nh;
  f.l4Off = at;
  f.l4Len = Math.max(0, payloadEnd - at);
  if (nh === NO_NEXT || at > f.l4End) return -1;
  return f.fragOffset >= 0 ? -1 : at;
}
