import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { macText } from './addressText';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { ETHERTYPE_LLC, MALFORMED_TRUNCATED } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

// ARPHRD_* values whose address is a 6-byte MAC we can show.
const ARPHRD_ETHER = 1;
// Protocol values SLL uses instead of an Ethertype (if_ether.h).
const LINUX_SLL_P_802_2 = 0x0004;

function network(proto: number, f: PacketFields): void {
  const ether = proto > 1500 && proto !== LINUX_SLL_P_802_2;
  f.etherType = ether ? proto : 0;
  f.next = layerForEtherType(ether ? proto : proto === LINUX_SLL_P_802_2 ? ETHERTYPE_LLC : -2);
}

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL): a 16-byte pseudo-header. */
function decodeSll(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 16) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const hatype = view.getUint16(off + 2);
  const addrLen = view.getUint16(off + 4);
  if (hatype === ARPHRD_ETHER && addrLen === 6) f.macSrc = off + 6;
  network(view.getUint16(off + 14), f);
  return off + 16;
}

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, `tcpdump -i any` since libpcap 1.10): 20 bytes. */
function decodeSll2(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 20) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const hatype = view.getUint16(off + 8);
  const addrLen = view.getUint8(off + 11);
  if (hatype === ARPHRD_ETHER && addrLen === 6) f.macSrc = off + 12;
  network(view.getUint16(off), f);
  return off + 20;
}

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

function sllTree(v2: boolean) {
  return (c: TreeContext, off: number, end: number): DetailNode[] => {
    const r = new FieldReader(c.view, end);
    const name = `Linux cooked capture v${v2 ? 2 : 1}`;
    const node = withinCaptured('sll', name, off, end, (n) => {
      const at = (k: number) => off + k;
      const len = v2 ? 20 : 16;
      const pktType = v2 ? r.u8(at(10)) : r.u16(at(0));
      const hatype = v2 ? r.u16(at(8)) : r.u16(at(2));
      const addrLen = v2 ? r.u8(at(11)) : r.u16(at(4));
      const addrAt = at(v2 ? 12 : 6);
      const proto = v2 ? r.u16(at(0)) : r.u16(at(14));
      n.add('sll.etype', `Protocol: ${etherTypeText(proto)}`, at(v2 ? 0 : 14), 2, proto);
      if (v2) n.add('sll.ifindex', `Interface index: ${r.u32(at(4))}`, at(4), 4, r.u32(at(4)));
      n.add('sll.hatype', `Link-layer address type: ${hatype}`, at(v2 ? 8 : 2), 2, hatype);
      n.add('sll.pkttype', `Packet type: ${PACKET_TYPES[pktType] ?? pktType} (${pktType})`, at(v2 ? 10 : 0), v2 ? 1 : 2, pktType);
      n.add('sll.halen', `Link-layer address length: ${addrLen}`, at(v2 ? 11 : 4), v2 ? 1 : 2, addrLen);
      if (addrLen === 6) {
        const mac = macText(r.u16(addrAt) * 0x100000000 + r.u32(addrAt + 2));
        n.add('sll.src.eth', `Source: ${mac}`, addrAt, 6, mac);
      }
      r.need(off, len);
      return layer('sll', name, off, len, n.nodes);
    });
    return node ? [node] : [];
  };
}

export const sllLayer: Layer = { name: 'sll', decode: decodeSll, tree: sllTree(false) };
export const sll2Layer: Layer = { name: 'sll', decode: decodeSll2, tree: sllTree(true) };
