import type { PacketPredicate } from '../filter/compileFilter';
import type { PacketIndex } from '../index/packetIndex';
import { relativeMicros } from '../stats/relativeTime';

/** tshark takes up to this many columns, and the I/O graph shows as many lines. */
export const MAX_IO_FILTERS = 5;
/** Past this many intervals a table or a graph says nothing more; a wrong interval, not a question. */
export const MAX_IO_INTERVALS = 10_000_000;

export class IoIntervalError extends Error {}

export interface IoFilter {
  text: string;
  test: PacketPredicate;
}

/**
 * The I/O counts as columns: `slots` intervals of `interval` seconds, and per column (0: the whole
 * capture, c: filter c − 1) packets, bytes (frame.len) and the first packet (0-based, −1 when the
 * interval has none: the I/O graph's click goes there). Column c of slot k sits at k * columns + c.
 */
export interface IoColumns {
  interval: number;
  slots: number;
  columns: number;
  packets: Float64Array;
  bytes: Float64Array;
  first: Int32Array;
}

/**
 * Counts per interval like `tshark -z io,stat,INTERVAL,FILTER…`: intervals are counted from the
 * first packet in whole microseconds (tap-iostat.c), a packet earlier than the first one counts in
 * the first interval, and every interval up to the last packet's exists, empty or not. One pass
 * over the columns; the filters are the only per-packet calls.
 */
export function ioColumns(ix: PacketIndex, intervalSeconds: number, filters: IoFilter[] = []): IoColumns {
  const step = Math.round(intervalSeconds * 1e6);
  if (!(step >= 1)) throw new IoIntervalError(`interval must be at least 1 µs (got ${intervalSeconds})`);
  if (filters.length > MAX_IO_FILTERS) throw new IoIntervalError(`at most ${MAX_IO_FILTERS} filters`);
  const n = ix.count;
  const last = lastMicros(ix);
  const slots = n ? Math.floor(last / step) + 1 : 0;
  if (slots > MAX_IO_INTERVALS) throw new IoIntervalError(`${slots} intervals of ${intervalSeconds} s: choose a longer interval`);
  const cols = filters.length + 1;
  const packets = new Float64Array(slots * cols);
  const bytes = new Float64Array(slots * cols);
  const first = new Int32Array(slots * cols).fill(-1);
  const tests = filters.map((f) => f.test);
  for (let i = 0; i < n; i++) {
    const t = relativeMicros(ix, i);
    const at = (t > 0 ? Math.floor(t / step) : 0) * cols;
    const len = ix.frameLen(i);
    if (first[at] < 0) first[at] = i;
    packets[at]++;
    bytes[at] += len;
    for (let c = 1; c < cols; c++) {
      if (!tests[c - 1](i)) continue;
      if (first[at + c] < 0) first[at + c] = i;
      packets[at + c]++;
      bytes[at + c] += len;
    }
  }
  return { interval: step / 1e6, slots, columns: cols, packets, bytes, first };
}

/** The latest packet's time in µs from the first (packets may be out of order). */
export function lastMicros(ix: PacketIndex): number {
  let last = 0;
  for (let i = 0; i < ix.count; i++) {
    const t = relativeMicros(ix, i);
    if (t > last) last = t;
  }
  return last;
}

/** The I/O graph's interval choices: 1 ms … 10 min (Wireshark's list). */
export const IO_INTERVALS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];

/** The shortest interval that gives a span of `span` seconds at most `target` intervals. */
export function autoIoInterval(span: number, target = 500): number {
  for (const w of IO_INTERVALS) if (span / w <= target) return w;
  return IO_INTERVALS[IO_INTERVALS.length - 1];
}
