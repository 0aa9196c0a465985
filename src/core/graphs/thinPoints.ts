/**
 * Which points of a series to draw when `columns` pixel columns show x in [lo, hi]: all of them
 * when there are few, else per column the first, the last, the lowest and the highest (M4
 * aggregation, Jugel et al., VLDB 2014), which draws the same lines, bars and extremes as every
 * point would, from at most four points a column. `low`/`high` are what each point spans (a bar
 * from y to y2; a dot's are the same array). Outside the range only the nearest point on each side
 * is kept, so a line enters and leaves the plot where it should. Returns ascending indices.
 */
export function thinPoints(x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, lo: number, hi: number, columns: number): number[] {
  const n = x.length;
  let before = -1,
    after = -1,
    inside = 0;
  for (let k = 0; k < n; k++) {
    const v = x[k];
    if (!Number.isFinite(v)) continue;
    if (v < lo) {
      if (before < 0 || v >= x[before]) before = k;
    } else if (v > hi) {
      if (after < 0 || v < x[after]) after = k;
    } else inside++;
  }
  const keep: number[] = [];
  if (before >= 0) keep.push(before);
  if (after >= 0) keep.push(after);
  const cols = Math.max(1, Math.floor(columns));
  if (inside <= 4 * cols) {
    for (let k = 0; k < n; k++) if (x[k] >= lo && x[k] <= hi) keep.push(k);
    return keep.sort((a, b) => a - b);
  }
  const first = new Int32Array(cols).fill(-1);
  const last = new Int32Array(cols).fill(-1);
  const min = new Int32Array(cols).fill(-1);
  const max = new Int32Array(cols).fill(-1);
  const scale = cols / (hi - lo || 1);
  for (let k = 0; k < n; k++) {
    const v = x[k];
    if (!(v >= lo && v <= hi)) continue;
    const c = Math.min(cols - 1, Math.floor((v - lo) * scale));
    if (first[c] < 0) first[c] = k;
    last[c] = k;
    if (min[c] < 0 || low[k] < low[min[c]]) min[c] = k;
    if (max[c] < 0 || high[k] > high[max[c]]) max[c] = k;
  }
  const seen = new Set<number>(keep);
  for (let c = 0; c < cols; c++) for (const k of [first[c], last[c], min[c], max[c]]) if (k >= 0) seen.add(k);
  return [...seen].sort((a, b) => a - b);
}
