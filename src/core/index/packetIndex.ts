import type { CaptureError, CaptureFormat, CaptureInterface } from '../capture/types';
import { AddressTable } from './addressTable';
import { FlowTable } from './flowTable';
import { FragmentTracker } from './fragmentTracker';
import { HttpStartTable } from './httpStarts';
import { PseudoHeaderLengths } from './pseudoHeaderLengths';
import { SynTable } from './synTable';
import { TcpStreamTable } from './tcpStreams';

/** Bits of the `flags` column above the 12 TCP flag bits. */
export const PF_DIRECTION_B = 0x8000; // packet goes B→A within its stream
export const PF_MALFORMED = 0x4000;
export const PF_FRAGMENT = 0x2000;
/** The record's timestamp fraction was out of range (≥ 1 s) and was carried into the seconds. */
export const PF_TIME_CORRECTED = 0x1000;

/** Column values that do not fit their narrow type live in a side map (rare by design). */
/**
 * The `iface` column: interface id in the low 7 bits (127 and up in a side map), and a bit saying an
 * encapsulation (MPLS, GRE, VXLAN…) was decoded, so tunnel filters and the JSON `tunnel` list
 * re-decode only those packets.
 */
const IFACE_OVERFLOW = 0x7f;
const IFACE_ENCAPSULATED = 0x80;
const U16_OVERFLOW = 0xffff;
const U32_OVERFLOW = 0xffffffff;

/**
 * The whole capture as columns of typed arrays, one entry per packet
 * (64 bytes per packet in all). Nothing here is an object per packet.
 *
 * Column meanings depend on the protocol where noted: for ICMP/ICMPv6 the
 * port columns hold type and code; for ARP `sport` holds the opcode.
 */
export class PacketIndex {
  count = 0;
  capacity: number;
  /** Packets marked by markEncapsulated: none, and the tunnel-aware filter fields cost nothing. */
  encapsulatedCount = 0;
  offset: Float64Array;
  sec: Uint32Array;
  nsec: Uint32Array;
  caplen: Uint32Array;
  origLen: Uint32Array;
  iface: Uint8Array;
  proto: Uint8Array;
  optMask: Uint8Array;
  src: Uint32Array;
  dst: Uint32Array;
  sport: Uint16Array;
  dport: Uint16Array;
  flags: Uint16Array;
  seq: Uint32Array;
  ack: Uint32Array;
  win: Uint16Array;
  payloadLen16: Uint16Array;
  stream: Int32Array;
  analysis: Uint16Array;
  tsval: Uint32Array;

