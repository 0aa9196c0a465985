import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { ipv6Text } from './addressText';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * IP over InfiniBand (LINKTYPE_IPOIB 242): the source and destination link-layer addresses (20
 * bytes each: queue pair number and GID), then RFC 4391 §6's 4-byte header, an Ethertype and 2
 * reserved bytes (tcpdump's print-ipoib.c reads the same 44 bytes).
 */
const ADDRESSES = 40;
const HEADER = ADDRESSES + 4;

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.etherType = view.getUint16(off + ADDRESSES);
  f.next = layerForEtherType(f.etherType);
  return off + HEADER;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  if (end - off < ADDRESSES + 2) return { protocol: 'IPoIB', info: 'IP over InfiniBand (truncated)' };
  const t = etherTypeText(view.getUint16(off + ADDRESSES));
  return { protocol: 'IPoIB', info: `Type ${t}`, undecoded: `ethertype ${t}` };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('ipoib', 'IP over Infiniband', off, end, (n) => {
    for (const [at, who] of [
      [off, 'Source'],
      [off + 20, 'Destination'],
    ] as const) {
      const qpn = r.u32(at + 4) & 0xffffff;
      r.need(at + 8, 16);
      const gid = ipv6Text([c.view.getUint32(at + 8), c.view.getUint32(at + 12), c.view.getUint32(at + 16), c.view.getUint32(at + 20)]);
      n.add(`ipoib.${who === 'Source' ? 'src' : 'dst'}`, `${who} address: QPN 0x${qpn.toString(16).padStart(6, '0')}, GID ${gid}`, at, 20, gid);
    }
    n.add('ipoib.type', `Type: ${etherTypeText(r.u16(off + ADDRESSES))}`, off + ADDRESSES, 2, r.u16(off + ADDRESSES));
    n.add('ipoib.reserved', `Reserved: ${r.u16(off + ADDRESSES + 2)}`, off + ADDRESSES + 2, 2, r.u16(off + ADDRESSES + 2));
    return layer('ipoib', 'IP over Infiniband', off, HEADER, n.nodes);
  });
  return node ? [node] : [];
}

export const ipoibLayer: Layer = { name: 'ipoib', decode, tree, summary };
