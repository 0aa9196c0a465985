import type { CaptureView } from './captureView';

/**
 * The packets the user marked (Wireshark's Ctrl+M), for the capture the worker holds: every editor
 * of the file sees the same marks, as Wireshark's marks belong to the file, not to one view. They
 * live as long as the capture is open; Export Specified Packets can write just them.
 */
export class PacketMarks {
  private readonly marked = new Set<number>();

  get count(): number {
    return this.marked.size;
  }

  get packets(): ReadonlySet<number> {
    return this.marked;
  }

  has(packet: number): boolean {
    return this.marked.has(packet);
  }

  /** Marks (or unmarks) the packets that exist; returns how many are marked now. */
  set(packets: readonly number[], on: boolean, total: number): number {
    for (const p of packets) {
      if (!Number.isInteger(p) || p < 0 || p >= total) continue;
      if (on) this.marked.add(p);
      else this.marked.delete(p);
    }
    return this.marked.size;
  }

  clear(): void {
    this.marked.clear();
  }

  /**
   * The view position of the next marked packet after `position` (before it when `backwards`),
   * wrapping around the view as Wireshark's Go to Next Mark does; -1 when the view shows none.
   */
  next(view: CaptureView, position: number, backwards: boolean): number {
    if (this.marked.size === 0 || view.count === 0) return -1;
    const shown = [...this.marked]
      .map((p) => view.positionOf(p))
      .filter((r) => r.exact)
      .map((r) => r.position)
      .sort((a, b) => a - b);
    if (shown.length === 0) return -1;
    if (backwards) {
      for (let k = shown.length - 1; k >= 0; k--) if (shown[k] < position) return shown[k];
      return shown[shown.length - 1];
    }
    for (const p of shown) if (p > position) return p;
    return shown[0];
  }
}
