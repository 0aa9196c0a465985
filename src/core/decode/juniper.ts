import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { BeyondCapturedBytes, cutLayer, FieldReader } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IP_BY_VERSION, ETHERTYPE_LLC, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType, layerForLinkType } from './layerTables';
import { LINKTYPE_C_HDLC, LINKTYPE_FRELAY, LINKTYPE_PPP } from './linkTypes';

/**
 * Juniper Ethernet (LINKTYPE_JUNIPER_ETHER 178, JUNOS `monitor traffic` captures): the magic "MGC",
 * a flags byte (bit 0 incoming, bit 1 link header stripped, bit 7 extensions present), then with
 * extensions a 2-byte total length of type-length-value records (interface index, media type…),
 * and either the Ethernet frame or, with the link header stripped, a 4-byte host-order payload
 * type and the payload. Wireshark's packet-juniper.c reads the same, and a frame without the magic
 * (older JUNOS) as Ethernet from its first byte.
 */
const MAGIC = 0x4d4743;
const FLAG_IN = 0x01;
const FLAG_NO_L2 = 0x02;
const FLAG_EXT = 0x80;

/** Wireshark's juniper.proto payload types: their names, and the key our layer tables know each by. */
const PAYLOADS: Record<number, { name: string; ip?: true; etherType?: number; linkType?: number }> = {
  2: { name: 'IPv4', ip: true },
  3: { name: 'MPLS->IPv4', ip: true },
  6: { name: 'IPv6', ip: true },
  7: { name: 'MPLS->IPv6', ip: true },
  // The MPLS-labelled payloads (IPv4->MPLS, MPLS, IPv6->MPLS, CLNP->MPLS) start with the label stack: Ethertype 0x8847.
  4: { name: 'IPv4->MPLS', etherType: 0x8847 },
  5: { name: 'MPLS', etherType: 0x8847 },
  8: { name: 'IPv6->MPLS', etherType: 0x8847 },
  32: { name: 'CLNP->MPLS', etherType: 0x8847 },
  200: { name: 'PPP', linkType: LINKTYPE_PPP },
  202: { name: 'LLC', etherType: ETHERTYPE_LLC },
  203: { name: 'LLC/SNAP', etherType: ETHERTYPE_LLC },
  // Transparent Ethernet Bridging: the Ethernet layer's key for a frame inside another.
  204: { name: 'Ethernet', etherType: 0x6558 },
  207: { name: 'Frame-Relay', linkType: LINKTYPE_FRELAY },
  208: { name: 'C-HDLC', linkType: LINKTYPE_C_HDLC },
  10: { name: 'CLNP' },
  33: { name: 'MPLS->CLNP' },
  201: { name: 'OSI' },
  205: { name: 'ATM OAM Cell' },
  206: { name: 'Q.933' },
};

const EXT_TLVS: Record<number, string> = {
  1: 'Device Interface Index',
  2: 'Device Interface Name',
  3: 'Device Media Type',
  4: 'Logical Interface Index',
  5: 'Logical Unit Number',
  6: 'Logical Interface Encapsulation',
  7: 'TTP derived Device Media Type',
  8: 'TTP derived Logical Interface Encapsulation',
};

/** Length of the header before the payload type (magic, flags, extensions); -1 when cut. */
function headerLength(view: DataView, off: number, end: number): number {
  if (end - off < 4) return -1;
  if (view.getUint8(off + 3) & FLAG_EXT) return end - off < 6 ? -1 : 6 + view.getUint16(off + 4);
  return 4;
}

