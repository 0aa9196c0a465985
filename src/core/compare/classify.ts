import type { ComparedSide } from './comparedSide';
import type { DelayStats } from './compareTypes';
import { A_TO_B, B_TO_A, PacketClass } from './compareTypes';
import type { Directions } from './directions';
import { diffPair } from './fieldChanges';
import { FACT_IP } from './packetFacts';

/** The first and last timestamp of a capture (captures are not always in time order). */
export function timeSpan(s: ComparedSide): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < s.ix.count; i++) {
    if (!s.ix.hasTime(i)) continue;
    const t = s.ix.time(i);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

export interface Classes {
  a: Uint8Array;
  b: Uint8Array;
  changes: Uint32Array;
}

/**
 * Every packet's verdict. A pair is matched or, with a field changed beyond the path's TTL
 * decrement, modified. An unpaired packet is lost between the points when it travels away from
 * the capture it is in (sent past that point, never at the other), and appeared between when it
 * travels towards it (nobody upstream sent it): unless the other capture was not running when the
 * packet would have passed its point (its span, moved to this clock by the offset and the delay),
 * or it is a frame no router forwards.
 */
export function classifyPackets(
  a: ComparedSide,
  b: ComparedSide,
  peerA: Int32Array,
  peerB: Int32Array,
  dirs: Directions,
  hops: [number | null, number | null],
  delay: [DelayStats | null, DelayStats | null],
  clockOffset: number | null,
): Classes {
  const clsA = new Uint8Array(a.ix.count);
  const clsB = new Uint8Array(b.ix.count);
  const changes = new Uint32Array(a.ix.count);
  for (let i = 0; i < a.ix.count; i++) {
    const j = peerA[i];
    if (j < 0) continue;
    const d = dirs.a[i];
    const bits = diffPair(a, i, b, j, d, d < 0 ? null : hops[d]);
    changes[i] = bits;
    clsA[i] = clsB[j] = bits ? PacketClass.Modified : PacketClass.Matched;
  }
  const offset = clockOffset ?? 0;
  const dAB = delay[A_TO_B]?.median ?? 0,
    dBA = delay[B_TO_A]?.median ?? 0;
  const [firstA, lastA] = timeSpan(a);
  const [firstB, lastB] = timeSpan(b);
  const lone = (s: ComparedSide, cls: Uint8Array, dir: Int8Array, here: 'a' | 'b') => {
    for (let i = 0; i < s.ix.count; i++) {
      if (cls[i]) continue;
      if (!(s.facts.bits[i] & FACT_IP)) {
        cls[i] = PacketClass.NotForwarded;
        continue;
      }
      const d = dir[i];
      if (s.ix.hasTime(i)) {
        // When the packet was (or would have been) at the other point, on the other capture's clock.
        const t = s.ix.time(i);
        const there = here === 'a' ? t + offset + (d === A_TO_B ? dAB : d === B_TO_A ? -dBA : 0) : t - offset + (d === A_TO_B ? -dAB : d === B_TO_A ? dBA : 0);
        const [first, last] = here === 'a' ? [firstB, lastB] : [firstA, lastA];
        if (there < first || there > last) {
          cls[i] = PacketClass.OnlyOutsideOverlap;
          continue;
        }
      }
      // Away from this point: A→B seen at A, B→A seen at B. Unknown: taken as sent from here.
      const away = d < 0 || (here === 'a' ? d === A_TO_B : d === B_TO_A);
      cls[i] = away ? PacketClass.LostBetween : PacketClass.AppearedBetween;
    }
  };
  lone(a, clsA, dirs.a, 'a');
  lone(b, clsB, dirs.b, 'b');
  return { a: clsA, b: clsB, changes };
}
