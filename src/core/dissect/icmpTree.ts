import { icmpTypeText } from '../summary/icmpInfo';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';

/** Types whose body quotes the offending datagram (RFC 792, RFC 4443 §3). */
const V4_ERRORS = new Set([3, 4, 5, 11, 12]);
const V6_ERRORS = new Set([1, 2, 3, 4]);

/**
 * ICMP / ICMPv6 header. For error messages the quoted datagram is dissected
 * by `quoted` (network + transport headers), because it names the connection
 * the error is about — port unreachable, fragmentation needed, packet too big.
 */
export function icmpTree(view: DataView, off: number, end: number, v6: boolean, quoted: (at: number) => DetailNode[]): DetailNode | undefined {
  if (end - off < 4) return undefined;
  const n = new NodeList();
  const type = view.getUint8(off), code = view.getUint8(off + 1);
  const prefix = v6 ? 'icmpv6' : 'icmp';
  n.add(`${prefix}.type`, `Type: ${type} (${icmpTypeText(type, code, v6).replace(/ \(.*$/, '')})`, off, 1, type);
  n.add(`${prefix}.code`, `Code: ${code}`, off + 1, 1, code);
  n.add(`${prefix}.checksum`, `Checksum: ${hex(view.getUint16(off + 2), 4)} [unverified]`, off + 2, 2, view.getUint16(off + 2));
  const isEcho = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  if (isEcho && end - off >= 8) {
    n.add(`${prefix}.ident`, `Identifier (BE): ${view.getUint16(off + 4)} (${hex(view.getUint16(off + 4), 4)})`, off + 4, 2, view.getUint16(off + 4));
    n.add(`${prefix}.seq`, `Sequence Number (BE): ${view.getUint16(off + 6)}`, off + 6, 2, view.getUint16(off + 6));
    if (end - off > 8) n.add('data', `Data (${end - off - 8} bytes)`, off + 8, end - off - 8);
  }
  const isError = v6 ? V6_ERRORS.has(type) : V4_ERRORS.has(type);
  if (isError && end - off >= 8) {
    if (!v6 && type === 3 && code === 4) n.add('icmp.mtu', `MTU of next hop: ${view.getUint16(off + 6)}`, off + 6, 2, view.getUint16(off + 6));
    if (v6 && type === 2) n.add('icmpv6.mtu', `MTU: ${view.getUint32(off + 4)}`, off + 4, 4, view.getUint32(off + 4));
    const inner = quoted(off + 8);
    if (inner.length) n.nodes.push({ field: `${prefix}.quoted`, text: 'Quoted datagram (the packet this error is about)', offset: off + 8, length: end - off - 8, children: inner });
  }
  return layer(prefix, v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol', off, end - off, n.nodes);
}
