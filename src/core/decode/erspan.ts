import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';
import { ETHERTYPE_TEB } from './tunnel';

export { ETHERTYPE_ERSPAN, ETHERTYPE_ERSPAN_III } from './gre';

const TYPE_II = 1;
const TYPE_III = 2;

/** Header length of ERSPAN Type II (8) or Type III (12, plus the 8-byte platform subheader when O is set); -1 otherwise. */
function headerLength(view: DataView, off: number, end: number): number {
  const version = view.getUint8(off) >> 4;
  if (version === TYPE_II) return 8;
  if (version !== TYPE_III) return -1;
  if (end - off < 12) return 12;
  return view.getUint8(off + 11) & 1 ? 20 : 12;
}

/**
 * ERSPAN Type II/III (draft-foschiano-erspan), inside GRE 0x88be/0x22eb: a mirrored Ethernet frame
 * follows (Type III frame type 0; other frame types are not followed). Type I has no header: GRE
 * hands its payload straight to Ethernet.
 */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const len = headerLength(view, off, end);
  if (len < 0) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  if (end - off < len) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.encapsulated = true;
  if (len >= 12 && (view.getUint8(off + 11) >> 1) & 0x1f) return -1;
  f.enterTunnel();
  f.next = layerForEtherType(ETHERTYPE_TEB);
  return off + len;
}

function tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('erspan', 'Encapsulated Remote Switch Packet ANalysis', off, end, (n) => {
    const w0 = r.u16(off);
    const version = w0 >> 12;
    const v = n.add('erspan.version', `Version: ${version}${version === TYPE_II ? ' (Type II)' : version === TYPE_III ? ' (Type III)' : ''}`, off, 2, version);
    if (problems & MALFORMED_BAD_LENGTH) {
      v.severity = 'error';
      v.text += ' — unknown ERSPAN version: payload not dissected';
    }
    n.add('erspan.vlan', `Vlan: ${w0 & 0xfff}`, off, 2, w0 & 0xfff);
    const w1 = r.u16(off + 2);
    n.add('erspan.cos', `COS: ${w1 >> 13}`, off + 2, 2, w1 >> 13);
    n.add('erspan.truncated', `Truncated: ${(w1 >> 10) & 1}`, off + 2, 2, (w1 >> 10) & 1);
    n.add('erspan.spanid', `SpanID: ${w1 & 0x3ff}`, off + 2, 2, w1 & 0x3ff);
    if (version === TYPE_II) {
      n.add('erspan.index', `Index: ${r.u32(off + 4) & 0xfffff}`, off + 4, 4, r.u32(off + 4) & 0xfffff);
      return layer('erspan', 'Encapsulated Remote Switch Packet ANalysis Type II', off, 8, n.nodes);
    }
    if (version !== TYPE_III) return layer('erspan', 'Encapsulated Remote Switch Packet ANalysis', off, 4, n.nodes);
    n.add('erspan.timestamp', `Timestamp: ${r.u32(off + 4)}`, off + 4, 4, r.u32(off + 4));
    n.add('erspan.sgt', `Security Group Tag: ${r.u16(off + 8)}`, off + 8, 2, r.u16(off + 8));
    const w5 = r.u16(off + 10);
    const ft = (w5 >> 10) & 0x1f;
    const t = n.add('erspan.ft', `Frame Type: ${ft}${ft === 0 ? ' (Ethernet)' : ''}`, off + 10, 2, ft);
    if (ft !== 0) t.text += ' — payload not dissected';
    n.add('erspan.hw', `Hardware ID: ${(w5 >> 4) & 0x3f}`, off + 10, 2, (w5 >> 4) & 0x3f);
    n.add('erspan.o', `Optional Sub-header: ${w5 & 1 ? 'Yes' : 'No'}`, off + 10, 2, w5 & 1);
    let len = 12;
    if (w5 & 1) {
      r.need(off + 12, 8);
      n.add('erspan.platf', 'Platform Specific Sub-header (8 bytes)', off + 12, 8);
      len = 20;
    }
    return layer('erspan', 'Encapsulated Remote Switch Packet ANalysis Type III', off, len, n.nodes);
  });
  return node ? [node] : [];
}

/** `version` as in the header: 1 is Type II, 2 Type III. */
function describe(view: DataView, off: number): { version: number; spanid: number } {
  return { version: view.getUint8(off) >> 4, spanid: view.getUint16(off + 2) & 0x3ff };
}

export const erspanLayer: EncapsulationLayer = { name: 'erspan', decode, tree, describe };
