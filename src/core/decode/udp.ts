import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';

/** UDP header (RFC 768). */
export function decodeUdp(view: DataView, off: number, end: number, f: PacketFields): void {
  f.proto = ProtoCode.Udp;
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return;
  }
  f.sport = view.getUint16(off);
  f.dport = view.getUint16(off + 2);
  const len = view.getUint16(off + 4);
  // Length 0 is legal for IPv6 jumbograms (RFC 2675); otherwise it must cover the header.
  const declared = len === 0 ? f.l4Len : len;
  if (declared < 8) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return;
  }
  f.payloadLen = declared - 8;
  f.payloadOff = off + 8;
}
