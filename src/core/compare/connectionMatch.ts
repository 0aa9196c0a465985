import { PF_DIRECTION_B } from '../index/packetIndex';
import { median } from './clockOffset';
import type { ComparedSide } from './comparedSide';
import type { IdentityTable } from './identityTable';
import { identityHash, MAX_CANDIDATES, sameIdentity } from './identityTable';
import type { StreamSpans } from './streamSpans';
import { disjointSpans } from './streamSpans';

/** Chain steps walked per packet at most: a hostile capture of one identity repeated stays linear. */
export const MAX_CHAIN_STEPS = 64;

/** Two tcp.streams, one per capture, that are the same connection; B's direction is A's xor `flip`. */
export interface StreamPair {
  streamA: number;
  streamB: number;
  flip: 0 | 1;
  /** Packets whose identity agreed (the evidence). */
  votes: number;
}

const STREAM_LIMIT = 1 << 22;

/**
 * Which TCP connection of B is which of A, allowing NAT of addresses and ports and sequence offsets:
 * every A packet votes for the B connections holding a packet of the same identity (IP ID, payload
 * length and hash), and the pairs are taken most votes first, each connection at most once (but for
 * a reused port one capture saw as one stream: oneStreamForSeveral). Nothing
 * here looks at addresses, ports or sequence numbers, which is what lets NAT and randomising
 * firewalls through.
 */
export function matchConnections(
  a: ComparedSide,
  b: ComparedSide,
  table: IdentityTable,
  spansA: StreamSpans,
  spansB: StreamSpans,
): { pairs: StreamPair[]; lag: number } {
  const votes = new Map<number, number>();
  // tB - tA of packets with a single candidate: their median is B's clock offset give or take a delay.
  const lags: number[] = [];
  const ixA = a.ix,
    ixB = b.ix;
  for (let i = 0; i < ixA.count; i++) {
    const sA = ixA.stream[i];
    if (sA < 0 || sA >= STREAM_LIMIT || !isTcpStream(a, i)) continue;
    const dirA = ixA.flags[i] & PF_DIRECTION_B ? 1 : 0;
    let found = 0,
      only = -1;
    for (let j = table.first(identityHash(a, i)), steps = 0; j >= 0 && found < MAX_CANDIDATES && steps < MAX_CHAIN_STEPS; j = table.next[j], steps++) {
      const sB = ixB.stream[j];
      if (sB < 0 || sB >= STREAM_LIMIT || !isTcpStream(b, j) || !sameIdentity(a, i, b, j)) continue;
      found++;
      only = j;
      const flip = dirA ^ (ixB.flags[j] & PF_DIRECTION_B ? 1 : 0);
      const key = (sA * STREAM_LIMIT + sB) * 2 + flip;
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
    if (found === 1 && ixA.hasTime(i) && ixB.hasTime(only)) lags.push(ixB.time(only) - ixA.time(i));
  }
  const ranked = [...votes].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const partnersOfA = new Map<number, number[]>(),
    partnersOfB = new Map<number, number[]>();
  const pairs: StreamPair[] = [];
  for (const [key, n] of ranked) {
    const flip = (key % 2) as 0 | 1;
    const rest = (key - flip) / 2;
    const streamB = rest % STREAM_LIMIT;
    const streamA = (rest - streamB) / STREAM_LIMIT;
    const withA = partnersOfA.get(streamA),
      withB = partnersOfB.get(streamB);
    if (withA && withB) continue;
    // One side already paired: a reused port whose new SYN that capture missed, so it kept one stream.
    if (withB && !oneStreamForSeveral(spansA, partnersOfA, streamA, withB, n)) continue;
    if (withA && !oneStreamForSeveral(spansB, partnersOfB, streamB, withA, n)) continue;
    partnersOfA.set(streamA, [...(withA ?? []), streamB]);
    partnersOfB.set(streamB, [...(withB ?? []), streamA]);
    pairs.push({ streamA, streamB, flip, votes: n });
  }
  const lag = median(lags);
  return { pairs: pairs.sort((x, y) => x.streamA - y.streamA), lag: Number.isNaN(lag) ? 0 : lag };
}

/**
 * Whether `stream` (unpaired, on the side `spans` describes) may also pair with the other capture's
 * stream already paired with `partners`: one capture missed the SYN of a reused port, so it saw as one
 * stream what the other saw as several, one after the other. Each partner pairs with that stream
 * alone, none overlaps `stream` in time, and most of `stream`'s packets voted for the pair.
 */
function oneStreamForSeveral(spans: StreamSpans, partnersOf: Map<number, number[]>, stream: number, partners: number[], votes: number): boolean {
  if (votes * 2 < spans.packets[stream]) return false;
  return partners.every((p) => partnersOf.get(p)!.length === 1 && disjointSpans(spans, p, stream));
}

/** TCP packets carry a tcp.stream; so do UDP ones (udp.stream), which the IP protocol tells apart. */
export function isTcpStream(s: ComparedSide, i: number): boolean {
  return s.facts.ipProto[i] === 6;
}
