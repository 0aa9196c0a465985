import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { ipv4Text, macText } from './addressText';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TreeContext } from './layer';

/** IANA ARP hardware types the tree names (Wireshark's arp_hrd_vals for the ones in captures here). */
const HARDWARE_TYPES: Record<number, string> = { 1: 'Ethernet', 6: 'IEEE 802 Networks', 7: 'ARCNET', 15: 'Frame Relay', 16: 'ATM', 32: 'InfiniBand' };

/** ARP (RFC 826). Only Ethernet/IPv4 ARP has addresses we can show; others keep the opcode. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Arp;
  f.netOff = off;
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.arpOp = view.getUint16(off + 6);
  const hlen = view.getUint8(off + 4);
  const plen = view.getUint8(off + 5);
  if (off + 8 + 2 * (hlen + plen) > end) f.malformed |= MALFORMED_TRUNCATED;
  return -1;
}

/** Offsets of the four ARP addresses, for the Info column and the detail tree. */
export function arpAddressOffsets(
  view: DataView,
  off: number,
  end: number,
): { sha: number; spa: number; tha: number; tpa: number; hlen: number; plen: number } | undefined {
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

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  if (end <= off) return [];
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('arp', 'Address Resolution Protocol', off, end, (n) => {
    n.add('arp.hw.type', `Hardware type: ${HARDWARE_TYPES[r.u16(off)] ?? 'Other'} (${r.u16(off)})`, off, 2, r.u16(off));
    n.add(
      'arp.proto.type',
      `Protocol type: 0x${r
        .u16(off + 2)
        .toString(16)
        .padStart(4, '0')}`,
      off + 2,
      2,
      r.u16(off + 2),
    );
    n.add('arp.hw.size', `Hardware size: ${r.u8(off + 4)}`, off + 4, 1, r.u8(off + 4));
    n.add('arp.proto.size', `Protocol size: ${r.u8(off + 5)}`, off + 5, 1, r.u8(off + 5));
    const op = r.u16(off + 6);
    n.add('arp.opcode', `Opcode: ${op === 1 ? 'request' : op === 2 ? 'reply' : 'other'} (${op})`, off + 6, 2, op);
    const a = arpAddressOffsets(c.view, off, end);
    if (a && a.hlen === 6 && a.plen === 4) {
      const mac = (at: number) => macText(r.u16(at) * 0x100000000 + r.u32(at + 2));
      n.add('arp.src.hw_mac', `Sender MAC address: ${mac(a.sha)}`, a.sha, 6, mac(a.sha));
      n.add('arp.src.proto_ipv4', `Sender IP address: ${ipv4Text(r.u32(a.spa))}`, a.spa, 4, ipv4Text(r.u32(a.spa)));
      n.add('arp.dst.hw_mac', `Target MAC address: ${mac(a.tha)}`, a.tha, 6, mac(a.tha));
      n.add('arp.dst.proto_ipv4', `Target IP address: ${ipv4Text(r.u32(a.tpa))}`, a.tpa, 4, ipv4Text(r.u32(a.tpa)));
    } else if (a && a.plen === 4) {
      // Another hardware address size (ARCNET's one-byte station id): its bytes in hex, as Wireshark's arp.src.hw.
      const hw = (at: number) => {
        r.need(at, a.hlen);
        let t = '';
        for (let k = 0; k < a.hlen; k++) t += c.bytes[at + k].toString(16).padStart(2, '0');
        return t;
      };
      n.add('arp.src.hw', `Sender hardware address: ${hw(a.sha)}`, a.sha, a.hlen, hw(a.sha));
      n.add('arp.src.proto_ipv4', `Sender IP address: ${ipv4Text(r.u32(a.spa))}`, a.spa, 4, ipv4Text(r.u32(a.spa)));
      n.add('arp.dst.hw', `Target hardware address: ${hw(a.tha)}`, a.tha, a.hlen, hw(a.tha));
      n.add('arp.dst.proto_ipv4', `Target IP address: ${ipv4Text(r.u32(a.tpa))}`, a.tpa, 4, ipv4Text(r.u32(a.tpa)));
    } else if (!a) n.problem('arp.malformed', 'ARP addresses truncated', off + 8, Math.max(0, end - off - 8));
    return layer('arp', `Address Resolution Protocol (${op === 1 ? 'request' : op === 2 ? 'reply' : op})`, off, end - off, n.nodes);
  });
  return node ? [node] : [];
}

export const arpLayer: Layer = { name: 'arp', decode, tree };
