import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';

/** ARP (RFC 826). Only Ethernet/IPv4 ARP has addresses we can show; others keep the opcode. */
export function decodeArp(view: DataView, off: number, end: number, f: PacketFields): void {
  f.proto = ProtoCode.Arp;
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return;
  }
  f.arpOp = view.getUint16(off + 6);
  const hlen = view.getUint8(off + 4);
  const plen = view.getUint8(off + 5);
  if (off + 8 + 2 * (hlen + plen) > end) f.malformed |= MALFORMED_TRUNCATED;
}

/** Offsets of the four ARP addresses, for the Info column and the detail tree. */
export function arpAddressOffsets(view: DataView, off: number, end: number): { sha: number; spa: number; tha: number; tpa: number; hlen: number; plen: number } | undefined {
  if (end - off < 8) return undefined;
  const hlen = view.getUint8(off + 4);
  const plen = view.getUint8(off + 5);
  if (off + 8 + 2 * (hlen + plen) > end) return undefined;
  const sha = off + 8;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  return { sha, spa, tha, tpa, hlen, plen };
}
