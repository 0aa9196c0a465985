import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import { decodeRow } from '../summary/decodedRow';

/** An ICMP/ICMPv6 error and the TCP stream its quoted datagram belongs to. */
export interface IcmpError {
  packet: number;
  stream: number;
  v6: boolean;
  type: number;
  code: number;
  mtu?: number;
}

const cache = new WeakMap<Capture, Map<number, IcmpError[]>>();

/**
 * Matches ICMP errors to the TCP streams they are about by decoding the quoted
 * IP and TCP headers (RFC 792 quotes the IP header plus 8 bytes: enough for ports).
 */
export function icmpErrorsByStream(capture: Capture): Map<number, IcmpError[]> {
  const hit = cache.get(capture);
  if (hit) return hit;
  const out = new Map<number, IcmpError[]>();
  const ix = capture.index;
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    if (p !== ProtoCode.Icmp && p !== ProtoCode.Icmpv6) continue;
    const v6 = p === ProtoCode.Icmpv6;
    const type = ix.sport[i],
      code = ix.dport[i];
    if (v6 ? type < 1 || type > 4 : type !== 3 && type !== 11 && type !== 12) continue;
    const row = decodeRow(capture, i);
    const q = row.f.l4Off + 8;
    const b = row.view;
    let src = 0,
      dst = 0,
      l4 = -1,
      proto = -1;
    if (!v6 && q + 20 <= row.bytes.length && b.getUint8(q) >> 4 === 4) {
      src = ix.addresses.internIpv4(b.getUint32(q + 12));
      dst = ix.addresses.internIpv4(b.getUint32(q + 16));
      proto = b.getUint8(q + 9);
      l4 = q + (b.getUint8(q) & 15) * 4;
    } else if (v6 && q + 40 <= row.bytes.length && b.getUint8(q) >> 4 === 6) {
      src = ix.addresses.internIpv6(b, q + 8);
      dst = ix.addresses.internIpv6(b, q + 24);
      proto = b.getUint8(q + 6);
      l4 = q + 40;
    }
    if (proto !== 6 || l4 + 4 > row.bytes.length) continue;
    const stream = ix.tcpStreams.find(src, dst, b.getUint16(l4), b.getUint16(l4 + 2));
    if (stream < 0) continue;
    const e: IcmpError = { packet: i, stream, v6, type, code };
    if (!v6 && type === 3 && code === 4) e.mtu = b.getUint16(row.f.l4Off + 6);
    if (v6 && type === 2) e.mtu = b.getUint32(row.f.l4Off + 4);
    const list = out.get(stream);
    if (list) list.push(e);
    else out.set(stream, [e]);
  }
  cache.set(capture, out);
  return out;
}

/** The ICMP error that rejects a connection attempt: destination unreachable (ICMPv6 type 1) quoting its SYN. */
export function unreachableFor(capture: Capture, stream: number): IcmpError | undefined {
  return icmpErrorsByStream(capture)
    .get(stream)
    ?.find((e) => (e.v6 ? e.type === 1 : e.type === 3));
}
