import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_ARP, ETHERTYPE_IP_BY_VERSION, ETHERTYPE_IPV6, ETHERTYPE_LLC, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * ARCNET as BSD (LINKTYPE_ARCNET_BSD 7) and Linux (LINKTYPE_ARCNET_LINUX 129) capture it: source
 * and destination station ids (one byte each), on Linux the 2-byte offset field of the hardware
 * frame, then the protocol id. RFC 1051 types are followed by their packet directly; RFC 1201
 * types by a split flag and a 2-byte sequence number (the hosts hand over reassembled packets),
 * and on BSD a split flag of 0xff marks an exception frame: 2 bytes of padding, the protocol id
 * again, then the real split flag (Wireshark's packet-arcnet.c reads the same).
 */
const ID_IP_1051 = 240;
const ID_ARP_1051 = 241;
const ID_IP_1201 = 212;
const ID_ARP_1201 = 213;
const ID_RARP_1201 = 214;
const ID_IPV6 = 196;
const ID_DIAGNOSE = 128;
const ID_BACNET = 205;
const EXCEPTION = 0xff;

/** Wireshark's names of the protocol ids (arcnet_prot_id_vals). */
const ID_NAMES: Record<number, string> = {
  [ID_IP_1051]: 'RFC 1051 IP',
  [ID_ARP_1051]: 'RFC 1051 ARP',
  [ID_IP_1201]: 'RFC 1201 IP',
  [ID_ARP_1201]: 'RFC 1201 ARP',
  [ID_RARP_1201]: 'RFC 1201 RARP',
  250: 'IPX',
  236: 'Novell of some sort',
  [ID_IPV6]: 'IPv6',
  232: 'Encapsulated Ethernet',
  0: 'Datapoint boot',
  1: 'Datapoint mount',
  8: 'PowerLAN beacon',
  243: 'PowerLAN beacon2',
  221: 'Appletalk',
  247: 'Banyan VINES',
  [ID_DIAGNOSE]: 'Diagnose',
  [ID_BACNET]: 'BACnet',
};

/** Protocol columns of the ids Wireshark decodes and we do not (its arcnet.protocol_id table). */
const NOT_DECODED: Record<number, string> = { 250: 'IPX', 236: 'IPX', 221: 'DDP', 247: 'Vines IP' };

/** RFC 1051 ids (and BACnet, Diagnose) have no fragmentation header. */
function hasSplitHeader(id: number): boolean {
  return id !== ID_IP_1051 && id !== ID_ARP_1051 && id !== ID_DIAGNOSE && id !== ID_BACNET;
}

function idOffset(linux: boolean): number {
  return linux ? 4 : 2;
}

/** Offset of the packet after the header at `off`, or -1 when the header was cut. */
function payloadOffset(view: DataView, off: number, end: number, linux: boolean): number {
  let at = off + idOffset(linux);
  if (at >= end) return -1;
  const id = view.getUint8(at++);
  if (!hasSplitHeader(id)) return at;
  if (at >= end) return -1;
  if (!linux && view.getUint8(at) === EXCEPTION) at += 4;
  at += 3;
  return at <= end ? at : -1;
}

function nextLayer(id: number, view: DataView, at: number, end: number): number {
  switch (id) {
    case ID_IP_1051:
    case ID_IP_1201:
      return at < end ? layerForEtherType(ETHERTYPE_IP_BY_VERSION) : 0;
    case ID_ARP_1051:
    case ID_ARP_1201:
    case ID_RARP_1201:
      return layerForEtherType(ETHERTYPE_ARP);
    case ID_IPV6:
      return layerForEtherType(ETHERTYPE_IPV6);
    // BACnet over ARCNET is an LLC frame (ANSI/ASHRAE 135 §8), as Wireshark registers it.
    case ID_BACNET:
      return layerForEtherType(ETHERTYPE_LLC);
    default:
      return 0;
  }
}

function arcnetDecode(linux: boolean) {
  return (view: DataView, off: number, end: number, f: PacketFields): number => {
    f.proto = ProtoCode.Link;
    const at = payloadOffset(view, off, end, linux);
    if (at < 0) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    f.next = nextLayer(view.getUint8(off + idOffset(linux)), view, at, end);
    return at;
  };
}

function idText(id: number): string {
  return `${ID_NAMES[id] ?? 'Unknown'} (${hex(id, 2)})`;
}

/** Ids whose packet a layer of ours decodes (IP, ARP, RARP, IPv6, BACnet's LLC). */
function decoded(id: number): boolean {
  return id === ID_IP_1051 || id === ID_IP_1201 || id === ID_ARP_1051 || id === ID_ARP_1201 || id === ID_RARP_1201 || id === ID_IPV6 || id === ID_BACNET;
}

/**
 * Wireshark's columns for a frame that stops here: the protocol it hands the packet to that we do
 * not decode (IPX, DDP…), or the id as "0x00ef" when nothing takes it.
 */
function arcnetSummary(linux: boolean) {
  return (view: DataView, off: number, end: number): LinkSummary => {
    const at = off + idOffset(linux);
    if (at >= end) return { protocol: 'ARCNET', info: 'ARCNET (truncated)' };
    const id = view.getUint8(at);
    if (decoded(id)) return { protocol: 'ARCNET', info: 'ARCNET' };
    return { protocol: NOT_DECODED[id] ?? hex(id, 4), info: 'ARCNET', undecoded: `ARCNET protocol ${idText(id)}` };
  };
}

function arcnetTree(linux: boolean) {
  return (c: TreeContext, off: number, end: number, next: number, f: PacketFields): DetailNode[] => {
    const r = new FieldReader(c.view, end);
    const node = withinCaptured('arcnet', 'ARCNET', off, end, (n) => {
      n.add('arcnet.src', `Source: ${hex(r.u8(off), 2)}`, off, 1, r.u8(off));
      n.add('arcnet.dst', `Dest: ${hex(r.u8(off + 1), 2)}`, off + 1, 1, r.u8(off + 1));
      let at = off + 2;
      if (linux) {
        n.add('arcnet.offset', `Offset: ${hex(r.u16(at), 4)}`, at, 2, r.u16(at));
        at += 2;
      }
      const id = r.u8(at);
      n.add('arcnet.protID', `Protocol ID: ${idText(id)}`, at, 1, id);
      at++;
      if (hasSplitHeader(id)) {
        let split = r.u8(at);
        if (!linux && split === EXCEPTION) {
          n.add('arcnet.exception_flag', `Exception Flag: ${hex(split, 2)}`, at, 1, split);
          n.add('arcnet.padding', `Padding: ${hex(r.u16(at + 1), 4)}`, at + 1, 2, r.u16(at + 1));
          n.add('arcnet.protID', `Protocol ID: ${idText(r.u8(at + 3))}`, at + 3, 1, r.u8(at + 3));
          at += 4;
          split = r.u8(at);
        }
        n.add('arcnet.split_flag', `Split Flag: ${split}`, at, 1, split);
        n.add('arcnet.sequence', `Sequence: ${r.u16(at + 1)}`, at + 1, 2, r.u16(at + 1));
        at += 3;
      }
      if (next >= 0 && !f.next && end > at) {
        const s = arcnetSummary(linux)(c.view, off, end);
        n.add('data', `Data (${end - at} bytes${s.undecoded ? `, ${s.undecoded}` : ''})`, at, end - at);
      }
      return layer('arcnet', 'ARCNET', off, at - off, n.nodes);
    });
    return node ? [node] : [];
  };
}

export const arcnetBsdLayer: Layer = { name: 'arcnet', decode: arcnetDecode(false), tree: arcnetTree(false), summary: arcnetSummary(false) };
export const arcnetLinuxLayer: Layer = { name: 'arcnet', decode: arcnetDecode(true), tree: arcnetTree(true), summary: arcnetSummary(true) };
