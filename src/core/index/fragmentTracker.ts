import { DatagramAssembly, FRAG_EVICTED, FRAG_TIMED_OUT } from './datagramAssembly';
import { IntList } from './intList';

/**
 * Seconds a datagram may take to complete: Linux's net.ipv4.ipfrag_time (30 s) and
 * net.ipv6.ip6frag_time (60 s, RFC 8200 §4.5). A receiver has given up on it by then, and a
 * long capture reuses IPv4's 16-bit ids, so older fragments must not join a newer datagram.
 * (tshark 4.0 has no time-out: it would join them.)
 */
export const REASSEMBLY_TIMEOUT_V4 = 30;
export const REASSEMBLY_TIMEOUT_V6 = 60;
/** Bytes held for unfinished datagrams: Linux's ipfrag_high_thresh (4 MiB); the oldest go first. */
export const MAX_HELD_BYTES = 4 * 1024 * 1024;
/** Unfinished datagrams held at once, whatever their size (each costs a few hundred bytes besides its data). */
export const MAX_PENDING = 8192;

interface Pending {
  key: string;
  assembly: DatagramAssembly;
  members: number[];
  firstSec: number;
  timeout: number;
}

/** Identifies one datagram's fragments: RFC 791's (src, dst, protocol, id); IPv6's (src, dst, 32-bit id). */
export function datagramKey(version: number, src: number, dst: number, proto: number, id: number): string {
  return version === 6 ? `6 ${src} ${dst} ${id}` : `4 ${src} ${dst} ${proto} ${id}`;
}

/**
 * IP fragment reassembly over the whole capture, as tshark does it with ip.defragment on: the
 * packet carrying the fragment that completes a datagram gets the datagram's transport (the
 * index builder decodes it from the bytes returned here); the other fragments link to it.
 *
 * Memory: only unfinished datagrams hold bytes, bounded by MAX_HELD_BYTES and MAX_PENDING
 * (oldest evicted first). What stays after indexing is typed arrays: per completed datagram
 * its last packet, flags and member list (4 bytes a fragment), and a fragment → outcome table
 * (8 bytes a fragment), so a capture of nothing but fragments stays within the index budget.
 */
export class FragmentTracker {
  private readonly pending = new Map<string, Pending>();
  private heldBytes = 0;

  // Completed datagrams, in completion order (so by increasing last packet).
  private readonly lastPacket = new IntList();
  private readonly memberStart = new IntList();
  private readonly flagsOf = new IntList();
  private readonly members = new IntList();
  // Fragment packet → completed datagram index, or −(flags) of a datagram given up on.
  private readonly linkPacket = new IntList();
  private readonly linkValue = new IntList();
  private sortedLinks = 0;
  private order: Uint32Array = new Uint32Array(0);

  /** Datagrams given up on: a fragment came after the time-out; the memory caps were reached. */
  timedOut = 0;
  evicted = 0;

  /**
   * Adds fragment packet i (payload `bytes` at byte `offset`); returns the reassembled payload
   * when this fragment completes its datagram.
   */
  add(i: number, key: string, version: number, offset: number, bytes: Uint8Array, more: boolean, sec: number): Uint8Array | undefined {
    let p = this.pending.get(key);
    if (p && sec - p.firstSec > p.timeout) {
      this.giveUp(p, FRAG_TIMED_OUT);
      p = undefined;
    }
    if (!p) {
      this.expireOldest(sec);
      p = { key, assembly: new DatagramAssembly(), members: [], firstSec: sec, timeout: version === 6 ? REASSEMBLY_TIMEOUT_V6 : REASSEMBLY_TIMEOUT_V4 };
      this.pending.set(key, p);
    }
    p.members.push(i);
    const before = p.assembly.held;
    const done = p.assembly.add(offset, bytes, more);
    this.heldBytes += p.assembly.held - before;
    if (done) {
      const whole = p.assembly.assemble()!;
      this.forget(p);
      const d = this.lastPacket.length;
      this.lastPacket.push(i);
      this.memberStart.push(this.members.length);
      this.flagsOf.push(p.assembly.flags);
      for (const m of p.members) {
        this.members.push(m);
        this.link(m, d);
      }
      return whole.payload;
    }
    while (this.pending.size > 0 && (this.heldBytes > MAX_HELD_BYTES || this.pending.size > MAX_PENDING)) {
      this.giveUp(this.pending.values().next().value as Pending, FRAG_EVICTED);
    }
    return undefined;
  }

  /**
   * The oldest unfinished datagrams whose time-out passed are forgotten (Map order is arrival
   * order). Nothing is noted on their fragments: as when the capture ends, they just never
   * completed (tshark's Info too); a time-out is noted only where a later fragment would have
   * joined the old datagram (add).
   */
  private expireOldest(sec: number): void {
    for (const p of this.pending.values()) {
      if (sec - p.firstSec <= p.timeout) return;
      this.forget(p);
    }
  }

  private giveUp(p: Pending, why: number): void {
    this.forget(p);
    if (why === FRAG_TIMED_OUT) this.timedOut++;
    else this.evicted++;
    const flags = p.assembly.flags | why;
    for (const m of p.members) this.link(m, -flags);
  }

  private forget(p: Pending): void {
    this.pending.delete(p.key);
    this.heldBytes -= p.assembly.held;
  }

  private link(packet: number, value: number): void {
    this.linkPacket.push(packet);
    this.linkValue.push(value);
  }

  /** Bytes the pending datagrams hold now (for tests of the cap). */
  get bytesHeld(): number {
    return this.heldBytes;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Bytes the tracker keeps after indexing (the benchmark's figure adds it to the columns). */
  get retainedBytes(): number {
    return (
      this.lastPacket.bytes +
      this.memberStart.bytes +
      this.flagsOf.bytes +
      this.members.bytes +
      this.linkPacket.bytes +
      this.linkValue.bytes +
      this.order.byteLength
    );
  }

  /** Index of the datagram packet i completed, or -1 (binary search: completion order is packet order). */
  datagramEndingAt(i: number): number {
    let lo = 0,
      hi = this.lastPacket.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.lastPacket.get(mid);
      if (v === i) return mid;
      if (v < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The fragments of datagram d, in the order they were captured. */
  datagramMembers(d: number): number[] {
    const start = this.memberStart.get(d);
    const end = d + 1 < this.memberStart.length ? this.memberStart.get(d + 1) : this.members.length;
    return Array.from(this.members.view().subarray(start, end));
  }

  datagramFlags(d: number): number {
    return this.flagsOf.get(d);
  }

  datagramLastPacket(d: number): number {
    return this.lastPacket.get(d);
  }

  /**
   * What became of fragment packet i's datagram: `{ datagram }` when it completed (in packet
   * `datagramLastPacket(datagram)`), `{ gaveUp: flags }` when it was given up on, undefined when
   * it never completed (or i is no fragment).
   */
  outcome(i: number): { datagram: number } | { gaveUp: number } | undefined {
    this.sortLinks();
    const order = this.order,
      pk = this.linkPacket;
    let lo = 0,
      hi = order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = pk.get(order[mid]);
      if (v === i) {
        const value = this.linkValue.get(order[mid]);
        return value >= 0 ? { datagram: value } : { gaveUp: -value };
      }
      if (v < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Links arrive in completion order; lookups need packet order (sorted again only after new links). */
  private sortLinks(): void {
    const n = this.linkPacket.length;
    if (this.sortedLinks === n) return;
    const pk = this.linkPacket.view();
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => pk[a] - pk[b]);
    this.order = order;
    this.sortedLinks = n;
  }
}
