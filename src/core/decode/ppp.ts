import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType, layerForLinkType } from './layerTables';
import { LINKTYPE_C_HDLC } from './linkTypes';

/**
 * PPP (RFC 1661) as LINKTYPE_PPP (9) and PPP in HDLC-like framing (50, RFC 1662: 0xff 0x03 first),
 * with and without a direction byte (204); PPPoE (pppoe.ts) hands on to it too. The protocol
 * field (compressed to one byte when odd: RFC 1661 §6.5) says what follows: IPv4, IPv6 and MPLS
 * go on by their Ethertype; LCP, IPCP, PAP, CHAP… are named in the tree and Info, not decoded.
 */
const PPP_ETHERTYPES: Record<number, number> = { 0x0021: ETHERTYPE_IPV4, 0x0057: ETHERTYPE_IPV6, 0x0281: 0x8847, 0x0283: 0x8848, 0x002b: 0x8137 };

const PPP_PROTOCOLS: Record<number, string> = {
  0x0021: 'Internet Protocol version 4',
  0x0023: 'OSI Network Layer',
  0x002b: 'Novell IPX',
  0x002d: 'Van Jacobson Compressed TCP/IP',
  0x002f: 'Van Jacobson Uncompressed TCP/IP',
  0x0031: 'Bridging PDU',
  0x003d: 'PPP Multilink Protocol',
  0x0057: 'Internet Protocol version 6',
  0x00fb: 'Compressed datagram (single link)',
  0x00fd: 'Compressed datagram',
  0x0281: 'MPLS',
  0x0283: 'MPLS multicast',
  0x8021: 'Internet Protocol Control Protocol',
  0x8023: 'OSI Network Layer Control Protocol',
  0x802b: 'IPX Control Protocol',
  0x8031: 'Bridging Control Protocol',
  0x803d: 'Multilink Control Protocol',
  0x8057: 'IPv6 Control Protocol',
  0x80fb: 'Compression Control Protocol (single link)',
  0x80fd: 'Compression Control Protocol',
  0x8281: 'MPLS Control Protocol',
  0xc021: 'Link Control Protocol',
  0xc023: 'Password Authentication Protocol',
  0xc025: 'Link Quality Report',
  0xc223: 'Challenge Handshake Authentication Protocol',
  0xc227: 'Extensible Authentication Protocol',
};
/** The Protocol column Wireshark gives each control protocol. */
const PPP_COLUMN: Record<number, string> = {
  0x8021: 'PPP IPCP',
  0x8023: 'PPP OSINLCP',
  0x802b: 'PPP IPXCP',
  0x8031: 'PPP BCP',
  0x803d: 'PPP MP',
  0x8057: 'PPP IPV6CP',
  0x80fb: 'PPP CCP',
  0x80fd: 'PPP CCP',
  0x8281: 'PPP MPLSCP',
  0xc021: 'PPP LCP',
  0xc023: 'PPP PAP',
  0xc025: 'PPP LQR',
  0xc223: 'PPP CHAP',
  0xc227: 'EAP',
  0x00fd: 'PPP Comp',
  0x00fb: 'PPP Comp',
  0x003d: 'PPP MP',
};
/** Codes of the RFC 1661 option negotiation family (LCP, IPCP, IPV6CP, CCP, …). */
const CP_CODES = [
  '',
  'Configuration Request',
  'Configuration Ack',
  'Configuration Nak',
  'Configuration Reject',
  'Termination Request',
  'Termination Ack',
  'Code Reject',
  'Protocol Reject',
  'Echo Request',
  'Echo Reply',
  'Discard Request',
  'Identification',
  'Time Remaining',
  'Reset Request',
  'Reset Ack',
];
const PAP_CODES = ['', 'Authenticate-Request', 'Authenticate-Ack', 'Authenticate-Nak'];
const CHAP_CODES = ['', 'Challenge', 'Response', 'Success', 'Failure'];

/** Cisco HDLC addresses (unicast, broadcast): LINKTYPE_PPP_HDLC carries Cisco HDLC frames too. */
function isCiscoHdlc(b: number): boolean {
  return b === 0x0f || b === 0x8f;
}

/** Offset of the protocol field (after the optional 0xff 0x03) and its length (1 when compressed). */
function protocolAt(view: DataView, off: number, end: number): number {
  return end - off >= 2 && view.getUint8(off) === 0xff && view.getUint8(off + 1) === 0x03 ? off + 2 : off;
}

export function pppProtocolText(p: number): string {
  return `${PPP_PROTOCOLS[p] ?? 'Unknown'} (${hex(p, 4)})`;
}

