/** What reassembling one datagram ran into (bits; Wireshark's FD_* flags, Linux's drop reasons). */
export const FRAG_OVERLAP = 1;
/** Overlapping fragments carry different bytes: which copy the receiver keeps is OS-dependent (RFC 5722 forbids it for IPv6). */
export const FRAG_OVERLAP_CONFLICT = 2;
/** Two last fragments (More Fragments clear) that end at different offsets. */
export const FRAG_MULTIPLE_TAILS = 4;
/** A fragment reaches past the end the last fragment set. */
export const FRAG_TOO_LONG_FRAGMENT = 8;
/** Offset + length past 65,535: no valid datagram is that long (Linux drops it: "Oversized IP packet"). */
export const FRAG_TOO_LARGE = 16;
/** Given up before it completed (see FragmentTracker): its time-out passed. */
export const FRAG_TIMED_OUT = 32;
/** Given up before it completed: the bytes held for unfinished datagrams reached their cap. */
export const FRAG_EVICTED = 64;

/** The largest fragmentable part a datagram can have: IPv4's total length is 16 bits, IPv6's payload length too. */
export const MAX_DATAGRAM_PAYLOAD = 65535;

/**
 * One datagram being put together from its fragments. Completeness follows RFC 815's hole
 * descriptors: one hole [0, ∞) at first; each fragment removes the part of a hole it covers,
 * leaving at most a hole before it and one after (none after the last fragment); the datagram is
 * whole when no hole is left. The bytes are laid out as Wireshark 4.0 does (epan/reassemble.c
 * fragment_defragment_and_free), so the reassembled transport is the one tshark shows: fragments
 * in offset order (arrival order for equal offsets), each adding only the bytes past what the
 * ones before it covered — where copies overlap, the lower offset wins and differing bytes are
 * flagged. (Linux ≥ 4.19 would drop such a datagram outright; the flag says so in the tree.)
 *
 * Used at index time (fragments arrive from the file) and again for display (the same fragments
 * re-read in the same order), so both see the same bytes.
 */
export class DatagramAssembly {
  /** Flat [first, last] pairs of the holes still open (RFC 815); last = Infinity until the tail is seen. */
  private holes: number[] = [0, Infinity];
  private readonly pieces: Array<{ offset: number; data: Uint8Array; seq: number }> = [];
  /** Payload length, known once a fragment with More Fragments clear arrived; -1 before. */
  total = -1;
  flags = 0;
  /** Bytes held in `pieces`, for the tracker's memory cap. */
  held = 0;

  /**
   * Adds one fragment's payload bytes at byte `offset` (copied: the caller's buffer is reused).
   * Returns true when the datagram is now complete.
   */
  add(offset: number, bytes: Uint8Array, more: boolean): boolean {
    const len = bytes.length;
    const end = offset + len;
    if (end > MAX_DATAGRAM_PAYLOAD) this.flags |= FRAG_TOO_LARGE;
    if (!more) {
      if (this.total >= 0 && this.total !== end) this.flags |= FRAG_MULTIPLE_TAILS;
      if (this.total < 0) this.total = end;
    }
    this.pieces.push({ offset, data: bytes.slice(), seq: this.pieces.length });
    this.held += len;
    if (len > 0) this.fill(offset, end - 1, more);
    if (this.total >= 0) this.closeTail();
    return this.complete;
  }

  get complete(): boolean {
    return this.total >= 0 && this.holes.length === 0 && !(this.flags & FRAG_TOO_LARGE);
  }

  /** RFC 815 steps 1–6 for a fragment covering [first, last]. */
  private fill(first: number, last: number, more: boolean): void {
    const next: number[] = [];
    for (let k = 0; k < this.holes.length; k += 2) {
      const hf = this.holes[k],
        hl = this.holes[k + 1];
      if (first > hl || last < hf) {
        next.push(hf, hl);
        continue;
      }
      if (first > hf) next.push(hf, first - 1);
      if (last < hl && more) next.push(last + 1, hl);
    }
    this.holes = next;
  }

  /** The last fragment fixes the end: no hole may reach past it. */
  private closeTail(): void {
    const next: number[] = [];
    for (let k = 0; k < this.holes.length; k += 2) {
      const hf = this.holes[k],
        hl = Math.min(this.holes[k + 1], this.total - 1);
      if (hf <= hl) next.push(hf, hl);
    }
    this.holes = next;
  }

  /**
   * The reassembled payload (only when complete), and which fragments overlapped: `overlaps[k]` is
   * FRAG_OVERLAP (| FRAG_OVERLAP_CONFLICT) for the k-th fragment added, FRAG_TOO_LONG_FRAGMENT
   * for one past the end. Sets the same bits in `flags`.
   */
  assemble(): { payload: Uint8Array; fragmentFlags: number[] } | undefined {
    if (!this.complete) return undefined;
    const out = new Uint8Array(this.total);
    const fragmentFlags = new Array<number>(this.pieces.length).fill(0);
    const ordered = [...this.pieces].sort((a, b) => a.offset - b.offset || a.seq - b.seq);
    let covered = 0;
    for (const p of ordered) {
      const len = p.data.length;
      if (len === 0) continue;
      let mark = 0;
      if (p.offset + len > this.total) mark |= FRAG_TOO_LONG_FRAGMENT;
      const usable = Math.max(0, Math.min(len, this.total - p.offset));
      const overlap = Math.min(usable, covered - p.offset);
      if (overlap > 0) {
        mark |= FRAG_OVERLAP;
        for (let k = 0; k < overlap; k++) {
          if (out[p.offset + k] !== p.data[k]) {
            mark |= FRAG_OVERLAP_CONFLICT;
            break;
          }
        }
      }
      const from = Math.max(0, overlap);
      if (usable > from) out.set(p.data.subarray(from, usable), p.offset + from);
      covered = Math.max(covered, p.offset + usable);
      fragmentFlags[p.seq] = mark;
      this.flags |= mark;
    }
    return { payload: out, fragmentFlags };
  }
}
