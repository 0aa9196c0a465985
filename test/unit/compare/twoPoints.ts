import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import type { Frame } from '../helpers/captureWriter';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, ipv4, tcp, u16 } from '../helpers/packetBuilder';

/** What a path does to one packet (tests state it per packet). */
export interface PathEvent {
  from: 'c' | 's';
  flags: number;
  seq: number;
  ack?: number;
  payload?: number[];
  id: number;
  /** Seconds since the start, at the sender's point. */
  t: number;
  /** Only upstream (lost between), or only downstream (appeared between). */
  only?: 'up' | 'down';
  /** Changes the downstream copy's IPv4 packet (bytes, TCP checksum already right) in place. */
  change?: (ip: Uint8Array) => void;
  options?: number[];
  ttl?: number;
  tos?: number;
  /** The client's port (default 40000). */
  cport?: number;
}

export const CLIENT = '10.0.0.1',
  SERVER = '10.0.0.2';

/** A TCP checksum over the RFC 9293 pseudo-header, written into the IPv4 packet. */
export function fixTcpChecksum(ip: Uint8Array): void {
  const ihl = (ip[0] & 15) * 4;
  ip[ihl + 16] = 0;
  ip[ihl + 17] = 0;
  const bytes = [...ip.subarray(12, 20), 0, 6, ...u16(ip.length - ihl), ...ip.subarray(ihl)];
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff;
  ip[ihl + 16] = c >> 8;
  ip[ihl + 17] = c & 255;
}

/** Recomputes the IPv4 header checksum in place. */
export function fixIpChecksum(ip: Uint8Array): void {
  const ihl = (ip[0] & 15) * 4;
  ip[10] = 0;
  ip[11] = 0;
  let sum = 0;
  for (let i = 0; i < ihl; i += 2) sum += (ip[i] << 8) | ip[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff;
  ip[10] = c >> 8;
  ip[11] = c & 255;
}

/**
 * Two captures of one client↔server conversation: A on the client's side, B on the server's, a
 * path of `hops` routers and `delay` seconds between them, and B's clock `shift` seconds off.
 * Each event is sent at its sender's point at `t` and reaches the other point `delay` later.
 */
export function twoPoints(
  events: PathEvent[],
  o: { hops?: number; delay?: number; shift?: number; t0?: number; extraA?: Frame[] } = {},
): { a: Capture; b: Capture } {
  const hops = o.hops ?? 1,
    delay = o.delay ?? 0.002,
    shift = o.shift ?? 0,
    t0 = o.t0 ?? 1_700_000_000;
  const atA: Frame[] = [...(o.extraA ?? [])],
    atB: Frame[] = [];
  const frame = (t: number, ip: Uint8Array): Frame => {
    const sec = Math.floor(t);
    return { sec, frac: Math.round((t - sec) * 1e6), data: ethernet(ip, 0x0800) };
  };
  for (const e of events) {
    const client = e.from === 'c';
    const ttl = e.ttl ?? 64;
    const build = (ttlHere: number) => {
      const seg = tcp({
        sport: client ? 40000 : 80,
        dport: client ? 80 : 40000,
        seq: e.seq,
        ack: e.ack ?? 0,
        flags: e.flags,
        payload: Uint8Array.from(e.payload ?? []),
        options: e.options,
      });
      const ip = ipv4(seg, { src: client ? CLIENT : SERVER, dst: client ? SERVER : CLIENT, proto: 6, ttl: ttlHere, id: e.id });
      if (e.tos) {
        ip[1] = e.tos;
        fixIpChecksum(ip);
      }
      fixTcpChecksum(ip);
      return ip;
    };
    const up = build(ttl);
    const down = build(ttl - hops);
    if (e.change) {
      e.change(down);
      fixIpChecksum(down);
    }
    const tUp = t0 + e.t,
      tDown = t0 + e.t + delay;
    // The client's side is A: its packets are upstream at A; the server's at B (whose clock is shifted).
    if (e.only !== 'down') (client ? atA : atB).push(frame(client ? tUp : tUp + shift, up));
    if (e.only !== 'up') (client ? atB : atA).push(frame(client ? tDown + shift : tDown, down));
  }
  const sorted = (fs: Frame[]) => fs.sort((x, y) => x.sec - y.sec || x.frac - y.frac);
  return { a: openCaptureBytes(pcapFile(sorted(atA))), b: openCaptureBytes(pcapFile(sorted(atB))) };
}

/** An ARP request frame (never forwarded by a router). */
export function arpFrame(t: number): Frame {
  const arp = concat(u16(1), u16(0x0800), [6, 4], u16(1), [2, 0, 0, 0, 0, 1], [10, 0, 0, 1], [0, 0, 0, 0, 0, 0], [10, 0, 0, 254]);
  return { sec: Math.floor(t), frac: 0, data: ethernet(arp, 0x0806) };
}
