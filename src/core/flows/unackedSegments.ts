/**
 * Segments sent in one direction and not yet acknowledged (packet-tcp.c's
 * tcp_unacked_t list), as parallel number arrays rather than objects.
 * Index 0 is the oldest; Wireshark walks newest-first, so loops run backwards.
 */
export class UnackedSegments {
  frame: number[] = [];
  seq: number[] = [];
  nextseq: number[] = [];
  time: number[] = [];

  get length(): number {
    return this.frame.length;
  }

  push(frame: number, seq: number, nextseq: number, time: number): void {
    this.frame.push(frame);
    this.seq.push(seq);
    this.nextseq.push(nextseq);
    this.time.push(time);
  }

  /** Keeps the entries whose flag is not set in `drop` (one compaction instead of a splice per entry). */
  removeMarked(drop: Uint8Array): void {
    let w = 0;
    for (let r = 0; r < this.frame.length; r++) {
      if (drop[r]) continue;
      this.frame[w] = this.frame[r];
      this.seq[w] = this.seq[r];
      this.nextseq[w] = this.nextseq[r];
      this.time[w] = this.time[r];
      w++;
    }
    this.frame.length = w;
    this.seq.length = w;
    this.nextseq.length = w;
    this.time.length = w;
  }
}
