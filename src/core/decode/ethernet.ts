import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { macText } from './addressText';
import type { PacketFields } from './fields';
import { ETHERTYPE_LLC, ETHERTYPE_QINQ, ETHERTYPE_VLAN, MALFORMED_TRUNCATED } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/** Other TPIDs seen for stacked VLAN tags (pre-standard QinQ). */
const ETHERTYPE_QINQ_OLD = 0x9100;

const ETHERTYPE_NAMES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q Virtual LAN',
  0x88a8: '802.1ad Provider Bridge (Q-in-Q)',
  0x88cc: 'LLDP',
  0x8863: 'PPPoE Discovery',
  0x8864: 'PPPoE Session',
  0x8847: 'MPLS label switched packet',
  0x8848: 'MPLS multicast label switched packet',
  0x6558: 'Transparent Ethernet bridging',
  0x88e7: '802.1ah Provider Backbone Bridge',
  0x8926: 'VN-Tag',
  0x88be: 'ERSPAN',
  0x22eb: 'ERSPAN',
  0x8035: 'RARP',
  0x88e5: 'MACsec',
  0x888e: '802.1X Authentication',
};

export function etherTypeText(t: number): string {
  return `${ETHERTYPE_NAMES[t] ?? 'Unknown'} (${hex(t, 4)})`;
}

function isVlanTag(type: number): boolean {
  return type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD;
}

/** Ethernet II with any number of 802.1Q / 802.1ad tags; an 802.3 length names LLC as the next layer. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 14) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.macDst = off;
  f.macSrc = off + 6;
  let type = view.getUint16(off + 12);
  let at = off + 14;
  while (isVlanTag(type)) {
    if (end - at < 4) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    // The innermost tag is the customer VLAN users think of; keep overwriting.
    f.vlan = view.getUint16(at) & 0x0fff;
    type = view.getUint16(at + 2);
    at += 4;
  }
  // Values up to 1500 are an 802.3 length (LLC follows), not an Ethertype.
  f.etherType = type > 1500 ? type : 0;
  f.next = layerForEtherType(type > 1500 ? type : ETHERTYPE_LLC);
  return at;
}

function mac(r: FieldReader, at: number): string {
  return macText(r.u16(at) * 0x100000000 + r.u32(at + 2));
}

function tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, _problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('eth', 'Ethernet II', off, end, (n) => {
    n.add('eth.dst', `Destination: ${mac(r, off)}`, off, 6, mac(r, off));
    n.add('eth.src', `Source: ${mac(r, off + 6)}`, off + 6, 6, mac(r, off + 6));
    let at = off + 12;
    let type = r.u16(at);
    while (isVlanTag(type)) {
      const tci = r.u16(at + 2);
      const tag = [
        { field: 'vlan.priority', text: `Priority: ${tci >> 13}`, offset: at + 2, length: 2, value: tci >> 13 },
        { field: 'vlan.dei', text: `DEI: ${(tci >> 12) & 1}`, offset: at + 2, length: 2, value: (tci >> 12) & 1 },
        { field: 'vlan.id', text: `ID: ${tci & 0xfff}`, offset: at + 2, length: 2, value: tci & 0xfff },
      ];
      n.nodes.push(
        layer('vlan', `802.1${type === ETHERTYPE_VLAN ? 'Q' : 'ad'} Virtual LAN, PRI: ${tci >> 13}, DEI: ${(tci >> 12) & 1}, ID: ${tci & 0xfff}`, at, 4, tag),
      );
      at += 4;
      type = r.u16(at);
    }
    n.add(type > 1500 ? 'eth.type' : 'eth.len', type > 1500 ? `Type: ${etherTypeText(type)}` : `Length: ${type}`, at, 2, type);
    return layer('eth', `Ethernet II, Src: ${mac(r, off + 6)}, Dst: ${mac(r, off)}`, off, at + 2 - off, n.nodes);
  });
  return node ? [node] : [];
}

export const ethernetLayer: Layer = { name: 'eth', decode, tree };
/** The fast path calls this directly (packetDecoder.ts): one call site per layer, which V8 can inline. */
export { decode as decodeEthernet };
