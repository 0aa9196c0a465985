import type { Capture } from '../../core/capture/openCapture';
import type { FieldSource } from '../../core/filter/filterFields';
import { compileFilter, filterPackets } from '../../core/filter/compileFilter';
import { FilterError } from '../../core/filter/filterError';
import type { ViewReply } from '../../protocol';

/** Generations are unique across views, so one number can name "the file being read" for all of them. */
let lastGen = 0;
export function nextGen(): number {
  return ++lastGen;
}

/**
 * What one open editor shows: all packets, or the ascending packet indices its filter kept.
 * `gen` changes whenever positions change meaning, so late replies for an old view are dropped.
 */
export class CaptureView {
  text = '';
  packets: Uint32Array | undefined;

  get count(): number {
    return this.packets ? this.packets.length : this.total;
  }

  constructor(
    private total: number,
    public gen = nextGen(),
  ) {}

  /** A new file: everything shown, under generation `gen` (shared by all views while it is read). */
  reset(total: number, gen: number): void {
    this.total = total;
    this.packets = undefined;
    this.text = '';
    this.gen = gen;
  }

  /** More rows of the file being read became final. */
  grow(total: number): void {
    if (!this.packets) this.total = total;
  }

  /** Applies a filter; an invalid one leaves the current view as it was and reports why. */
  setFilter(text: string, capture: Capture, fields: FieldSource): Extract<ViewReply, { type: 'filter' }> {
    const t0 = performance.now();
    this.total = capture.index.count;
    try {
      const test = compileFilter(text, fields);
      this.packets = test ? filterPackets(test, this.total) : undefined;
      this.text = text;
      this.gen = nextGen();
      return { type: 'filter', gen: this.gen, text, count: this.count, total: this.total, ms: Math.round(performance.now() - t0) };
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      return {
        type: 'filter',
        gen: this.gen,
        text,
        count: this.count,
        total: this.total,
        ms: Math.round(performance.now() - t0),
        error: { message: e.message, position: e.position },
      };
    }
  }

  packetAt(position: number): number {
    return this.packets ? this.packets[position] : position;
  }

  /** Position of the packet, or of the first shown packet after it (exact=false); -1 when none. */
  positionOf(packet: number): { position: number; exact: boolean } {
    const p = this.packets;
    if (!p) return packet >= 0 && packet < this.total ? { position: packet, exact: true } : { position: this.total - 1, exact: false };
    let lo = 0,
      hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p[mid] < packet) lo = mid + 1;
      else hi = mid;
    }
    if (lo < p.length && p[lo] === packet) return { position: lo, exact: true };
    return { position: lo < p.length ? lo : p.length - 1, exact: false };
  }
}
