import type { PacketIndex } from '../index/packetIndex';
import type { IoFilter } from '../graphs/ioSeries';
import { ioColumns } from '../graphs/ioSeries';

export type { IoFilter } from '../graphs/ioSeries';
export { IoIntervalError, MAX_IO_FILTERS, MAX_IO_INTERVALS } from '../graphs/ioSeries';

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

/**
 * Packets and bytes (frame.len) per interval, for the whole capture and for each filter, like
 * `tshark -z io,stat,INTERVAL,FILTER…` (the counting rules: ioColumns, which the I/O graph shares).
 */
export function ioStats(ix: PacketIndex, intervalSeconds: number, filters: IoFilter[] = []): IoStats {
  const io = ioColumns(ix, intervalSeconds, filters);
  const step = Math.round(io.interval * 1e6);
  const rows: IoRow[] = [];
  for (let k = 0; k < io.slots; k++) {
    const at = k * io.columns;
    const counts: IoFilterCount[] = [];
    for (let c = 1; c < io.columns; c++) counts.push({ filter: filters[c - 1].text, packets: io.packets[at + c], bytes: io.bytes[at + c] });
    rows.push({ start: (k * step) / 1e6, packets: io.packets[at], bytes: io.bytes[at], filters: counts });
  }
  return { interval: io.interval, rows };
}
