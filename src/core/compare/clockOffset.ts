/**
 * B's clock minus A's, NTP-style (RFC 5905 §8): a packet from A's side to B's shows
 * tB - tA = offset + delay, one the other way shows tA - tB = delay - offset. The smallest of each
 * (the packets that queued least) have delays closest to the path's fixed one-way delay; assuming
 * those are equal both ways gives offset = (minAB - minBA) / 2, off by at most the half round trip
 * (minAB + minBA) / 2 should the path be asymmetric. Nothing assumes the two clocks agree.
 */
export interface ClockEstimate {
  offset: number;
  /** null when only one direction had pairs: the offset then also holds that direction's delay. */
  uncertainty: number | null;
}

export function estimateClockOffset(minAB: number, minBA: number): ClockEstimate | null {
  const hasAB = Number.isFinite(minAB),
    hasBA = Number.isFinite(minBA);
  if (hasAB && hasBA) return { offset: (minAB - minBA) / 2, uncertainty: Math.max(0, (minAB + minBA) / 2) };
  if (hasAB) return { offset: minAB, uncertainty: null };
  if (hasBA) return { offset: -minBA, uncertainty: null };
  return null;
}

/** Median of the values (sorted in place); NaN for none. */
export function median(values: Float64Array | number[]): number {
  if (!values.length) return NaN;
  const sorted = values instanceof Float64Array ? values.sort() : values.sort((x, y) => x - y);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}
