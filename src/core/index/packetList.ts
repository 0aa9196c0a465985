import { IntList } from './intList';

/**
 * Packet indices pushed in capture order (so sorted): a sparse per-packet mark that costs 4 bytes a
 * marked packet instead of a column, answered by binary search.
 */
export class PacketList extends IntList {
  has(packet: number): boolean {
    return this.indexOf(packet) >= 0;
  }

  /** Where `packet` is in the list, or -1. */
  indexOf(packet: number): number {
    const data = this.view();
    let lo = 0;
    let hi = data.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = data[mid];
      if (v === packet) return mid;
      if (v < packet) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
