/** tcp_max_initial_window, tcp_max_above_hole_without_any_acks, tcp_excessive_data_without_further_acks (init-bare.zeek). */
const MAX_INITIAL_WINDOW = 16384;
const MAX_ABOVE_HOLE_WITHOUT_ACKS = 16384;
const EXCESSIVE_DATA_WITHOUT_ACKS = 10 * 1024 * 1024;
/**
 * Separate ranges held above holes before giving up on the endpoint as Zeek does at its limits: Zeek
 * has no such count, but a hostile capture of tiny scattered segments would otherwise cost memory and
 * time per segment; real losses leave a few dozen.
 */
const MAX_RANGES_ABOVE = 4096;

/** What the gap tracking reads of its endpoint (TCP_Endpoint::NoDataAcked and Size). */
export interface GapEndpoint {
  noDataAcked(): boolean;
  size(): number;
}

/**
 * The part of Zeek's TCP_Reassembler that decides content gaps (history G/g): which of one
 * endpoint's bytes were captured, in relative sequence numbers (1 = the first byte after the SYN).
 * Data is not kept, only where it lies: the delivered prefix ends at `lastReassem`; segments that
 * arrived above a hole wait in `above` as sorted, disjoint [start, end) pairs, made only for
 * conversations that have such segments.
 */
export class ZeekContentGaps {
  /** Reassembler::last_reassem_seq: everything below was delivered or given up as a gap. */
  lastReassem = 1;
  /** Reassembler::trim_seq: everything below was acknowledged (or dropped as never to be acknowledged). */
  trimSeq = 1;
  /** Bytes of the holes the last ackReceived passed over (the `len` of each TCP_Reassembler::Gap call). */
  lastGapBytes = 0;
  /** TCP_Reassembler::skip_deliveries: Zeek gave up on this endpoint's stream. */
  private skip = false;
  private above: number[] | undefined;

  /**
   * TCP_Reassembler::DataSent → Reassembler::NewBlock → BlockInserted for `len` bytes at relative
   * `seq`. `acked` is the endpoint's relative ack (bytes the peer acknowledged); the endpoint is read
   * for Zeek's rules on data nobody acknowledges.
   */
  dataSent(seq: number, len: number, acked: number, ep: GapEndpoint): void {
    if (this.skip) return;
    let upper = seq + len;
    if (seq < acked) {
      if (upper <= acked) return;
      seq = acked;
    }
    if (upper <= this.trimSeq) return;
    if (seq < this.trimSeq) seq = this.trimSeq;
    if (seq > this.lastReassem) this.insertAbove(seq, upper);
    else if (upper > this.lastReassem) {
      this.lastReassem = upper;
      this.deliverAbove();
      // BlockInserted: data nobody acknowledges is not held (peer ACKs not seen, or split routing).
      if (ep.noDataAcked() && ep.size() > MAX_INITIAL_WINDOW) this.trimTo(this.lastReassem, false, 0);
    }
    upper = this.above ? this.above[this.above.length - 1] : this.lastReassem;
    if (upper - this.lastReassem > MAX_ABOVE_HOLE_WITHOUT_ACKS && ep.noDataAcked()) this.giveUp();
    else if (this.buffered() > EXCESSIVE_DATA_WITHOUT_ACKS) this.giveUp();
  }

  /**
   * TCP_Reassembler::AckReceived for a relative ack: returns how many content gaps Zeek reports
   * (TCP_Reassembler::Gap calls), one per hole the ack passes over. `finSeq` is the endpoint's
   * FIN_seq when it sent a FIN (the FIN octet is no data), else -1; `partial` is
   * TCPSessionAdapter::IsPartial.
   */
  ackReceived(seq: number, finSeq: number, partial: boolean): number {
    this.lastGapBytes = 0;
    if (finSeq >= 0 && seq >= finSeq) seq = finSeq - 1;
    if (seq <= this.trimSeq) return 0;
    return this.trimTo(seq, partial, 0);
  }

  /** DataBlockList::Trim: acknowledged up to `seq`; bytes never seen below it are gaps. */
  private trimTo(seq: number, partial: boolean, gaps: number): number {
    if (seq > this.lastReassem) {
      // TCP_Reassembler::Undelivered: a partial connection's first ack for its faked SYN octet
      // (and one byte beyond, a keep-alive) is no gap, and leaves last_reassem_seq as it was.
      if (!(seq <= 2 && partial)) {
        if (!this.skip) {
          const a = this.above;
          while (a && a.length && a[0] < seq) {
            gaps++;
            this.lastGapBytes += a[0] - this.lastReassem;
            this.lastReassem = a[0];
            this.deliverAbove();
          }
          if (seq > this.lastReassem) {
            gaps++;
            this.lastGapBytes += seq - this.lastReassem;
          }
        }
        if (seq > this.lastReassem) this.lastReassem = seq;
        // A segment that starts right at the new edge is deliverable now.
        this.deliverAbove();
      }
    }
    const a = this.above;
    if (a) {
      let k = 0;
      while (k < a.length && a[k + 1] <= seq) k += 2;
      if (k) a.splice(0, k);
      if (!a.length) this.above = undefined;
    }
    if (seq > this.trimSeq) this.trimSeq = seq;
    return gaps;
  }

  /** Moves the segments that now touch the delivered prefix into it. */
  private deliverAbove(): void {
    const a = this.above;
    if (!a) return;
    let k = 0;
    while (k < a.length && a[k] <= this.lastReassem) {
      if (a[k + 1] > this.lastReassem) this.lastReassem = a[k + 1];
      k += 2;
    }
    if (k) a.splice(0, k);
    if (!a.length) this.above = undefined;
  }

  /** Adds [start, end) to the segments above the hole, merging overlaps and adjacent ones. */
  private insertAbove(start: number, end: number): void {
    const a = (this.above ??= []);
    // First range that ends at or after `start` (binary search over the pairs).
    let lo = 0,
      hi = a.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid * 2 + 1] < start) lo = mid + 1;
      else hi = mid;
    }
    const k = lo * 2;
    let j = k;
    while (j < a.length && a[j] <= end) {
      if (a[j] < start) start = a[j];
      if (a[j + 1] > end) end = a[j + 1];
      j += 2;
    }
    a.splice(k, j - k, start, end);
    if (a.length > MAX_RANGES_ABOVE * 2) this.giveUp();
  }

  /** Bytes the reassembler holds: delivered but not acknowledged, and waiting above a hole. */
  private buffered(): number {
    let n = Math.max(0, this.lastReassem - this.trimSeq);
    const a = this.above;
    if (a) for (let k = 0; k < a.length; k += 2) n += a[k + 1] - a[k];
    return n;
  }

  private giveUp(): void {
    this.skip = true;
    this.above = undefined;
  }
}
