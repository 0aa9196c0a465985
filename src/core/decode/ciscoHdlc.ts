import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { ipv4Text } from './addressText';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * Cisco HDLC (LINKTYPE_C_HDLC 104): address, control, and an Ethertype. SLARP (0x8035, Cisco's
 * keepalive and address resolution) and CDP (0x2000) are named in the Info, not decoded further.
 */
const HEADER = 4;
const ETHERTYPE_SLARP = 0x8035;
const ETHERTYPE_CDP = 0x2000;
const NAMED: Record<number, string> = { [ETHERTYPE_SLARP]: 'SLARP', [ETHERTYPE_CDP]: 'CDP', 0xfefe: 'OSI', 0x8137: 'IPX' };

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const type = view.getUint16(off + 2);
  f.etherType = type;
  f.next = layerForEtherType(type);
  return off + HEADER;
}

/** Wireshark's SLARP Info: "Request, from A, mask M", "Reply, …", "Line keepalive, outgoing sequence N, returned sequence M". */
function slarpInfo(view: DataView, at: number, end: number): string {
  if (end - at < 4) return 'Serial Line ARP (truncated)';
  const op = view.getUint32(at);
  if ((op === 0 || op === 1) && end - at >= 12) {
    return `${op === 0 ? 'Request' : 'Reply'}, from ${ipv4Text(view.getUint32(at + 4))}, mask ${ipv4Text(view.getUint32(at + 8))}`;
  }
  if (op === 2 && end - at >= 12) return `Line keepalive, outgoing sequence ${view.getUint32(at + 4)}, returned sequence ${view.getUint32(at + 8)}`;
  return `Unknown SLARP opcode ${op}`;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  if (end - off < HEADER) return { protocol: 'CHDLC', info: 'Cisco HDLC (truncated)' };
  const type = view.getUint16(off + 2);
  if (type === ETHERTYPE_SLARP) return { protocol: 'SLARP', info: slarpInfo(view, off + HEADER, end) };
  if (NAMED[type]) return { protocol: NAMED[type], info: `${NAMED[type]} over Cisco HDLC` };
  return { protocol: 'CHDLC', info: `Protocol ${etherTypeText(type)}`, undecoded: `ethertype ${etherTypeText(type)}` };
}

function tree(c: TreeContext, off: number, end: number, next: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('chdlc', 'Cisco HDLC', off, end, (n) => {
    const addr = r.u8(off);
    n.add('chdlc.address', `Address: ${addr === 0x8f ? 'Multicast' : addr === 0x0f ? 'Unicast' : 'Unknown'} (${hex(addr, 2)})`, off, 1, addr);
    n.add('chdlc.control', `Control: ${hex(r.u8(off + 1), 2)}`, off + 1, 1, r.u8(off + 1));
    const type = r.u16(off + 2);
    n.add('chdlc.protocol', `Protocol: ${NAMED[type] && type !== 0x8137 ? `${NAMED[type]} (${hex(type, 4)})` : etherTypeText(type)}`, off + 2, 2, type);
    if (next < 0 || !layerForEtherType(type)) {
      const s = summary(c.view, off, end);
      if (end > off + HEADER) n.add('chdlc.payload', `${s.protocol}: ${s.info}`, off + HEADER, end - off - HEADER);
    }
    return layer('chdlc', 'Cisco HDLC', off, HEADER, n.nodes);
  });
  return node ? [node] : [];
}

export const ciscoHdlcLayer: Layer = { name: 'chdlc', decode, tree, summary };
