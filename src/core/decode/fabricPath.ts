import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';
import { ETHERTYPE_TEB } from './tunnel';

/** Cisco FabricPath (Wireshark's "cfp"): outer MACs, ethertype 0x8903, the FTag/TTL word, then the classic Ethernet frame. */
export const ETHERTYPE_FABRICPATH = 0x8903;

function decode(_view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 2) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.enterTunnel();
  f.next = layerForEtherType(ETHERTYPE_TEB);
  return off + 2;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('cfp', 'Cisco FabricPath', off, end, (n) => {
    const w = r.u16(off);
    n.add('cfp.ftag', `FTag: ${w >> 6}`, off, 2, w >> 6);
    n.add('cfp.ttl', `TTL: ${w & 0x3f}`, off, 2, w & 0x3f);
    return layer('cfp', `Cisco FabricPath, FTag: ${w >> 6}, TTL: ${w & 0x3f}`, off, 2, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): { ftag: number } {
  return { ftag: view.getUint16(off) >> 6 };
}

export const fabricPathLayer: EncapsulationLayer = { name: 'cfp', decode, tree, describe };
