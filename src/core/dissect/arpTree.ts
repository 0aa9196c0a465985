import { arpAddressOffsets } from '../decode/arp';
import { ipv4Text, macText } from '../decode/addressText';
import type { DetailNode } from './detailNode';
import { layer, NodeList } from './detailNode';
import { FieldReader, withinCaptured } from './fieldReader';

export function arpTree(view: DataView, off: number, end: number): DetailNode | undefined {
  if (end <= off) return undefined;
  const r = new FieldReader(view, end);
  return withinCaptured('arp', 'Address Resolution Protocol', off, end, (n) => arpFields(r, n, off, end));
}

function arpFields(r: FieldReader, n: NodeList, off: number, end: number): DetailNode {
  const view = r.view;
  n.add('arp.hw.type', `Hardware type: ${r.u16(off) === 1 ? 'Ethernet' : 'Other'} (${r.u16(off)})`, off, 2, r.u16(off));
  n.add('arp.proto.type', `Protocol type: 0x${r.u16(off + 2).toString(16).padStart(4, '0')}`, off + 2, 2, r.u16(off + 2));
  n.add('arp.hw.size', `Hardware size: ${r.u8(off + 4)}`, off + 4, 1, r.u8(off + 4));
  n.add('arp.proto.size', `Protocol size: ${r.u8(off + 5)}`, off + 5, 1, r.u8(off + 5));
  const op = r.u16(off + 6);
  n.add('arp.opcode', `Opcode: ${op === 1 ? 'request' : op === 2 ? 'reply' : 'other'} (${op})`, off + 6, 2, op);
  const a = arpAddressOffsets(view, off, end);
  if (a && a.hlen === 6 && a.plen === 4) {
    const mac = (at: number) => macText(r.u16(at) * 0x100000000 + r.u32(at + 2));
    n.add('arp.src.hw_mac', `Sender MAC address: ${mac(a.sha)}`, a.sha, 6, mac(a.sha));
    n.add('arp.src.proto_ipv4', `Sender IP address: ${ipv4Text(r.u32(a.spa))}`, a.spa, 4, ipv4Text(r.u32(a.spa)));
    n.add('arp.dst.hw_mac', `Target MAC address: ${mac(a.tha)}`, a.tha, 6, mac(a.tha));
    n.add('arp.dst.proto_ipv4', `Target IP address: ${ipv4Text(r.u32(a.tpa))}`, a.tpa, 4, ipv4Text(r.u32(a.tpa)));
  } else if (!a) n.problem('arp.malformed', 'ARP addresses truncated', off + 8, end - off - 8);
  return layer('arp', `Address Resolution Protocol (${op === 1 ? 'request' : op === 2 ? 'reply' : op})`, off, end - off, n.nodes);
}
