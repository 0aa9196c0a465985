import { PF_DIRECTION_B } from '../index/packetIndex';
import { estimateClockOffset, median } from './clockOffset';
import type { ComparedSide } from './comparedSide';
import type { ConnectionComparison } from './compareTypes';
import type { Pairing } from './packetPairs';

export type OrientedBy = ConnectionComparison['orientedBy'];

/** Which way each compared connection runs between the points, and the clock offset that follows. */
export interface Orientation {
  /** Per connection: the direction of A's tcp.stream (0/1) whose packets go from A's side to B's, -1 unknown. */
  aToBDir: Int8Array;
  by: OrientedBy[];
  clockOffset: number | null;
  clockUncertainty: number | null;
}

/**
 * Decides, per connection, which endpoint is on A's side. Timing decides without any clock: a
 * packet going A→B shows tB - tA = offset + delay, one going back tA - tB = delay - offset, so the
 * two medians add up to the two delays, positive, only under the right orientation. A connection
 * seen one way only is oriented by its TTLs (they drop on the way) or, once the offset is known
 * from the others, by the sign of its delay.
 */
export function orientConnections(a: ComparedSide, b: ComparedSide, pairing: Pairing, connections: number): Orientation {
  const ixA = a.ix,
    ixB = b.ix;
  const lag: number[][] = Array.from({ length: connections * 2 }, () => []);
  const ttlDrop: number[][] = Array.from({ length: connections * 2 }, () => []);
  for (let i = 0; i < ixA.count; i++) {
    const j = pairing.peerA[i];
    const c = pairing.connA[i];
    if (j < 0 || c < 0 || !ixA.hasTime(i) || !ixB.hasTime(j)) continue;
    const k = c * 2 + (ixA.flags[i] & PF_DIRECTION_B ? 1 : 0);
    // tB - tA for every pair; direction 1's sum term is its negation.
    lag[k].push(ixB.time(j) - ixA.time(i));
    ttlDrop[k].push(a.facts.ttl[i] - b.facts.ttl[j]);
  }
  const aToBDir = new Int8Array(connections).fill(-1);
  const by: OrientedBy[] = new Array<OrientedBy>(connections).fill('guess');
  const med = new Float64Array(connections * 2).fill(NaN);
  for (let k = 0; k < connections * 2; k++) med[k] = median(lag[k]);
  for (let c = 0; c < connections; c++) {
    const m0 = med[c * 2],
      m1 = med[c * 2 + 1];
    if (!Number.isNaN(m0) && !Number.isNaN(m1) && m0 - m1 !== 0) {
      aToBDir[c] = m0 - m1 > 0 ? 0 : 1;
      by[c] = 'timing';
      continue;
    }
    for (const d of [0, 1]) {
      const drop = median(ttlDrop[c * 2 + d]);
      if (Number.isNaN(drop) || drop === 0) continue;
      aToBDir[c] = drop > 0 ? d : 1 - d;
      by[c] = 'ttl';
      break;
    }
  }
  // Nothing tells the sides apart (two captures at one point: no delay, no TTL drop): the
  // initiator (the first packet's sender) is taken to be on A's side, so an offset still comes out.
  if (!aToBDir.some((d) => d >= 0)) {
    for (let c = 0; c < connections; c++) {
      if (Number.isNaN(med[c * 2]) && Number.isNaN(med[c * 2 + 1])) continue;
      aToBDir[c] = 0;
      by[c] = 'guess';
    }
  }
  // The offset from the minimum lags each way of the connections oriented so far.
  let minAB = Infinity,
    minBA = Infinity;
  for (let c = 0; c < connections; c++) {
    if (aToBDir[c] < 0) continue;
    for (const d of [0, 1]) {
      const lags = lag[c * 2 + d];
      if (!lags.length) continue;
      // Sorted by median(): the first is the smallest.
      if (d === aToBDir[c]) minAB = Math.min(minAB, lags[0]);
      else minBA = Math.min(minBA, -lags[lags.length - 1]);
    }
  }
  const clock = estimateClockOffset(minAB, minBA);
  if (clock) {
    for (let c = 0; c < connections; c++) {
      if (aToBDir[c] >= 0) continue;
      for (const d of [0, 1]) {
        const m = med[c * 2 + d];
        if (Number.isNaN(m) || m === clock.offset) continue;
        aToBDir[c] = m - clock.offset > 0 ? d : 1 - d;
        by[c] = 'clock';
        break;
      }
    }
  }
  return { aToBDir, by, clockOffset: clock?.offset ?? null, clockUncertainty: clock?.uncertainty ?? null };
}
