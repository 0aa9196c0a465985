import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';
import { ETHERTYPE_TEB } from './tunnel';

export const VXLAN_PORT = 4789;

/** VXLAN (RFC 7348): 8 bytes (flags, VNI) and an Ethernet frame; Wireshark decodes it whatever the flags say. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.enterTunnel();
  f.next = layerForEtherType(ETHERTYPE_TEB);
  return off + 8;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('vxlan', 'Virtual eXtensible Local Area Network', off, end, (n) => {
    const flags = r.u16(off);
    n.add('vxlan.flags', `Flags: ${hex(flags, 4)}${flags & 0x0800 ? ', VXLAN Network ID (VNI)' : ''}`, off, 2, flags);
    n.add('vxlan.gpid', `Group Policy ID: ${r.u16(off + 2)}`, off + 2, 2, r.u16(off + 2));
    const vni = r.u32(off + 4) >>> 8;
    n.add('vxlan.vni', `VXLAN Network Identifier (VNI): ${vni}`, off + 4, 3, vni);
    n.add('vxlan.reserved_8', `Reserved: ${r.u8(off + 7)}`, off + 7, 1, r.u8(off + 7));
    return layer('vxlan', 'Virtual eXtensible Local Area Network', off, 8, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): { vni: number } {
  return { vni: view.getUint32(off + 4) >>> 8 };
}

export const vxlanLayer: EncapsulationLayer = { name: 'vxlan', decode, tree, describe };