  readonly ifaceOverflow = new Map<number, number>();
  readonly payloadOverflow = new Map<number, number>();
  readonly comments = new Map<number, string[]>();
  /** TLS key logs embedded in the file (pcapng Decryption Secrets Blocks), in file order: used without being asked. */
  readonly tlsKeyLogs: string[] = [];
  /** Whole seconds the u32 `sec` column cannot hold (after 2106-02-07 06:28:15 UTC, or before 1970). */
  readonly secOverflow = new Map<number, number>();
  /** Packets whose record has no timestamp (pcapng Simple Packet Blocks, §4.4): no time, no part in first/last/durations. */
  readonly untimed = new Set<number>();
  /** The first packet that has a timestamp: relative times count from it (-1 when none has). */
  firstTimed = -1;
  readonly addresses = new AddressTable();
  readonly tcpStreams = new TcpStreamTable();
  readonly udpStreams = new FlowTable();
  readonly syns = new SynTable();
  /** Segments that start with an HTTP/1.x start word, and what their start lines say (httpStarts.ts). */
  readonly httpStarts = new HttpStartTable();
  readonly fragments = new FragmentTracker();
  /** Capture pseudo-headers (ERF, I2C, SITA …) at the start of packets: not part of the frame's presented lengths. */
  readonly pseudoHeaders = new PseudoHeaderLengths();
  readonly interfaces: CaptureInterface[] = [];
  format?: CaptureFormat;
  error?: CaptureError;
  /** Set once TCP sequence analysis has filled the `analysis` column (beyond reused_ports). */
  analyzed = false;
  /** Duplicate ACKs: packet → [dup number, index of the ACK it duplicates] (tshark's "Dup ACK 97#3"). */
  dupAcks = new Map<number, [number, number]>();

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    const n = this.capacity;
    this.offset = new Float64Array(n);
    this.sec = new Uint32Array(n);
    this.nsec = new Uint32Array(n);
    this.caplen = new Uint32Array(n);
    this.origLen = new Uint32Array(n);
    this.iface = new Uint8Array(n);
    this.proto = new Uint8Array(n);
    this.optMask = new Uint8Array(n);
    this.src = new Uint32Array(n);
    this.dst = new Uint32Array(n);
    this.sport = new Uint16Array(n);
    this.dport = new Uint16Array(n);
    this.flags = new Uint16Array(n);
    this.seq = new Uint32Array(n);
    this.ack = new Uint32Array(n);
    this.win = new Uint16Array(n);
    this.payloadLen16 = new Uint16Array(n);
    this.stream = new Int32Array(n);
    this.analysis = new Uint16Array(n);
    this.tsval = new Uint32Array(n);
  }

  /** Bytes used by the per-packet columns, for the benchmark's bytes-per-packet figure. */
  get columnBytesPerPacket(): number {
    return this.columns().reduce((sum, c) => sum + c.BYTES_PER_ELEMENT, 0);
  }

  /**
   * Releases unused capacity once reading is done. The copy briefly holds old and new columns
   * together, so it is only worth it when much is unused (the growth projection usually lands close).
   */
  trimToCount(): void {
    if (this.capacity - this.count > this.capacity / 8) this.resize(Math.max(16, this.count));
  }

  ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.resize(Math.max(n, Math.ceil(this.capacity * 1.5)));
  }

  private resize(cap: number): void {
    if (cap === this.capacity) return;
    const copy = <T extends { length: number; set(a: ArrayLike<number>): void; subarray(a: number, b: number): ArrayLike<number> }>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(cap);
      next.set(old.subarray(0, this.count));
      return next;
    };
    this.offset = copy(this.offset, (k) => new Float64Array(k));
    this.sec = copy(this.sec, (k) => new Uint32Array(k));
    this.nsec = copy(this.nsec, (k) => new Uint32Array(k));
    this.caplen = copy(this.caplen, (k) => new Uint32Array(k));
    this.origLen = copy(this.origLen, (k) => new Uint32Array(k));
    this.iface = copy(this.iface, (k) => new Uint8Array(k));
    this.proto = copy(this.proto, (k) => new Uint8Array(k));
    this.optMask = copy(this.optMask, (k) => new Uint8Array(k));
    this.src = copy(this.src, (k) => new Uint32Array(k));
    this.dst = copy(this.dst, (k) => new Uint32Array(k));
    this.sport = copy(this.sport, (k) => new Uint16Array(k));
    this.dport = copy(this.dport, (k) => new Uint16Array(k));
    this.flags = copy(this.flags, (k) => new Uint16Array(k));
    this.seq = copy(this.seq, (k) => new Uint32Array(k));
    this.ack = copy(this.ack, (k) => new Uint32Array(k));
    this.win = copy(this.win, (k) => new Uint16Array(k));
    this.payloadLen16 = copy(this.payloadLen16, (k) => new Uint16Array(k));
    this.stream = copy(this.stream, (k) => new Int32Array(k));
    this.analysis = copy(this.analysis, (k) => new Uint16Array(k));
    this.tsval = copy(this.tsval, (k) => new Uint32Array(k));
    this.capacity = cap;
  }

  setInterface(i: number, iface: number): void {
    if (iface >= IFACE_OVERFLOW) {
      this.iface[i] = IFACE_OVERFLOW;
      this.ifaceOverflow.set(i, iface);
    } else this.iface[i] = iface;
  }

  interfaceOf(i: number): number {
    const v = this.iface[i] & IFACE_OVERFLOW;
    return v === IFACE_OVERFLOW ? (this.ifaceOverflow.get(i) ?? v) : v;
  }

  markEncapsulated(i: number): void {
    this.iface[i] |= IFACE_ENCAPSULATED;
    this.encapsulatedCount++;
  }

  /** True when some encapsulation's header was decoded in packet i (its fields are the innermost ones). */
  isEncapsulated(i: number): boolean {
    return (this.iface[i] & IFACE_ENCAPSULATED) !== 0;
  }

  linkTypeOf(i: number): number {
    return this.interfaces[this.interfaceOf(i)]?.linkType ?? -1;
  }

  /**
   * The frame's length on the wire as tshark's frame.len: the record's original length less any
   * capture pseudo-header (origLen and caplen stay the record's, which the bytes are read by).
   */
  frameLen(i: number): number {
    return Math.max(0, this.origLen[i] - this.pseudoHeaders.of(i, this.interfaceOf(i)));
  }

  /** The captured length as tshark's frame.cap_len (see frameLen). */
  frameCapLen(i: number): number {
    return Math.max(0, this.caplen[i] - this.pseudoHeaders.of(i, this.interfaceOf(i)));
  }

  setPayloadLen(i: number, len: number): void {
    if (len >= U16_OVERFLOW) {
      this.payloadLen16[i] = U16_OVERFLOW;
      this.payloadOverflow.set(i, len);
    } else this.payloadLen16[i] = len;
  }

  payloadLen(i: number): number {
    const v = this.payloadLen16[i];
    return v === U16_OVERFLOW ? (this.payloadOverflow.get(i) ?? v) : v;
  }

  /**
   * Records packet i's time; seconds beyond the column's range go to the side map (a pcapng
   * timestamp is 64 bits wide, so 2106 is no limit there; if_tsoffset may reach before 1970).
   */
  setTime(i: number, sec: number, nsec: number): void {
    if (sec >= 0 && sec < U32_OVERFLOW) this.sec[i] = sec;
    else {
      this.sec[i] = U32_OVERFLOW;
      this.secOverflow.set(i, sec);
    }
    this.nsec[i] = nsec;
    if (this.firstTimed < 0) this.firstTimed = i;
  }

  /** Packet i's record carries no timestamp (called after setTime for it). */
  setUntimed(i: number): void {
    this.sec[i] = 0;
    this.nsec[i] = 0;
    this.secOverflow.delete(i);
    this.untimed.add(i);
    if (this.firstTimed === i) this.firstTimed = -1;
  }

  hasTime(i: number): boolean {
    return this.untimed.size === 0 || !this.untimed.has(i);
  }

  /**
   * Whole seconds since the epoch of packet i, full range: every reader of packet time goes
   * through this (with nsec[i]) rather than the raw column. 0 for a packet without timestamp
   * (check hasTime).
   */
  seconds(i: number): number {
    const v = this.sec[i];
    return v === U32_OVERFLOW ? (this.secOverflow.get(i) ?? v) : v;
  }

  /** Seconds since the epoch as a double (display; exact nanoseconds via seconds/nsec); NaN without timestamp. */
  time(i: number): number {
    return this.hasTime(i) ? this.seconds(i) + this.nsec[i] / 1e9 : NaN;
  }

  /** Seconds from packet `from` to packet `to` (negative when out of order); NaN if either has no timestamp. */
  secondsBetween(from: number, to: number): number {
    if (!this.hasTime(from) || !this.hasTime(to)) return NaN;
    return this.seconds(to) - this.seconds(from) + (this.nsec[to] - this.nsec[from]) / 1e9;
  }

  private columns(): Array<{ BYTES_PER_ELEMENT: number }> {
    return [
      this.offset,
      this.sec,
      this.nsec,
      this.caplen,
      this.origLen,
      this.iface,
      this.proto,
      this.optMask,
      this.src,
      this.dst,
      this.sport,
      this.dport,
      this.flags,
      this.seq,
      this.ack,
      this.win,
      this.payloadLen16,
      this.stream,
      this.analysis,
      this.tsval,
    ];
  }
}
