import { macText } from '../decode/addressText';
import { ETHERTYPE_QINQ, ETHERTYPE_VLAN } from '../decode/fields';
import * as L from '../decode/linkTypes';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';
import { FieldReader, withinCaptured } from './fieldReader';

const ETHERTYPE_NAMES: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q Virtual LAN', 0x88a8: '802.1ad Provider Bridge (Q-in-Q)', 0x88cc: 'LLDP', 0x8864: 'PPPoE Session' };

export function etherTypeText(t: number): string {
  return `${ETHERTYPE_NAMES[t] ?? 'Unknown'} (${hex(t, 4)})`;
}

function mac(r: FieldReader, at: number): string {
  return macText(r.u16(at) * 0x100000000 + r.u32(at + 2));
}

function ethernet(r: FieldReader, n: NodeList, end: number): DetailNode | undefined {
  n.add('eth.dst', `Destination: ${mac(r, 0)}`, 0, 6, mac(r, 0));
  n.add('eth.src', `Source: ${mac(r, 6)}`, 6, 6, mac(r, 6));
  let at = 12;
  let type = r.u16(at);
  while ((type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === 0x9100) && at + 6 <= end) {
    const tci = r.u16(at + 2);
    const tag = new NodeList();
    tag.add('vlan.priority', `Priority: ${tci >> 13}`, at + 2, 2, tci >> 13);
    tag.add('vlan.dei', `DEI: ${(tci >> 12) & 1}`, at + 2, 2, (tci >> 12) & 1);
    tag.add('vlan.id', `ID: ${tci & 0xfff}`, at + 2, 2, tci & 0xfff);
    n.nodes.push(layer('vlan', `802.1${type === ETHERTYPE_VLAN ? 'Q' : 'ad'} Virtual LAN, PRI: ${tci >> 13}, DEI: ${(tci >> 12) & 1}, ID: ${tci & 0xfff}`, at, 4, tag.nodes));
    at += 4;
    type = r.u16(at);
  }
  n.add(type > 1500 ? 'eth.type' : 'eth.len', type > 1500 ? `Type: ${etherTypeText(type)}` : `Length: ${type}`, at, 2, type);
  return layer('eth', `Ethernet II, Src: ${mac(r, 6)}, Dst: ${mac(r, 0)}`, 0, at + 2, n.nodes);
}

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

function sll(r: FieldReader, n: NodeList, v2: boolean): DetailNode | undefined {
  const len = v2 ? 20 : 16;
  const pktType = v2 ? r.u8(10) : r.u16(0);
  const hatype = v2 ? r.u16(8) : r.u16(2);
  const addrLen = v2 ? r.u8(11) : r.u16(4);
  const addrAt = v2 ? 12 : 6;
  const proto = v2 ? r.u16(0) : r.u16(14);
  n.add('sll.etype', `Protocol: ${etherTypeText(proto)}`, v2 ? 0 : 14, 2, proto);
  if (v2) n.add('sll.ifindex', `Interface index: ${r.u32(4)}`, 4, 4, r.u32(4));
  n.add('sll.hatype', `Link-layer address type: ${hatype}`, v2 ? 8 : 2, 2, hatype);
  n.add('sll.pkttype', `Packet type: ${PACKET_TYPES[pktType] ?? pktType} (${pktType})`, v2 ? 10 : 0, v2 ? 1 : 2, pktType);
  n.add('sll.halen', `Link-layer address length: ${addrLen}`, v2 ? 11 : 4, v2 ? 1 : 2, addrLen);
  if (addrLen === 6) n.add('sll.src.eth', `Source: ${mac(r, addrAt)}`, addrAt, 6, mac(r, addrAt));
  r.need(0, len);
  return layer('sll', `Linux cooked capture v${v2 ? 2 : 1}`, 0, len, n.nodes);
}

function loopback(r: FieldReader, n: NodeList, networkOrder: boolean): DetailNode | undefined {
  r.need(0, 4);
  let family = r.view.getUint32(0, !networkOrder);
  if (family > 0xffff) family = r.view.getUint32(0, networkOrder);
  n.add('null.family', `Family: ${family === 2 ? 'IP' : 'IPv6'} (${family})`, 0, 4, family);
  return layer('null', 'Null/Loopback', 0, 4, n.nodes);
}

/** The link-layer subtree of a frame, or undefined for raw IP and unknown link types. */
export function linkTree(linkType: number, view: DataView, end: number): DetailNode | undefined {
  if (end <= 0) return undefined;
  const r = new FieldReader(view, end);
  switch (linkType) {
    case L.LINKTYPE_ETHERNET: return withinCaptured('eth', 'Ethernet II', 0, end, (n) => ethernet(r, n, end));
    case L.LINKTYPE_LINUX_SLL: return withinCaptured('sll', 'Linux cooked capture v1', 0, end, (n) => sll(r, n, false));
    case L.LINKTYPE_LINUX_SLL2: return withinCaptured('sll', 'Linux cooked capture v2', 0, end, (n) => sll(r, n, true));
    case L.LINKTYPE_NULL: return withinCaptured('null', 'Null/Loopback', 0, end, (n) => loopback(r, n, false));
    case L.LINKTYPE_LOOP: return withinCaptured('null', 'Null/Loopback', 0, end, (n) => loopback(r, n, true));
    default: return undefined;
  }
}
