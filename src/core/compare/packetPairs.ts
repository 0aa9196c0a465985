import { TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import { PF_DIRECTION_B } from '../index/packetIndex';
import type { ComparedSide } from './comparedSide';
import type { StreamPair } from './connectionMatch';
import { isTcpStream, MAX_CHAIN_STEPS } from './connectionMatch';
import type { IdentityTable } from './identityTable';
import { identityHash, sameIdentity } from './identityTable';
import { FACT_IP } from './packetFacts';
import type { StreamSpans } from './streamSpans';
import { distanceToSpan } from './streamSpans';

/** Packets paired across the two captures, and what the pairing learnt per connection. */
export interface Pairing {
  /** Per A packet: its B packet, or -1. */
  peerA: Int32Array;
  /** Per B packet: its A packet, or -1. */
  peerB: Int32Array;
  /** Per packet: index of its StreamPair (the compared connection), -1 for none. */
  connA: Int32Array;
  connB: Int32Array;
  /**
   * Per connection and A-direction (index c*2 + dirA): B's raw sequence number minus A's, as most
   * pairs of that direction have it (a randomising firewall's constant offset; 0 when untouched),
   * or null when no packet of that direction was paired by identity.
   */
  seqOffset: Array<number | null>;
}

const CORE_FLAGS = TH_SYN | TH_FIN | TH_RST;

/**
 * Pairs each packet of A with the same packet in B. First by identity (identityTable.ts) inside the
 * matched connection and direction, each packet with the other's copy nearest in time (measured
 * against `lag`, the typical tB - tA), so a retransmission (a new IP ID) pairs with its own copy and
 * never with the original, and a packet missing from one side leaves its namesake 65536 IDs later alone. Then, for what is left, by sequence number corrected by
 * the connection's offset, length and SYN/FIN/RST: a box that rewrites the IP ID or the payload
 * still leaves the segment where it was in the byte stream.
 */
export function pairPackets(
  a: ComparedSide,
  b: ComparedSide,
  tableA: IdentityTable,
  tableB: IdentityTable,
  pairs: readonly StreamPair[],
  lag: number,
  spansA: StreamSpans,
  spansB: StreamSpans,
): Pairing {
  const ixA = a.ix,
    ixB = b.ix;
  const connA = new Int32Array(ixA.count).fill(-1);
  const connB = new Int32Array(ixB.count).fill(-1);
  const byStreamA = new Map<number, number[]>(),
    byStreamB = new Map<number, number[]>();
  pairs.forEach((p, c) => {
    byStreamA.set(p.streamA, [...(byStreamA.get(p.streamA) ?? []), c]);
    byStreamB.set(p.streamB, [...(byStreamB.get(p.streamB) ?? []), c]);
  });
  // A stream paired with several (a reused port the other capture split): each packet goes to the
  // connection whose other-side stream was seen when this packet was, in the other capture's clock.
  const nearest = (list: number[] | undefined, t: number, spans: StreamSpans, other: (c: number) => number): number => {
    if (!list) return -1;
    let best = list[0];
    for (const c of list) if (distanceToSpan(spans, other(c), t) < distanceToSpan(spans, other(best), t)) best = c;
    return best;
  };
  for (let i = 0; i < ixA.count; i++) {
    if (ixA.stream[i] < 0 || !isTcpStream(a, i)) continue;
    const list = byStreamA.get(ixA.stream[i]);
    connA[i] = list?.length === 1 ? list[0] : nearest(list, ixA.time(i) + lag, spansB, (c) => pairs[c].streamB);
  }
  for (let j = 0; j < ixB.count; j++) {
    if (ixB.stream[j] < 0 || !isTcpStream(b, j)) continue;
    const list = byStreamB.get(ixB.stream[j]);
    connB[j] = list?.length === 1 ? list[0] : nearest(list, ixB.time(j) - lag, spansA, (c) => pairs[c].streamA);
  }

  /** Whether A packet i and B packet j may be the same: same compared connection and direction (or both outside TCP). */
  const compatible = (i: number, j: number): boolean => {
    const c = connA[i];
    if (c !== connB[j]) return false;
    if (c < 0) return !(isTcpStream(b, j) && ixB.stream[j] >= 0) && !(isTcpStream(a, i) && ixA.stream[i] >= 0);
    return ((ixA.flags[i] & PF_DIRECTION_B ? 1 : 0) ^ pairs[c].flip) === (ixB.flags[j] & PF_DIRECTION_B ? 1 : 0);
  };
  // How far a pair's lag is from the typical one: among packets of one identity (the IP ID wraps
  // every 65536 packets), the same packet is the one whose lag is nearest.
  const off = (i: number, j: number) => (ixA.hasTime(i) && ixB.hasTime(j) ? Math.abs(ixB.time(j) - ixA.time(i) - lag) : 0);
  const nearestInB = (i: number): number => {
    let best = -1,
      bestOff = Infinity;
    for (let j = tableB.first(identityHash(a, i)), steps = 0; j >= 0 && steps < MAX_CHAIN_STEPS; j = tableB.next[j], steps++) {
      if (!compatible(i, j) || !sameIdentity(a, i, b, j)) continue;
      const d = off(i, j);
      if (d < bestOff) [best, bestOff] = [j, d];
    }
    return best;
  };
  const nearestInA = (j: number): number => {
    let best = -1,
      bestOff = Infinity;
    for (let i = tableA.first(identityHash(b, j)), steps = 0; i >= 0 && steps < MAX_CHAIN_STEPS; i = tableA.next[i], steps++) {
      if (!compatible(i, j) || !sameIdentity(a, i, b, j)) continue;
      const d = off(i, j);
      if (d < bestOff) [best, bestOff] = [i, d];
    }
    return best;
  };

  const peerA = new Int32Array(ixA.count).fill(-1);
  const peerB = new Int32Array(ixB.count).fill(-1);
  // Boyer-Moore majority vote of the sequence offset per connection direction: O(1) memory.
  const offCandidate = new Float64Array(pairs.length * 2);
  const offVotes = new Int32Array(pairs.length * 2);
  const bitsA = a.facts.bits;
  for (let i = 0; i < ixA.count; i++) {
    if (!(bitsA[i] & FACT_IP)) continue;
    const tcp = isTcpStream(a, i) && ixA.stream[i] >= 0;
    const c = connA[i];
    // A TCP packet of a connection B does not have cannot be in B.
    if (tcp && c < 0) continue;
    // Each the other's nearest: a packet missing from one capture does not take the next of its identity.
    const j = nearestInB(i);
    if (j < 0 || peerB[j] >= 0 || nearestInA(j) !== i) continue;
    peerA[i] = j;
    peerB[j] = i;
    if (tcp) {
      const k = c * 2 + (ixA.flags[i] & PF_DIRECTION_B ? 1 : 0);
      const o = (ixB.seq[j] - ixA.seq[i]) >>> 0;
      if (offVotes[k] === 0) {
        offCandidate[k] = o;
        offVotes[k] = 1;
      } else offVotes[k] += offCandidate[k] === o ? 1 : -1;
    }
  }
  const seqOffset: Array<number | null> = [];
  for (let k = 0; k < pairs.length * 2; k++) seqOffset.push(null);
  // The majority candidate, confirmed by counting (a vote without a majority leaves any value standing).
  const agree = new Int32Array(pairs.length * 2);
  const total = new Int32Array(pairs.length * 2);
  for (let i = 0; i < ixA.count; i++) {
    const j = peerA[i];
    const c = connA[i];
    if (j < 0 || c < 0) continue;
    const k = c * 2 + (ixA.flags[i] & PF_DIRECTION_B ? 1 : 0);
    total[k]++;
    if ((ixB.seq[j] - ixA.seq[i]) >>> 0 === offCandidate[k]) agree[k]++;
  }
  for (let k = 0; k < seqOffset.length; k++) if (total[k] && agree[k] * 2 > total[k]) seqOffset[k] = offCandidate[k];

  pairLeftovers(a, b, pairs, connA, connB, peerA, peerB, seqOffset, off);
  return { peerA, peerB, connA, connB, seqOffset };
}

/** The second pass: unpaired TCP packets of a compared connection, by offset-corrected sequence number. */
function pairLeftovers(
  a: ComparedSide,
  b: ComparedSide,
  pairs: readonly StreamPair[],
  connA: Int32Array,
  connB: Int32Array,
  peerA: Int32Array,
  peerB: Int32Array,
  seqOffset: Array<number | null>,
  lagOff: (i: number, j: number) => number,
): void {
  const ixA = a.ix,
    ixB = b.ix;
  const waiting = new Map<string, number[]>();
  const key = (c: number, dirA: number, seqA: number, len: number, flags: number) => `${c}|${dirA}|${seqA}|${len}|${flags & CORE_FLAGS}`;
  for (let j = 0; j < ixB.count; j++) {
    const c = connB[j];
    if (c < 0 || peerB[j] >= 0) continue;
    const dirA = (ixB.flags[j] & PF_DIRECTION_B ? 1 : 0) ^ pairs[c].flip;
    const offset = seqOffset[c * 2 + dirA] ?? 0;
    const k = key(c, dirA, (ixB.seq[j] - offset) >>> 0, ixB.payloadLen(j), ixB.flags[j]);
    const list = waiting.get(k);
    if (list) list.push(j);
    else waiting.set(k, [j]);
  }
  if (!waiting.size) return;
  for (let i = 0; i < ixA.count; i++) {
    const c = connA[i];
    if (c < 0 || peerA[i] >= 0) continue;
    const dirA = ixA.flags[i] & PF_DIRECTION_B ? 1 : 0;
    const list = waiting.get(key(c, dirA, ixA.seq[i], ixA.payloadLen(i), ixA.flags[i]));
    if (!list?.length) continue;
    // The nearest in time of the same segment's copies (a retransmission left unpaired has the same key).
    let best = 0;
    for (let k = 1; k < list.length; k++) if (lagOff(i, list[k]) < lagOff(i, list[best])) best = k;
    const j = list.splice(best, 1)[0];
    peerA[i] = j;
    peerB[j] = i;
  }
}
