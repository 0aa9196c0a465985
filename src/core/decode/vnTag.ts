import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';

export const ETHERTYPE_VNTAG = 0x8926;

/** Cisco VN-Tag (IEEE 802.1Qbh draft): 4 bytes of virtual interface ids, then the ethertype of what follows. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 6) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.encapsulated = true;
  const type = view.getUint16(off + 4);
  f.etherType = type;
  f.next = layerForEtherType(type);
  return off + 6;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('vntag', 'VN-Tag', off, end, (n) => {
    const w = r.u32(off);
    n.add('vntag.direction', `Direction: ${w >>> 31 ? 'From Bridge' : 'To Bridge'}`, off, 1, w >>> 31);
    n.add('vntag.pointer', `Pointer: ${(w >>> 30) & 1}`, off, 1, (w >>> 30) & 1);
    n.add('vntag.dst', `Destination VIF: ${(w >>> 16) & 0x3fff}`, off, 2, (w >>> 16) & 0x3fff);
    n.add('vntag.looped', `Looped: ${(w >>> 15) & 1}`, off + 2, 1, (w >>> 15) & 1);
    n.add('vntag.version', `Version: ${(w >>> 12) & 3}`, off + 2, 1, (w >>> 12) & 3);
    n.add('vntag.src', `Source VIF: ${w & 0xfff}`, off + 2, 2, w & 0xfff);
    const type = r.u16(off + 4);
    n.add('vntag.etype', `Type: ${etherTypeText(type)}`, off + 4, 2, type);
    return layer('vntag', `VN-Tag, Destination VIF: ${(w >>> 16) & 0x3fff}, Source VIF: ${w & 0xfff}`, off, 6, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): { dstVif: number; srcVif: number } {
  const w = view.getUint32(off);
  return { dstVif: (w >>> 16) & 0x3fff, srcVif: w & 0xfff };
}

export const vnTagLayer: EncapsulationLayer = { name: 'vntag', decode, tree, describe };
