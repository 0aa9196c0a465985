import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import type { Frame } from './captureWriter';
import { pcapFile } from './captureWriter';
import { concat, ethernet, icmpEcho, ipv4, linuxSynOptions, tcp, u16, u32, withTransportChecksum } from './packetBuilder';

export const SYN = 0x002,
  ACK = 0x010,
  FIN = 0x001,
  RST = 0x004,
  PSH = 0x008;

export interface SegmentOptions {
  payload?: number;
  options?: number[];
  ttl?: number;
  seq?: number;
  ack?: number;
  win?: number;
  /** Seconds after the previous frame. */
  dt?: number;
  /** Do not advance the sender's sequence number (retransmissions, probes). */
  replay?: boolean;
  /** Write a wrong TCP checksum (the scenario computes right ones when made with `checksums`). */
  badChecksum?: boolean;
  /** Bytes of the frame to leave out of the capture (as a snap length does); the frame's length stays. */
  truncate?: number;
}

/**
 * Writes a TCP conversation segment by segment, tracking both sides' sequence
 * numbers like a stack would, so tests can state a scenario in a few lines.
 */
export class TcpScenario {
  private frames: Frame[] = [];
  private time: number;
  private nextSeq: Record<'c' | 's', number>;
  private tsClock = 1000;

  constructor(
    readonly o: { client?: string; server?: string; cport?: number; sport?: number; t0?: number; cIsn?: number; sIsn?: number; checksums?: boolean } = {},
  ) {
    this.time = o.t0 ?? 1700000000;
    this.nextSeq = { c: o.cIsn ?? 1_000_000, s: o.sIsn ?? 5_000_000 };
  }

  /** Linux-like SYN options with a timestamp from this scenario's clock. */
  synOptions(tsecr = 0): number[] {
    return linuxSynOptions(this.tsClock++, tsecr);
  }

  tsOption(tsval: number, tsecr: number): number[] {
    return [1, 1, 8, 10, ...u32(tsval), ...u32(tsecr)];
  }

  c(flags: number, o: SegmentOptions = {}): number {
    return this.segment('c', flags, o);
  }

  s(flags: number, o: SegmentOptions = {}): number {
    return this.segment('s', flags, o);
  }

  /** Sequence number the side will use next. */
  seqOf(side: 'c' | 's'): number {
    return this.nextSeq[side];
  }

  raw(data: Uint8Array, dt = 0.001): number {
    this.time += dt;
    this.frames.push(this.frame(data));
    return this.frames.length;
  }

  /** An ICMP error from the server side quoting `quoted` (an IPv4 datagram). */
  icmpError(type: number, code: number, rest: number, quoted: Uint8Array, dt = 0.001): number {
    const body = concat([type, code, 0, 0, ...u32(rest)], quoted.subarray(0, 28));
    return this.raw(ethernet(ipv4(body, { proto: 1, src: '192.0.2.254', dst: this.o.client ?? '10.0.0.1', ttl: 254 }), 0x0800), dt);
  }

  /** The IPv4 datagram a client segment would be (for quoting in ICMP errors). */
  clientDatagram(flags: number, seq: number, payload: number): Uint8Array {
    return ipv4(tcp({ sport: this.o.cport ?? 40000, dport: this.o.sport ?? 80, seq, flags, payload: new Uint8Array(payload) }), {
      proto: 6,
      src: this.o.client ?? '10.0.0.1',
      dst: this.o.server ?? '10.0.0.2',
    });
  }

  /** An unrelated packet `dt` seconds after the previous one (to place the end of the capture). */
  ping(dt = 0.001): number {
    return this.raw(ethernet(ipv4(icmpEcho(8, 1, 1), { proto: 1 }), 0x0800), dt);
  }

  capture(): Capture {
    return openCaptureBytes(this.bytes());
  }

  bytes(): Uint8Array {
    return pcapFile(this.frames);
  }

  private frame(data: Uint8Array, origLen?: number): Frame {
    const sec = Math.floor(this.time);
    return { sec, frac: Math.round((this.time - sec) * 1e6) % 1000000, data, origLen };
  }

  private segment(side: 'c' | 's', flags: number, o: SegmentOptions): number {
    const peer = side === 'c' ? 's' : 'c';
    const seq = o.seq ?? this.nextSeq[side];
    const ack = o.ack ?? (flags & ACK ? this.nextSeq[peer] : 0);
    const payload = o.payload ?? 0;
    const fromClient = side === 'c';
    const t = tcp({
      sport: fromClient ? (this.o.cport ?? 40000) : (this.o.sport ?? 80),
      dport: fromClient ? (this.o.sport ?? 80) : (this.o.cport ?? 40000),
      seq,
      ack,
      flags,
      win: o.win ?? 502,
      options: o.options,
      payload: new Uint8Array(payload),
    });
    const ip = ipv4(t, {
      proto: 6,
      ttl: o.ttl ?? (fromClient ? 64 : 61),
      src: fromClient ? (this.o.client ?? '10.0.0.1') : (this.o.server ?? '10.0.0.2'),
      dst: fromClient ? (this.o.server ?? '10.0.0.2') : (this.o.client ?? '10.0.0.1'),
    });
    if (this.o.checksums || o.badChecksum) withTransportChecksum(ip, o.badChecksum);
    if (!o.replay) this.nextSeq[side] = (seq + payload + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
    this.time += o.dt ?? 0.001;
    const frame = ethernet(ip, 0x0800);
    this.frames.push(o.truncate ? this.frame(frame.subarray(0, frame.length - o.truncate), frame.length) : this.frame(frame));
    return this.frames.length;
  }
}

export { u16 };

/** SYN, SYN/ACK, ACK, 100 bytes from the client, its ACK, 200 bytes from the server, its ACK. */
export function dataExchange(sc = new TcpScenario()): TcpScenario {
  sc.c(SYN, { options: sc.synOptions() });
  sc.s(SYN | ACK, { options: sc.synOptions() });
  sc.c(ACK);
  sc.c(PSH | ACK, { payload: 100 });
  sc.s(ACK);
  sc.s(PSH | ACK, { payload: 200 });
  sc.c(ACK);
  return sc;
}

/** A handshake, 100 bytes from the client, the next 100 missing from the capture, 100 more, and the server's ACK over all 300. */
export function contentGap(sc = new TcpScenario()): TcpScenario {
  sc.c(SYN, { options: sc.synOptions() });
  sc.s(SYN | ACK, { options: sc.synOptions() });
  sc.c(ACK);
  sc.c(PSH | ACK, { payload: 100 });
  sc.c(PSH | ACK, { payload: 100, seq: sc.seqOf('c') + 100 });
  sc.s(ACK);
  return sc;
}
