import type { ComparedSide } from './comparedSide';

/** When each TCP stream of one capture was seen (its first and last timed packet, in that capture's clock) and how many packets it has. */
export interface StreamSpans {
  first: Float64Array;
  last: Float64Array;
  packets: Int32Array;
}

/** One pass over a capture's packets; streams with no timed packet keep NaN. */
export function streamSpans(s: ComparedSide): StreamSpans {
  const n = s.ix.tcpStreams.count;
  const spans: StreamSpans = { first: new Float64Array(n).fill(NaN), last: new Float64Array(n).fill(NaN), packets: new Int32Array(n) };
  for (let i = 0; i < s.ix.count; i++) {
    const st = s.ix.stream[i];
    if (st < 0 || st >= n || s.facts.ipProto[i] !== 6) continue;
    spans.packets[st]++;
    if (!s.ix.hasTime(i)) continue;
    const t = s.ix.time(i);
    if (!(t >= spans.first[st])) spans.first[st] = t;
    if (!(t <= spans.last[st])) spans.last[st] = t;
  }
  return spans;
}

/** How far `t` is from stream `st`'s span (0 inside it; Infinity for a stream never timed). */
export function distanceToSpan(spans: StreamSpans, st: number, t: number): number {
  const first = spans.first[st],
    last = spans.last[st];
  if (Number.isNaN(first)) return Infinity;
  return t < first ? first - t : t > last ? t - last : 0;
}

/** Whether two streams of one capture were seen at different times, one wholly before the other. */
export function disjointSpans(spans: StreamSpans, x: number, y: number): boolean {
  return spans.last[x] < spans.first[y] || spans.last[y] < spans.first[x];
}
