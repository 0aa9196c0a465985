import type { PacketPredicate } from '../filter/compileFilter';
import type { PacketIndex } from '../index/packetIndex';
import { relativeMicros } from './relativeTime';

/** One display filter's share of an interval. */
export interface IoFilterCount {
  filter: string;
  packets: number;
  bytes: number;
}

/** One interval: `start` in seconds from the first packet. */
export interface IoRow {
  start: number;
  packets: number;
  bytes: number;
  filters: IoFilterCount[];
}

export interface IoStats {
  interval: number;
  rows: IoRow[];
}

export interface IoFilter {
  text: string;
  test: PacketPredicate;
}

/** tshark takes up to this many columns, and the I/O graph shows as many lines. */
export const MAX_IO_FILTERS = 5;
/** Past this many intervals a table or a graph says nothing more; a wrong interval, not a question. */
export const MAX_IO_INTERVALS = 10_000_000;

export class IoIntervalError extends Error {}

/**
 * Packets and bytes (frame.len) per interval, for the whole capture and for each filter, like
 * `tshark -z io,stat,INTERVAL,FILTER…`: intervals are counted from the first packet in whole
 * microseconds (tap-iostat.c), a packet earlier than the first one counts in the first interval,
 * and every interval up to the last packet's has a row, empty or not. One pass over the columns;
 * the filters are the only per-packet calls.
 */
export function ioStats(ix: PacketIndex, intervalSeconds: number, filters: IoFilter[] = []): IoStats {
  const step = Math.round(intervalSeconds * 1e6);
  if (!(step >= 1)) throw new IoIntervalError(`interval must be at least 1 µs (got ${intervalSeconds})`);
  if (filters.length > MAX_IO_FILTERS) throw new IoIntervalError(`at most ${MAX_IO_FILTERS} filters`);
  const n = ix.count;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const t = relativeMicros(ix, i);
    if (t > last) last = t;
  }
  const slots = n ? Math.floor(last / step) + 1 : 0;
  if (slots > MAX_IO_INTERVALS) throw new IoIntervalError(`${slots} intervals of ${intervalSeconds} s: choose a longer interval`);
  const cols = filters.length + 1;
  // Column c of slot k at k * cols + c; column 0 is the whole capture.
  const packets = new Float64Array(slots * cols);
  const bytes = new Float64Array(slots * cols);
  const tests = filters.map((f) => f.test);
  for (let i = 0; i < n; i++) {
    const t = relativeMicros(ix, i);
    const at = (t > 0 ? Math.floor(t / step) : 0) * cols;
    const len = ix.frameLen(i);
    packets[at]++;
    bytes[at] += len;
    for (let c = 1; c < cols; c++) {
      if (!tests[c - 1](i)) continue;
      packets[at + c]++;
      bytes[at + c] += len;
    }
  }
  const rows: IoRow[] = [];
  for (let k = 0; k < slots; k++) {
    const at = k * cols;
    const counts: IoFilterCount[] = [];
    for (let c = 1; c < cols; c++) counts.push({ filter: filters[c - 1].text, packets: packets[at + c], bytes: bytes[at + c] });
    rows.push({ start: (k * step) / 1e6, packets: packets[at], bytes: bytes[at], filters: counts });
  }
  return { interval: step / 1e6, rows };
}
