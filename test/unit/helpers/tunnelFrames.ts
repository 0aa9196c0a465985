import { concat, ethernet, ipv4, ipv6, tcp, u16, u32, udp } from './packetBuilder';

/**
 * Frames of every encapsulation the engine follows, built byte by byte around one inner TCP SYN
 * (10.78.0.1:40000 → 10.78.0.2:80) or UDP datagram; outer endpoints 10.77.0.1 → 10.77.0.2.
 */
export const innerSyn = () => ipv4(tcp({ sport: 40000, dport: 80, flags: 0x002, seq: 7 }), { proto: 6, src: '10.78.0.1', dst: '10.78.0.2' });
export const innerUdp = () => ipv4(udp(5000, 53, Uint8Array.from([1, 2, 3, 4])), { proto: 17, src: '10.78.0.1', dst: '10.78.0.2' });
const innerEth = (ip: Uint8Array, vlans: Array<{ tpid: number; vid: number }> = []) => ethernet(ip, ip[0] >> 4 === 6 ? 0x86dd : 0x0800, vlans);
const outerV4 = (proto: number, payload: Uint8Array) => ethernet(ipv4(payload, { proto, src: '10.77.0.1', dst: '10.77.0.2' }), 0x0800);
const overUdp = (dport: number, payload: Uint8Array) => outerV4(17, udp(51000, dport, payload));

export function vxlanFrame(vni: number, inner: Uint8Array = innerEth(innerSyn())): Uint8Array {
  return overUdp(4789, concat([0x08, 0, 0, 0], u32(vni << 8), inner));
}

export function vxlanVlanFrame(vni: number): Uint8Array {
  return vxlanFrame(vni, innerEth(innerSyn(), [{ tpid: 0x8100, vid: 30 }]));
}

/** GRE with checksum, key and sequence number (RFC 2890) carrying IPv4. */
export function greAllFieldsFrame(key: number, seq: number): Uint8Array {
  return outerV4(47, concat(u16(0xb000), u16(0x0800), [0, 0, 0, 0], u32(key), u32(seq), innerUdp()));
}

export function gretapFrame(): Uint8Array {
  return outerV4(47, concat(u16(0x2000), u16(0x6558), u32(7), innerEth(innerSyn())));
}

export function erspanFrame(type: 1 | 2 | 3, spanId: number): Uint8Array {
  const mirrored = innerEth(innerSyn());
  if (type === 1) return outerV4(47, concat(u16(0), u16(0x88be), mirrored));
  if (type === 2) return outerV4(47, concat(u16(0x1000), u16(0x88be), u32(1), u16(0x1000 | 10), u16(spanId), u32(5), mirrored));
  return outerV4(47, concat(u16(0x1000), u16(0x22eb), u32(1), u16(0x2000 | 10), u16(spanId), u32(123456), u16(0), u16(0), mirrored));
}

/** Three labels; the bottom one carries IPv4. */
export function mplsFrame(labels: number[], payload: Uint8Array = innerSyn()): Uint8Array {
  const stack = labels.flatMap((l, k) => u32(((l << 12) | (k === labels.length - 1 ? 0x100 : 0) | 64) >>> 0));
  return ethernet(concat(stack, payload), 0x8847);
}

/** An Ethernet pseudowire with a control word (RFC 4448) under one label. */
export function mplsPwFrame(): Uint8Array {
  return mplsFrame([100], concat([0, 0, 0, 5], innerEth(innerSyn())));
}

/** Geneve with one 8-byte option, carrying Ethernet with IPv6 inside. */
export function geneveFrame(vni: number): Uint8Array {
  const v6 = ipv6(tcp({ sport: 40001, dport: 443, flags: 0x002 }), { nextHeader: 6, src: 'fd78::1', dst: 'fd78::2' });
  return overUdp(6081, concat([0x02, 0], u16(0x6558), u32(vni << 8), u16(0x0102), [0x03, 0x01], u32(0xdeadbeef), innerEth(v6)));
}

/** GTP-U T-PDU with a sequence number and one extension header (PDU session container). */
export function gtpFrame(teid: number): Uint8Array {
  return overUdp(2152, concat([0x36, 0xff], u16(0), u32(teid), u16(1), [0, 0x85], [1, 0x10, 0x09, 0], innerUdp()));
}

export function gtpEchoFrame(): Uint8Array {
  return overUdp(2152, concat([0x32, 0x01], u16(4), u32(0), u16(1), [0, 0]));
}

export function ipipFrame(depth = 1): Uint8Array {
  let p = innerSyn();
  for (let k = 0; k < depth; k++) p = ipv4(p, { proto: 4, src: `10.77.0.${k + 1}`, dst: '10.77.0.254' });
  return ethernet(p, 0x0800);
}

export function sitFrame(): Uint8Array {
  return outerV4(41, ipv6(tcp({ sport: 40002, dport: 80, flags: 0x002 }), { nextHeader: 6, src: 'fd78::1', dst: 'fd78::2' }));
}

export function ipv4InIpv6Frame(): Uint8Array {
  return ethernet(ipv6(innerSyn(), { nextHeader: 4, src: 'fd77::1', dst: 'fd77::2' }), 0x86dd);
}

export function teredoFrame(): Uint8Array {
  const v6 = ipv6(udp(3000, 3001, Uint8Array.from([9])), { nextHeader: 17, src: '2001:0:4136:e378::1', dst: '2001:0:4136:e378::2' });
  return overUdp(3544, concat(u16(0), u16(0xffff ^ 40000), u32((0xffffffff ^ 0x0a4d0001) >>> 0), v6));
}

export function pbbFrame(isid: number): Uint8Array {
  return ethernet(concat(u32(isid), innerEth(innerSyn())), 0x88e7);
}

export function vnTagFrame(): Uint8Array {
  return ethernet(concat(u32(0x80050003), u16(0x0800), innerSyn()), 0x8926);
}

/** One frame of each encapsulation (for the truncation sweep and the fuzzer's seeds). */
export function everyTunnelFrame(): Array<[string, Uint8Array]> {
  return [
    ['vxlan', vxlanFrame(42)],
    ['vxlan+vlan', vxlanVlanFrame(43)],
    ['gre', greAllFieldsFrame(1001, 3)],
    ['gretap', gretapFrame()],
    ['erspan I', erspanFrame(1, 0)],
    ['erspan II', erspanFrame(2, 9)],
    ['erspan III', erspanFrame(3, 11)],
    ['mpls', mplsFrame([16, 17, 18])],
    ['mpls pw', mplsPwFrame()],
    ['geneve', geneveFrame(4243)],
    ['gtp', gtpFrame(0x1234)],
    ['gtp echo', gtpEchoFrame()],
    ['ipip', ipipFrame()],
    ['sit', sitFrame()],
    ['4in6', ipv4InIpv6Frame()],
    ['teredo', teredoFrame()],
    ['pbb', pbbFrame(5000)],
    ['vntag', vnTagFrame()],
  ];
}
