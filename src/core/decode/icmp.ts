import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';

/** ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code; the detail tree decodes the rest. */
export function decodeIcmp(view: DataView, off: number, end: number, f: PacketFields, v6: boolean): void {
  f.proto = v6 ? ProtoCode.Icmpv6 : ProtoCode.Icmp;
  if (end - off < 4) {
    f.malformed |= MALFORMED_TRUNCATED;
    return;
  }
  f.icmpType = view.getUint8(off);
  f.icmpCode = view.getUint8(off + 1);
}
