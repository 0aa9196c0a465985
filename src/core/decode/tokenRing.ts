import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { macText } from './addressText';
import type { PacketFields } from './fields';
import { ETHERTYPE_LLC, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * IEEE 802.5 Token Ring (LINKTYPE_IEEE802_5 6): access control, frame control, destination,
 * source (its top bit says a source-routing field follows), then LLC for LLC frames.
 */
const HEADER = 14;

/** Bytes of the routing information field, 0 when the source address says there is none. */
function rifLength(view: DataView, off: number, end: number): number {
  if ((view.getUint8(off + 8) & 0x80) === 0) return 0;
  return off + HEADER < end ? view.getUint8(off + HEADER) & 0x1f : -1;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.macDst = off + 2;
  const rif = rifLength(view, off, end);
  if (rif < 0 || off + HEADER + rif > end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  // The source address with its routing bit set is not the station's address: keep it out of the index.
  if (rif === 0) f.macSrc = off + 8;
  if ((view.getUint8(off + 1) & 0xc0) !== 0x40) return -1;
  f.next = layerForEtherType(ETHERTYPE_LLC);
  return off + HEADER + rif;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  const fc = end - off > 1 ? view.getUint8(off + 1) : -1;
  return { protocol: 'TR MAC', info: fc < 0 ? 'Token Ring (truncated)' : `Token Ring MAC frame (FC ${hex(fc, 2)})` };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('tr', 'Token-Ring', off, end, (n) => {
    const ac = r.u8(off);
    n.add('tr.ac', `Access Control: ${hex(ac, 2)} (priority ${ac >> 5}, ${ac & 0x10 ? 'frame' : 'token'})`, off, 1, ac);
    const fc = r.u8(off + 1);
    n.add('tr.fc', `Frame Control: ${hex(fc, 2)} (${(fc & 0xc0) === 0x40 ? 'LLC frame' : 'MAC frame'})`, off + 1, 1, fc);
    const mac = (at: number, mask: number) => macText((r.u16(at) & mask) * 0x100000000 + r.u32(at + 2));
    n.add('tr.dst', `Destination: ${mac(off + 2, 0xffff)}`, off + 2, 6, mac(off + 2, 0xffff));
    n.add('tr.src', `Source: ${mac(off + 8, 0x7fff)}`, off + 8, 6, mac(off + 8, 0x7fff));
    let len = HEADER;
    if (r.u8(off + 8) & 0x80) {
      const rif = r.u8(off + HEADER) & 0x1f;
      r.need(off + HEADER, rif);
      n.add('tr.rif_bytes', `Routing information: ${rif} bytes`, off + HEADER, rif, rif);
      len += rif;
    }
    return layer('tr', `Token-Ring, Src: ${mac(off + 8, 0x7fff)}, Dst: ${mac(off + 2, 0xffff)}`, off, len, n.nodes);
  });
  return node ? [node] : [];
}

export const tokenRingLayer: Layer = { name: 'tr', decode, tree, summary };
