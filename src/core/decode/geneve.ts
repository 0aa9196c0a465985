import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';

export const GENEVE_PORT = 6081;

/**
 * Geneve (RFC 8926): 8 bytes, then options (length in 4-byte words), then the payload named by an
 * ethertype (0x6558: an Ethernet frame). Version 0 only, as Wireshark.
 */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const b0 = view.getUint8(off);
  if (b0 >> 6 !== 0) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  const at = off + 8 + (b0 & 0x3f) * 4;
  if (at > end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.encapsulated = true;
  const next = layerForEtherType(view.getUint16(off + 2));
  if (!next) return -1;
  f.enterTunnel();
  f.next = next;
  return at;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('geneve', 'Generic Network Virtualization Encapsulation', off, end, (n) => {
    const b0 = r.u8(off);
    const v = n.add('geneve.version', `Version: ${b0 >> 6}`, off, 1, b0 >> 6);
    if (b0 >> 6 !== 0) {
      v.severity = 'error';
      v.text += ' — unknown version: not dissected';
    }
    const optLen = (b0 & 0x3f) * 4;
    n.add('geneve.options_length', `Length: ${optLen} bytes`, off, 1, optLen);
    const b1 = r.u8(off + 1);
    n.add(
      'geneve.flags',
      `Flags: ${hex(b1, 2)}${b1 & 0x80 ? ', Operation, Administration and Management Frame' : ''}${b1 & 0x40 ? ', Critical Options Present' : ''}`,
      off + 1,
      1,
      b1,
    );
    const ptype = r.u16(off + 2);
    n.add('geneve.proto_type', `Protocol Type: ${etherTypeText(ptype)}`, off + 2, 2, ptype);
    const vni = r.u32(off + 4) >>> 8;
    n.add('geneve.vni', `Virtual Network Identifier (VNI): ${hex(vni, 6)} (${vni})`, off + 4, 3, vni);
    n.add('geneve.reserved', `Reserved: ${r.u8(off + 7)}`, off + 7, 1, r.u8(off + 7));
    const optEnd = off + 8 + optLen;
    if (optLen > 0) {
      const opts = new NodeList();
      let at = off + 8;
      while (at < optEnd) {
        const cls = r.u16(at);
        const type = r.u8(at + 2);
        const len = 4 + (r.u8(at + 3) & 0x1f) * 4;
        if (at + len > optEnd) {
          opts.problem('geneve.option.length', `Option length ${len} runs past the ${optLen}-byte option area`, at, optEnd - at);
          break;
        }
        r.need(at, len);
        opts.add('geneve.option', `Option: class ${hex(cls, 4)}, type ${hex(type, 2)}, ${len} bytes`, at, len, type);
        at += len;
      }
      r.need(off + 8, optLen);
      n.nodes.push({ field: 'geneve.options', text: `Options: (${optLen} bytes)`, offset: off + 8, length: optLen, children: opts.nodes });
    }
    return layer('geneve', `Generic Network Virtualization Encapsulation, VNI: ${hex(vni, 6)}`, off, 8 + optLen, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): { vni: number } {
  return { vni: view.getUint32(off + 4) >>> 8 };
}

export const geneveLayer: EncapsulationLayer = { name: 'geneve', decode, tree, describe };
