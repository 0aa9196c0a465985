/**
 * What the virtualized lists (packets, flows) share: where a navigation key moves the selection, and
 * which window of positions to fetch around the rows missing on screen.
 */

/** The position a key moves the selection to, or undefined when the key is not a navigation key. */
export function keyTarget(key: string, current: number, page: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return current + 1;
    case 'ArrowUp':
      return current - 1;
    case 'PageDown':
      return current + page;
    case 'PageUp':
      return current - page;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * The window [start, end) to ask for when positions lo..hi are missing: `overscan` more on each side,
 * its start aligned to `overscan` so that scroll events close together ask for the same window once.
 */
export function fetchWindow(lo: number, hi: number, count: number, overscan: number): { start: number; end: number } {
  const from = Math.max(0, lo - overscan);
  return { start: from - (from % overscan), end: Math.min(count, hi + overscan + 1) };
}
