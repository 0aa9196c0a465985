import { arpAddressOffsets } from '../decode/arp';
import { ipv4Text, macText } from '../decode/addressText';
import type { DetailNode } from './detailNode';
import { layer, NodeList } from './detailNode';

export function arpTree(view: DataView, off: number, end: number): DetailNode | undefined {
  if (end - off < 8) return undefined;
  const n = new NodeList();
  const op = view.getUint16(off + 6);
  n.add('arp.hw.type', `Hardware type: ${view.getUint16(off) === 1 ? 'Ethernet' : 'Other'} (${view.getUint16(off)})`, off, 2, view.getUint16(off));
  n.add('arp.proto.type', `Protocol type: 0x${view.getUint16(off + 2).toString(16).padStart(4, '0')}`, off + 2, 2, view.getUint16(off + 2));
  n.add('arp.hw.size', `Hardware size: ${view.getUint8(off + 4)}`, off + 4, 1, view.getUint8(off + 4));
  n.add('arp.proto.size', `Protocol size: ${view.getUint8(off + 5)}`, off + 5, 1, view.getUint8(off + 5));
  n.add('arp.opcode', `Opcode: ${op === 1 ? 'request' : op === 2 ? 'reply' : 'other'} (${op})`, off + 6, 2, op);
  const a = arpAddressOffsets(view, off, end);
  if (a && a.hlen === 6 && a.plen === 4) {
    const mac = (at: number) => macText(view.getUint16(at) * 0x100000000 + view.getUint32(at + 2));
    n.add('arp.src.hw_mac', `Sender MAC address: ${mac(a.sha)}`, a.sha, 6, mac(a.sha));
    n.add('arp.src.proto_ipv4', `Sender IP address: ${ipv4Text(view.getUint32(a.spa))}`, a.spa, 4, ipv4Text(view.getUint32(a.spa)));
    n.add('arp.dst.hw_mac', `Target MAC address: ${mac(a.tha)}`, a.tha, 6, mac(a.tha));
    n.add('arp.dst.proto_ipv4', `Target IP address: ${ipv4Text(view.getUint32(a.tpa))}`, a.tpa, 4, ipv4Text(view.getUint32(a.tpa)));
  } else if (!a) n.problem('arp.malformed', 'ARP addresses truncated', off + 8, end - off - 8);
  return layer('arp', `Address Resolution Protocol (${op === 1 ? 'request' : op === 2 ? 'reply' : op})`, off, end - off, n.nodes);
}
