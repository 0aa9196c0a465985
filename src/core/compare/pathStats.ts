import { median } from './clockOffset';
import type { ComparedSide } from './comparedSide';
import type { DelayStats } from './compareTypes';
import { A_TO_B } from './compareTypes';

/** Per direction (A_TO_B, B_TO_A) and per connection: the TTL drop and one-way delays of the pairs. */
export interface PathStats {
  hops: [number | null, number | null];
  delay: [DelayStats | null, DelayStats | null];
  connectionHops: Array<[number | null, number | null]>;
  connectionDelay: Array<[DelayStats | null, DelayStats | null]>;
}

/**
 * The path between the points as the pairs measure it: routers by the TTL drop most packets show
 * (each router decrements it once, RFC 791 §3.2; a transparent box does not), and the one-way delay
 * of each pair once B's clock is brought to A's.
 */
export function measurePath(
  a: ComparedSide,
  b: ComparedSide,
  peerA: Int32Array,
  dirA: Int8Array,
  connA: Int32Array,
  connections: number,
  clockOffset: number | null,
): PathStats {
  const ttlCounts = [new Int32Array(512), new Int32Array(512)];
  const connTtl = Array.from({ length: connections * 2 }, () => new Map<number, number>());
  const delays: number[][] = [[], []];
  const connDelays: number[][] = Array.from({ length: connections * 2 }, () => []);
  for (let i = 0; i < a.ix.count; i++) {
    const j = peerA[i];
    const d = dirA[i];
    if (j < 0 || d < 0) continue;
    const drop = d === A_TO_B ? a.facts.ttl[i] - b.facts.ttl[j] : b.facts.ttl[j] - a.facts.ttl[i];
    ttlCounts[d][drop + 256]++;
    const c = connA[i];
    if (c >= 0) connTtl[c * 2 + d].set(drop, (connTtl[c * 2 + d].get(drop) ?? 0) + 1);
    if (clockOffset === null || !a.ix.hasTime(i) || !b.ix.hasTime(j)) continue;
    const lag = b.ix.time(j) - a.ix.time(i) - clockOffset;
    const delay = d === A_TO_B ? lag : -lag;
    delays[d].push(delay);
    if (c >= 0) connDelays[c * 2 + d].push(delay);
  }
  const mode = (counts: Int32Array): number | null => {
    let best = -1;
    for (let k = 0; k < counts.length; k++) if (counts[k] && (best < 0 || counts[k] > counts[best])) best = k;
    return best < 0 ? null : best - 256;
  };
  const mapMode = (m: Map<number, number>): number | null => {
    let best: number | null = null;
    for (const [k, n] of m) if (best === null || n > m.get(best)!) best = k;
    return best;
  };
  const connectionHops: PathStats['connectionHops'] = [];
  const connectionDelay: PathStats['connectionDelay'] = [];
  for (let c = 0; c < connections; c++) {
    connectionHops.push([mapMode(connTtl[c * 2]), mapMode(connTtl[c * 2 + 1])]);
    connectionDelay.push([delayStats(connDelays[c * 2]), delayStats(connDelays[c * 2 + 1])]);
  }
  return { hops: [mode(ttlCounts[0]), mode(ttlCounts[1])], delay: [delayStats(delays[0]), delayStats(delays[1])], connectionHops, connectionDelay };
}

function delayStats(values: number[]): DelayStats | null {
  if (!values.length) return null;
  const m = median(values);
  return { min: values[0], median: m, max: values[values.length - 1], packets: values.length };
}
