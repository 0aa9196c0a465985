import { icmpTypeText } from '../summary/icmpInfo';
import type { DetailNode } from './detailNode';
import { hex, layer } from './detailNode';
import { FieldReader, withinCaptured } from './fieldReader';

/** Types whose body quotes the offending datagram (RFC 792, RFC 4443 §3). */
const V4_ERRORS = new Set([3, 4, 5, 11, 12]);
const V6_ERRORS = new Set([1, 2, 3, 4]);

/**
 * ICMP / ICMPv6 header. For error messages the quoted datagram is dissected
 * by `quoted` (network + transport headers, within the captured bytes), because it names the
 * connection the error is about — port unreachable, fragmentation needed, packet too big.
 * `declaredEnd`: where the message ends by the IP header's length; a short snaplen
 * (`tcpdump -s 64`) captures less, and the quoted datagram is then marked truncated.
 */
export function icmpTree(view: DataView, off: number, end: number, declaredEnd: number, v6: boolean, quoted: (at: number) => DetailNode[]): DetailNode | undefined {
  if (end <= off) return undefined;
  const prefix = v6 ? 'icmpv6' : 'icmp';
  const name = v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol';
  const r = new FieldReader(view, end);
  return withinCaptured(prefix, name, off, end, (n) => {
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
      const captured = Math.max(0, end - at), declared = Math.max(captured, declaredEnd - at);
      const inner = captured > 0 ? quoted(at) : [];
      if (captured < declared) inner.push({ field: `${prefix}.quoted.truncated`, text: `[Quoted datagram truncated: ${captured} of ${declared} bytes captured]`, offset: Math.min(at, end), length: 0, severity: 'note' });
      if (inner.length) n.nodes.push({ field: `${prefix}.quoted`, text: 'Quoted datagram (the packet this error is about)', offset: at, length: captured, children: inner });
    }
    return layer(prefix, name, off, end - off, n.nodes);
  });
}