/** The PPP header from `off`; shared by PPPoE, whose payload is a PPP frame without address/control. */
export function decodePpp(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  const at = protocolAt(view, off, end);
  if (end - at < 1 || ((view.getUint8(at) & 1) === 0 && end - at < 2)) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const odd = (view.getUint8(at) & 1) === 1;
  const proto = odd ? view.getUint8(at) : view.getUint16(at);
  const ether = PPP_ETHERTYPES[proto] ?? 0;
  if (!ether) return -1;
  f.etherType = ether;
  f.next = layerForEtherType(ether);
  return at + (odd ? 1 : 2);
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  // Cisco HDLC frames in a PPP-serial capture: hand on at the same offset.
  if (end - off >= 1 && isCiscoHdlc(view.getUint8(off))) {
    f.next = layerForLinkType(LINKTYPE_C_HDLC);
    return off;
  }
  return decodePpp(view, off, end, f);
}

function decodeWithDirection(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 1) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  return decodePpp(view, off + 1, end, f);
}

export function pppSummary(view: DataView, off: number, end: number): LinkSummary {
  const at = protocolAt(view, off, end);
  if (end - at < 2 && !(end - at === 1 && view.getUint8(at) & 1)) return { protocol: 'PPP', info: 'Point-to-Point Protocol (truncated)' };
  const odd = (view.getUint8(at) & 1) === 1;
  const proto = odd ? view.getUint8(at) : view.getUint16(at);
  const body = at + (odd ? 1 : 2);
  const code = body < end ? view.getUint8(body) : -1;
  const column = PPP_COLUMN[proto];
  if (column) {
    const codes = proto === 0xc023 ? PAP_CODES : proto === 0xc223 ? CHAP_CODES : proto >= 0x8000 && proto !== 0xc227 && proto !== 0xc025 ? CP_CODES : undefined;
    const info = codes && code >= 0 ? codes[code] || `Unknown code ${code}` : PPP_PROTOCOLS[proto];
    return { protocol: column, info };
  }
  // Wireshark: the protocol number as the column, "PPP <name> (0x…)" as the Info.
  return { protocol: hex(proto, 4), info: `PPP ${pppProtocolText(proto)}`, undecoded: `PPP protocol ${pppProtocolText(proto)}` };
}

export function pppTreeNode(c: TreeContext, off: number, end: number, f: PacketFields, next: number, name = 'Point-to-Point Protocol'): DetailNode | undefined {
  const r = new FieldReader(c.view, end);
  return withinCaptured('ppp', name, off, end, (n) => {
    const at = protocolAt(c.view, off, end);
    if (at > off) {
      n.add('ppp.address', 'Address: 0xff', off, 1, 0xff);
      n.add('ppp.control', 'Control: 0x03', off + 1, 1, 3);
    }
    const odd = (r.u8(at) & 1) === 1;
    const proto = odd ? r.u8(at) : r.u16(at);
    const len = odd ? 1 : 2;
    n.add('ppp.protocol', `Protocol: ${pppProtocolText(proto)}`, at, len, proto);
    if (next < 0 && at + len < end) {
      const s = pppSummary(c.view, off, end);
      n.add('ppp.payload', `${s.protocol}: ${s.info} (${end - at - len} bytes, not decoded further)`, at + len, end - at - len);
    }
    return layer('ppp', name, off, at + len - off, n.nodes);
  });
}

function tree(c: TreeContext, off: number, end: number, next: number, f: PacketFields): DetailNode[] {
  if (end > off && isCiscoHdlc(c.view.getUint8(off))) return [];
  const node = pppTreeNode(c, off, end, f, next);
  return node ? [node] : [];
}

function treeWithDirection(c: TreeContext, off: number, end: number, next: number, f: PacketFields): DetailNode[] {
  if (end <= off) return [];
  const dir = c.view.getUint8(off);
  const node = pppTreeNode(c, off + 1, end, f, next);
  const d: DetailNode = {
    field: 'ppp.direction',
    text: `Direction: ${dir === 0 ? 'Received' : dir === 1 ? 'Sent' : `Unknown (${dir})`}`,
    offset: off,
    length: 1,
    value: dir,
  };
  return node ? [d, node] : [d];
}

export const pppLayer: Layer = {
  name: 'ppp',
  decode,
  tree,
  summary: (view, off, end) => pppSummary(view, off, end),
};
export const pppWithDirectionLayer: Layer = {
  name: 'ppp',
  decode: decodeWithDirection,
  tree: treeWithDirection,
  summary: (view, off, end) => pppSummary(view, off + 1, end),
};
