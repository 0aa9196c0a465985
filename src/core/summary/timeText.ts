/** Epoch seconds with exactly nine fractional digits, as tshark's frame.time_epoch. */
export function epochText(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

/** Difference a − b in seconds with nine fractional digits, computed in integers (no float drift). */
export function deltaText(aSec: number, aNsec: number, bSec: number, bNsec: number): string {
  let s = aSec - bSec;
  let n = aNsec - bNsec;
  if (n < 0) { n += 1e9; s -= 1; }
  if (s < 0) {
    // Negative deltas happen in captures merged out of order.
    let ns = (bSec - aSec) * 1e9 + (bNsec - aNsec);
    const sec = Math.floor(ns / 1e9);
    ns -= sec * 1e9;
    return `-${sec}.${String(ns).padStart(9, '0')}`;
  }
  return `${s}.${String(n).padStart(9, '0')}`;
}

export function isoTime(sec: number, nsec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.${String(nsec).padStart(9, '0')}Z`;
}
