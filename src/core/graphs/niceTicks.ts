/** An axis range widened to round numbers and the ticks inside it. */
export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/**
 * Ticks at 1, 2 or 5 × 10^k (Heckbert's "nice numbers", Graphics Gems 1990), about `target` of
 * them, with the range widened to the ticks around the data so the first and last lines frame it;
 * `tight`: the range stays the data's (a time axis should not run on past the last packet) and
 * only the ticks inside it are kept.
 */
export function niceScale(lo: number, hi: number, target = 6, tight = false): NiceScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) lo = hi = 0;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    // One value: a range around it (±1 at zero, ±10 % elsewhere).
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, target - 1));
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const min = tight ? lo : first;
  const max = tight ? hi : last;
  const ticks: number[] = [];
  // Ticks computed from their index, not by repeated addition, so 0.1 + 0.2 never shows as 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let k = 0; first + k * step <= last + step * 1e-9; k++) {
    const t = Number((first + k * step).toFixed(Math.min(20, digits)));
    if (t >= min - step * 1e-9 && t <= max + step * 1e-9) ticks.push(t);
  }
  return { min, max, step, ticks };
}

/** The 1-2-5 step at or above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const m = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
  return m * base;
}

const SI = ['', 'k', 'M', 'G', 'T'];

/**
 * A tick label: SI prefixes for large values (12.5M), as many decimals as the step needs (0.25),
 * so neighbouring labels always differ.
 */
export function tickLabel(value: number, step: number): string {
  if (value === 0) return '0';
  let k = 0;
  while (k < SI.length - 1 && Math.abs(step) >= 1000 ** (k + 1) && Math.abs(value) >= 1000 ** (k + 1)) k++;
  const scaled = value / 1000 ** k;
  const scaledStep = step / 1000 ** k;
  // The fewest decimals that write the step exactly: then every multiple of it is exact too.
  let decimals = 0;
  while (decimals < 9 && Math.abs(Math.round(scaledStep * 10 ** decimals) - scaledStep * 10 ** decimals) > 1e-6) decimals++;
  return `${scaled.toFixed(decimals)}${SI[k]}`;
}
