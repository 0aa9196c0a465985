/**
 * How many bytes at the start of each packet are a capture pseudo-header (decode/pseudoHeaders.ts),
 * which tshark leaves out of frame.len and frame.cap_len. The length is a constant of the link type
 * except ERF's: each interface keeps the length its first packet had, and only packets that differ
 * from it go in a side map (rare: an ERF extension header on some records), so the index gains no
 * column.
 */
export class PseudoHeaderLengths {
  private readonly byInterface = new Map<number, number>();
  private readonly exceptions = new Map<number, number>();

  /** Packet i of interface `iface` (of a link type that has a pseudo-header) starts with `length` bytes of it. */
  note(i: number, iface: number, length: number): void {
    const usual = this.byInterface.get(iface);
    if (usual === undefined) this.byInterface.set(iface, length);
    else if (length !== usual) this.exceptions.set(i, length);
  }

  /** Packet i's pseudo-header length (0 for most link types). */
  of(i: number, iface: number): number {
    if (this.byInterface.size === 0) return 0;
    return this.exceptions.get(i) ?? this.byInterface.get(iface) ?? 0;
  }
}
