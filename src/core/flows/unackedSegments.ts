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

  removeAt(k: number): void {
    this.frame.splice(k, 1);
    this.seq.splice(k, 1);
    this.nextseq.splice(k, 1);
    this.time.splice(k, 1);
  }
}