function payloadLayer(type: number, view: DataView, at: number, end: number): number {
  const p = PAYLOADS[type];
  if (!p) return 0;
  if (p.ip) return at < end ? layerForEtherType(ETHERTYPE_IP_BY_VERSION) : 0;
  if (p.etherType !== undefined) return layerForEtherType(p.etherType);
  return p.linkType !== undefined ? layerForLinkType(p.linkType) : 0;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off >= 3 && ((view.getUint16(off) << 8) | view.getUint8(off + 2)) !== MAGIC) {
    f.next = layerForEtherType(0x6558);
    return off;
  }
  const hdr = headerLength(view, off, end);
  if (hdr < 0 || off + hdr > end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (!(view.getUint8(off + 3) & FLAG_NO_L2)) {
    f.next = layerForEtherType(0x6558);
    return off + hdr;
  }
  if (off + hdr + 4 > end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const at = off + hdr + 4;
  f.next = payloadLayer(view.getUint32(off + hdr, true), view, at, end);
  return at;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  const hdr = headerLength(view, off, end);
  if (hdr < 0 || off + hdr + 4 > end || !(view.getUint8(off + 3) & FLAG_NO_L2)) return { protocol: 'Juniper Ethernet', info: '' };
  const type = view.getUint32(off + hdr, true);
  return { protocol: 'Juniper Ethernet', info: '', undecoded: `Juniper payload type ${PAYLOADS[type]?.name ?? 'Unknown'} (${type})` };
}

/** A TLV's value: types below 128 are in the router's (little-endian) order, the others in network order. */
function tlvValue(view: DataView, at: number, type: number, len: number): number | undefined {
  if (len < 1 || len > 4) return undefined;
  let v = 0;
  for (let k = 0; k < len; k++) v += view.getUint8(at + k) * 2 ** (8 * (type < 128 ? k : len - 1 - k));
  return v;
}

function fields(c: TreeContext, r: FieldReader, n: NodeList, off: number, next: number, f: PacketFields): DetailNode {
  const magic = r.has(off, 3) ? (c.view.getUint16(off) << 8) | c.view.getUint8(off + 2) : MAGIC;
  if (magic !== MAGIC) {
    n.problem('juniper.magic', `Magic Number: ${hex(magic, 6)} — no magic number: read as Ethernet from the first byte (JUNOS before 7.5)`, off, 3, 'warning');
    return layer('juniper', 'Juniper Ethernet', off, 0, n.nodes);
  }
  r.need(off, 3);
  n.add('juniper.magic', 'Magic Number: MGC (0x4d4743)', off, 3, magic);
  const flags = r.u8(off + 3);
  n.add('juniper.direction', `Direction: ${flags & FLAG_IN ? 'In' : 'Out'}`, off + 3, 1, flags & FLAG_IN);
  n.add('juniper.l2hdr', `L2-header: ${flags & FLAG_NO_L2 ? 'none' : 'Present'}`, off + 3, 1, flags & FLAG_NO_L2);
  let at = off + 4;
  if (flags & FLAG_EXT) {
    const total = r.u16(at);
    const ext = n.add('juniper.ext_total_len', `Extension(s) Total length: ${total}`, at, 2, total);
    const tlvs = new NodeList();
    let t = at + 2;
    let left = total;
    while (left > 2) {
      const type = r.u8(t),
        len = r.u8(t + 1);
      if (len === 0 || len > left - 2) break;
      r.need(t + 2, len);
      const v = tlvValue(c.view, t + 2, type, len);
      tlvs.add('juniper.ext', `${EXT_TLVS[type] ?? 'Unknown'} Extension TLV #${type}, length: ${len}${v === undefined ? '' : `: ${v}`}`, t, 2 + len, v);
      t += 2 + len;
      left -= 2 + len;
    }
    ext.children = tlvs.nodes;
    at += 2 + total;
  }
  if (flags & FLAG_NO_L2) {
    r.need(at, 4);
    const type = c.view.getUint32(at, true);
    n.add('juniper.payload_type', `Payload Type: ${PAYLOADS[type]?.name ?? 'Unknown'} (${type})`, at, 4, type);
    at += 4;
    if (next >= 0 && !f.next && r.end > at) n.add('data', `Data (${r.end - at} bytes, not decoded)`, at, r.end - at);
  }
  return layer('juniper', 'Juniper Ethernet', off, at - off, n.nodes);
}

function tree(c: TreeContext, off: number, end: number, next: number, f: PacketFields): DetailNode[] {
  if (end <= off) return [];
  const r = new FieldReader(c.view, end);
  const n = new NodeList();
  try {
    return [fields(c, r, n, off, next, f)];
  } catch (e) {
    if (!(e instanceof BeyondCapturedBytes)) throw e;
    return [cutLayer('juniper', 'Juniper Ethernet', off, end, n, e)];
  }
}

export const juniperEtherLayer: Layer = { name: 'juniper', decode, tree, summary };
