/**
 * Segments sent in one direction and not yet acknowledged (packet-tcp.c's
 * tcp_unacked_t list), as parallel number arrays rather than objects.
 * Index 0 is the oldest; Wireshark walks newest-first, so loops run backwards.
 */
export class UnackedSegments {
  frame: number[] = [];
  seq: number[] = [];
  nextseq: number[] = [];
  /**
   * True while every entry starts and ends at or after the one before it (the
   * usual case): the lowest seq is then the first entry's and the highest
   * nextseq the last's, so bytes in flight need no scan.
   */
  ordered = true;

  get length(): number {
    return this.frame.length;
  }

  push(frame: number, seq: number, nextseq: number): void {
    const n = this.frame.length;
    if (n && (((seq - this.seq[n - 1]) | 0) < 0 || ((nextseq - this.nextseq[n - 1]) | 0) < 0)) this.ordered = false;
    this.frame.push(frame);
    this.seq.push(seq);
    this.nextseq.push(nextseq);
  }

  /** Keeps the entries whose flag is not set in `drop` (one compaction instead of a splice per entry). */
  removeMarked(drop: Uint8Array): void {
    let w = 0;
    for (let r = 0; r < this.frame.length; r++) {
      if (drop[r]) continue;
      this.frame[w] = this.frame[r];
      this.seq[w] = this.seq[r];
      this.nextseq[w] = this.nextseq[r];
      w++;
    }
    this.frame.length = w;
    if (w === 0) this.ordered = true;
    this.seq.length = w;
    this.nextseq.length = w;
  }
}
