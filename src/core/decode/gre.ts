import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer, TunnelParams } from './tunnel';
import { ETHERTYPE_TEB } from './tunnel';

export const IPPROTO_GRE = 47;
export const ETHERTYPE_ERSPAN = 0x88be;
export const ETHERTYPE_ERSPAN_III = 0x22eb;

// RFC 2784 / RFC 2890 flags, and RFC 1701's routing and RFC 2637's (PPTP) acknowledgment.
const GRE_CHECKSUM = 0x8000;
const GRE_ROUTING = 0x4000;
const GRE_KEY = 0x2000;
const GRE_SEQUENCE = 0x1000;
const GRE_ACK = 0x0080;

/**
 * Offset of the payload after the GRE header at `off` (flags decide the optional fields), or -1
 * when the header is longer than the bytes.
 */
function payloadOffset(view: DataView, off: number, end: number): number {
  if (end - off < 4) return -1;
  const flags = view.getUint16(off);
  let at = off + 4;
  if (flags & (GRE_CHECKSUM | GRE_ROUTING)) at += 4;
  if (flags & GRE_KEY) at += 4;
  if (flags & GRE_SEQUENCE) at += 4;
  if ((flags & 7) === 1 && flags & GRE_ACK) at += 4;
  if (at > end) return -1;
  if (flags & GRE_ROUTING) {
    // RFC 1701 source route entries, up to the NULL entry (address family 0, length 0).
    for (;;) {
      if (end - at < 4) return -1;
      const af = view.getUint16(at);
      const len = view.getUint8(at + 3);
      at += 4 + len;
      if (at > end) return -1;
      if (af === 0 && len === 0) break;
    }
  }
  return at;
}

/** ERSPAN Type I has no header of its own: GRE says 0x88be without a sequence number (as Wireshark tells them apart). */
function isErspanTypeI(flags: number, ptype: number): boolean {
  return ptype === ETHERTYPE_ERSPAN && (flags & GRE_SEQUENCE) === 0;
}

/** GRE (IP protocol 47): the protocol type is an ethertype naming the payload (0x6558: an Ethernet frame). */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.OtherIp;
  const at = payloadOffset(view, off, end);
  if (at < 0) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.encapsulated = true;
  const flags = view.getUint16(off);
  const ptype = view.getUint16(off + 2);
  const next = layerForEtherType(isErspanTypeI(flags, ptype) ? ETHERTYPE_TEB : ptype);
  if (!next) return -1;
  f.enterTunnel();
  f.next = next;
  return at;
}

const FLAG_BITS: Array<[number, string, string]> = [
  [GRE_CHECKSUM, 'gre.flags.checksum', 'Checksum Bit'],
  [GRE_ROUTING, 'gre.flags.routing', 'Routing Bit'],
  [GRE_KEY, 'gre.flags.key', 'Key Bit'],
  [GRE_SEQUENCE, 'gre.flags.sequence_number', 'Sequence Number Bit'],
];

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('gre', 'Generic Routing Encapsulation', off, end, (n) => {
    const flags = r.u16(off);
    const ptype = r.u16(off + 2);
    const ver = flags & 7;
    const fl = new NodeList();
    for (const [bit, field, name] of FLAG_BITS) fl.add(field, `${name}: ${flags & bit ? 'Yes' : 'No'}`, off, 2, (flags & bit) !== 0);
    if (ver === 1) fl.add('gre.flags.ack', `Acknowledgment: ${flags & GRE_ACK ? 'Yes' : 'No'}`, off, 2, (flags & GRE_ACK) !== 0);
    fl.add('gre.flags.version', `Version: ${ver}`, off, 2, ver);
    n.nodes.push({ field: 'gre.flags_and_version', text: `Flags and Version: ${hex(flags, 4)}`, offset: off, length: 2, value: flags, children: fl.nodes });
    n.add('gre.proto', `Protocol Type: ${etherTypeText(ptype)}`, off + 2, 2, ptype);
    let at = off + 4;
    if (flags & (GRE_CHECKSUM | GRE_ROUTING)) {
      n.add('gre.checksum', `Checksum: ${hex(r.u16(at), 4)} [unverified]`, at, 2, r.u16(at));
      n.add('gre.offset', `Offset: ${r.u16(at + 2)}`, at + 2, 2, r.u16(at + 2));
      at += 4;
    }
    if (flags & GRE_KEY) {
      if (ver === 1) {
        n.add('gre.key.payload_length', `Payload Length: ${r.u16(at)}`, at, 2, r.u16(at));
        n.add('gre.key.call_id', `Call ID: ${r.u16(at + 2)}`, at + 2, 2, r.u16(at + 2));
      } else n.add('gre.key', `Key: ${hex(r.u32(at), 8)} (${r.u32(at)})`, at, 4, r.u32(at));
      at += 4;
    }
    if (flags & GRE_SEQUENCE) {
      n.add('gre.sequence_number', `Sequence Number: ${r.u32(at)}`, at, 4, r.u32(at));
      at += 4;
    }
    if (ver === 1 && flags & GRE_ACK) {
      n.add('gre.ack_number', `Acknowledgment Number: ${r.u32(at)}`, at, 4, r.u32(at));
      at += 4;
    }
    if (flags & GRE_ROUTING) {
      for (;;) {
        const af = r.u16(at);
        const len = r.u8(at + 3);
        r.need(at, 4 + len);
        n.add('gre.routing', `Source Route Entry: address family ${af}, SRE offset ${r.u8(at + 2)}, length ${len}`, at, 4 + len, af);
        at += 4 + len;
        if (af === 0 && len === 0) break;
      }
    }
    if (isErspanTypeI(flags, ptype))
      n.add('erspan', 'Encapsulated Remote Switch Packet ANalysis Type I (no header: the mirrored Ethernet frame follows)', at, 0);
    return layer('gre', `Generic Routing Encapsulation (${etherTypeText(ptype).replace(/ \(0x[0-9a-f]+\)$/, '')})`, off, at - off, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): TunnelParams {
  const flags = view.getUint16(off);
  const out: TunnelParams = { proto: view.getUint16(off + 2) };
  let at = off + 4 + (flags & (GRE_CHECKSUM | GRE_ROUTING) ? 4 : 0);
  if (flags & GRE_KEY) {
    out.key = view.getUint32(at);
    at += 4;
  }
  if (flags & GRE_SEQUENCE) out.seq = view.getUint32(at);
  return out;
}

export const greLayer: EncapsulationLayer = { name: 'gre', decode, tree, describe };
