/**
 * Builds frames byte by byte for corner-case tests: Ethernet, VLAN, IPv4/IPv6,
 * TCP with arbitrary option bytes, UDP, ICMP. IPv4 header and ICMP checksums are
 * computed; TCP and UDP ones are left 0 unless withTransportChecksum fills them
 * (they need the IP addresses).
 */

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, at);
    at += p.length;
  }
  return out;
}

export function u16(v: number): number[] {
  return [(v >> 8) & 255, v & 255];
}
export function u32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

function checksum(bytes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (i + 1 < bytes.length ? bytes[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function ipv4Bytes(a: string): number[] {
  return a.split('.').map(Number);
}

export function ipv6Bytes(a: string): number[] {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => u16(parseInt(g, 16)));
}

export function ethernet(payload: Uint8Array, etherType: number, vlans: Array<{ tpid: number; vid: number }> = []): Uint8Array {
  const tags = vlans.flatMap((v) => [...u16(v.tpid), ...u16(v.vid)]);
  return concat([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], tags, u16(etherType), payload);
}

export interface Ipv4Options {
  src?: string;
  dst?: string;
  proto: number;
  ttl?: number;
  id?: number;
  flags?: number;
  fragOffset?: number;
  options?: number[];
  totalLength?: number;
}

export function ipv4(payload: Uint8Array, o: Ipv4Options): Uint8Array {
  const opts = o.options ?? [];
  const ihl = 20 + opts.length;
  const total = o.totalLength ?? ihl + payload.length;
  const h = [
    0x40 | (ihl / 4),
    0,
    ...u16(total),
    ...u16(o.id ?? 1),
    ...u16(((o.flags ?? 2) << 13) | ((o.fragOffset ?? 0) / 8)),
    o.ttl ?? 64,
    o.proto,
    0,
    0,
    ...ipv4Bytes(o.src ?? '10.0.0.1'),
    ...ipv4Bytes(o.dst ?? '10.0.0.2'),
    ...opts,
  ];
  const c = checksum(h);
  h[10] = c >> 8;
  h[11] = c & 255;
  return concat(h, payload);
}

export function ipv6(payload: Uint8Array, o: { src?: string; dst?: string; nextHeader: number; hopLimit?: number; ext?: number[] }): Uint8Array {
  const ext = o.ext ?? [];
  return concat(
    [0x60, 0, 0, 0],
    u16(ext.length + payload.length),
    [o.nextHeader, o.hopLimit ?? 64],
    ipv6Bytes(o.src ?? 'fd00::1'),
    ipv6Bytes(o.dst ?? 'fd00::2'),
    ext,
    payload,
  );
}

export interface TcpOptions {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags: number;
  win?: number;
  options?: number[];
  payload?: Uint8Array;
  urg?: number;
}

export function tcp(o: TcpOptions): Uint8Array {
  const opts = [...(o.options ?? [])];
  while (opts.length % 4) opts.push(1);
  const hlen = 20 + opts.length;
  return concat(
    u16(o.sport ?? 51234),
    u16(o.dport ?? 80),
    u32(o.seq ?? 1000),
    u32(o.ack ?? 0),
    u16(((hlen / 4) << 12) | o.flags),
    u16(o.win ?? 64240),
    [0, 0],
    u16(o.urg ?? 0),
    opts,
    o.payload ?? new Uint8Array(),
  );
}

export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return concat(u16(sport), u16(dport), u16(8 + payload.length), [0, 0], payload);
}

export function icmpEcho(type: number, id: number, seq: number, data: number[] = []): Uint8Array {
  const b = [type, 0, 0, 0, ...u16(id), ...u16(seq), ...data];
  const c = checksum(b);
  b[2] = c >> 8;
  b[3] = c & 255;
  return Uint8Array.from(b);
}

/** The founding case's SYN options: MSS 1460, SACK_PERM, TS, NOP, WS 7 (Linux order). */
export function linuxSynOptions(tsval: number, tsecr: number): number[] {
  return [2, 4, ...u16(1460), 4, 2, 8, 10, ...u32(tsval), ...u32(tsecr), 1, 3, 3, 7];
}

/**
 * Fills the TCP or UDP checksum of an IPv4 or IPv6 packet (no extension headers) in place, over the
 * RFC 9293 §3.1 / RFC 8200 §8.1 pseudo-header; `corrupt` writes a wrong one instead.
 */
export function withTransportChecksum(ip: Uint8Array, corrupt = false): Uint8Array {
  const v6 = ip[0] >> 4 === 6;
  const l4 = v6 ? 40 : (ip[0] & 15) * 4;
  const proto = v6 ? ip[6] : ip[9];
  const at = l4 + (proto === 6 ? 16 : 6);
  ip[at] = 0;
  ip[at + 1] = 0;
  const len = ip.length - l4;
  const addrs = v6 ? ip.subarray(8, 40) : ip.subarray(12, 20);
  const c = checksum([...addrs, 0, proto, ...u16(len), ...ip.subarray(l4)]);
  const value = corrupt ? (c ^ 0x5a5a) & 0xffff : c;
  ip[at] = value >> 8;
  ip[at + 1] = value & 255;
  return ip;
}
