import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';
import { ETHERTYPE_TEB } from './tunnel';

export const ETHERTYPE_PBB = 0x88e7;

/** IEEE 802.1ah Provider Backbone Bridge: a 4-byte I-TAG (service instance) and the customer's Ethernet frame. */
function decode(_view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 4) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.enterTunnel();
  f.next = layerForEtherType(ETHERTYPE_TEB);
  return off + 4;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('ieee8021ah', 'IEEE 802.1ah', off, end, (n) => {
    const tag = r.u32(off);
    n.add('ieee8021ah.priority', `Priority: ${tag >>> 29}`, off, 1, tag >>> 29);
    n.add('ieee8021ah.drop', `DEI: ${(tag >>> 28) & 1}`, off, 1, (tag >>> 28) & 1);
    n.add('ieee8021ah.nca', `NCA: ${(tag >>> 27) & 1}`, off, 1, (tag >>> 27) & 1);
    n.add('ieee8021ah.isid', `I-SID: ${tag & 0xffffff} (${hex(tag & 0xffffff, 6)})`, off + 1, 3, tag & 0xffffff);
    return layer('ieee8021ah', `IEEE 802.1ah, I-SID: ${tag & 0xffffff}`, off, 4, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): { isid: number } {
  return { isid: view.getUint32(off) & 0xffffff };
}

export const pbbLayer: EncapsulationLayer = { name: 'ieee8021ah', decode, tree, describe };
