/** Which side sent a chunk: the client is the source of the stream's first packet (as tshark's follow). */
export const CLIENT = 0;
export const SERVER = 1;

/**
 * The chunks of a followed stream in the order they were delivered, as columns (a 1 GB stream has
 * ~700,000 of them: no object per chunk). A chunk is either bytes of one packet's payload — `start`
 * bytes into it, `length` long — or a gap (`missing` not NaN): bytes the receiver acknowledged that the
 * capture does not hold. `offset` is where the chunk's bytes begin in its direction's byte stream,
 * so a window [a, b) of a direction is found by binary search and read from the file on demand.
 */
export class FollowChunks {
  count = 0;
  packet = new Int32Array(256);
  direction = new Uint8Array(256);
  start = new Uint32Array(256);
  length = new Uint32Array(256);
  /** Bytes missing before the next chunk of this direction (as tshark counts: may be negative); NaN for a chunk of bytes. */
  missing = new Float64Array(256);
  offset = new Float64Array(256);
  /** Bytes so far in each direction's stream (gaps count none: they hold no bytes). */
  readonly bytes = [0, 0];

  /** Appends `length` bytes of packet `packet`'s payload from `start`; returns the chunk's number. */
  addBytes(direction: number, packet: number, start: number, length: number): number {
    const k = this.push(direction, packet);
    this.start[k] = start;
    this.length[k] = length;
    this.missing[k] = NaN;
    this.offset[k] = this.bytes[direction];
    this.bytes[direction] += length;
    return k;
  }

  /** Appends a gap of `missing` bytes, learnt from packet `packet` (the one whose ACK revealed it). */
  addGap(direction: number, packet: number, missing: number): number {
    const k = this.push(direction, packet);
    this.start[k] = 0;
    this.length[k] = 0;
    this.missing[k] = missing;
    this.offset[k] = this.bytes[direction];
    return k;
  }

  /** The chunk numbers of one direction in order (their offsets ascend): what a window lookup searches. */
  ofDirection(direction: number): Int32Array {
    let list = this.byDirection[direction];
    if (list && list.length === this.countOf(direction)) return list;
    list = new Int32Array(this.countOf(direction));
    let n = 0;
    for (let k = 0; k < this.count; k++) if (this.direction[k] === direction) list[n++] = k;
    this.byDirection[direction] = list;
    return list;
  }

  private readonly perDirection = [0, 0];
  private readonly byDirection: Array<Int32Array | undefined> = [undefined, undefined];

  private countOf(direction: number): number {
    return this.perDirection[direction];
  }

  isGap(k: number): boolean {
    return !Number.isNaN(this.missing[k]);
  }

  private push(direction: number, packet: number): number {
    if (this.count === this.packet.length) this.grow(this.count * 2);
    const k = this.count++;
    this.direction[k] = direction;
    this.packet[k] = packet;
    this.perDirection[direction]++;
    return k;
  }

  private grow(n: number): void {
    const more = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(old: T, next: T): T => {
      next.set(old as never);
      return next;
    };
    this.packet = more(this.packet, new Int32Array(n));
    this.direction = more(this.direction, new Uint8Array(n));
    this.start = more(this.start, new Uint32Array(n));
    this.length = more(this.length, new Uint32Array(n));
    this.missing = more(this.missing, new Float64Array(n));
    this.offset = more(this.offset, new Float64Array(n));
  }
}
