import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { icmpTypeText } from '../summary/icmpInfo';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TreeContext } from './layer';

/** ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code; the detail tree decodes the rest. */
export function decodeIcmp(view: DataView, off: number, end: number, f: PacketFields, v6: boolean): number {
  f.proto = v6 ? ProtoCode.Icmpv6 : ProtoCode.Icmp;
  if (end - off < 4) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.icmpType = view.getUint8(off);
  f.icmpCode = view.getUint8(off + 1);
  return -1;
}

/** Types whose body quotes the offending datagram (RFC 792, RFC 4443 §3). */
const V4_ERRORS = new Set([3, 4, 5, 11, 12]);
const V6_ERRORS = new Set([1, 2, 3, 4]);

/**
 * ICMP / ICMPv6 header. For error messages the quoted datagram is dissected (network + transport
 * headers, within the captured bytes), because it names the connection the error is about —
 * port unreachable, fragmentation needed, packet too big. Where the message ends by the IP
 * header's length (`declaredEnd`) a short snaplen (`tcpdump -s 64`) captures less, and the quoted
 * datagram is then marked truncated. An error quoting an error is not dissected further
 * (RFC 1122 §3.2.2 forbids sending one).
 */
function icmpTree(v6: boolean) {
  return (c: TreeContext, off: number, end: number, _next: number, f: PacketFields): DetailNode[] => {
    if (end <= off) return [];
    const declaredEnd = f.l4Off >= 0 ? f.l4Off + f.l4Len : end;
    const prefix = v6 ? 'icmpv6' : 'icmp';
    const name = v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol';
    const view = c.view;
    const r = new FieldReader(view, end);
    const node = withinCaptured(prefix, name, off, end, (n) => {
      const type = r.u8(off);
      const codeIfCaptured = r.has(off + 1, 1) ? view.getUint8(off + 1) : 0;
      n.add(`${prefix}.type`, `Type: ${type} (${icmpTypeText(type, codeIfCaptured, v6).replace(/ \(.*$/, '')})`, off, 1, type);
      const code = r.u8(off + 1);
      n.add(`${prefix}.code`, `Code: ${code}`, off + 1, 1, code);
      n.add(`${prefix}.checksum`, `Checksum: ${hex(r.u16(off + 2), 4)} [unverified]`, off + 2, 2, r.u16(off + 2));
      const isEcho = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
      if (isEcho) {
        n.add(`${prefix}.ident`, `Identifier (BE): ${r.u16(off + 4)} (${hex(r.u16(off + 4), 4)})`, off + 4, 2, r.u16(off + 4));
        n.add(`${prefix}.seq`, `Sequence Number (BE): ${r.u16(off + 6)}`, off + 6, 2, r.u16(off + 6));
        if (end - off > 8) n.add('data', `Data (${end - off - 8} bytes)`, off + 8, end - off - 8);
      }
      const isError = v6 ? V6_ERRORS.has(type) : V4_ERRORS.has(type);
      if (isError) {
        if (!v6 && type === 3 && code === 4) n.add('icmp.mtu', `MTU of next hop: ${r.u16(off + 6)}`, off + 6, 2, r.u16(off + 6));
        else if (v6 && type === 2) n.add('icmpv6.mtu', `MTU: ${r.u32(off + 4)}`, off + 4, 4, r.u32(off + 4));
        else r.need(off + 4, 4); // the unused / pointer word: a message cut inside it is cut
        const at = off + 8;
        const captured = Math.max(0, end - at),
          declared = Math.max(captured, declaredEnd - at);
        const inner = captured > 0 && !c.inError ? c.quoted(at, end) : [];
        if (captured < declared)
          inner.push({
            field: `${prefix}.quoted.truncated`,
            text: `[Quoted datagram truncated: ${captured} of ${declared} bytes captured]`,
            offset: Math.min(at, end),
            length: 0,
            severity: 'note',
          });
        if (inner.length)
          n.nodes.push({ field: `${prefix}.quoted`, text: 'Quoted datagram (the packet this error is about)', offset: at, length: captured, children: inner });
      }
      return layer(prefix, name, off, end - off, n.nodes);
    });
    return node ? [node] : [];
  };
}

export const icmpLayer: Layer = { name: 'icmp', decode: (v, o, e, f) => decodeIcmp(v, o, e, f, false), tree: icmpTree(false) };
export const icmpv6Layer: Layer = { name: 'icmpv6', decode: (v, o, e, f) => decodeIcmp(v, o, e, f, true), tree: icmpTree(true) };
