import type { FollowStream } from '../follow/followStream';
import { readDirection } from '../follow/streamReader';

/** Bytes read from the capture per refill: parsing many small chunk-size lines must not reread per line. */
const WINDOW = 64 * 1024;

/**
 * One direction of a followed stream, read through a sliding window: the parser asks for short
 * ranges (a header block, a chunk-size line) and only the window around them is held, never the
 * whole direction.
 */
export class DirectionBytes {
  readonly total: number;
  private base = 0;
  private buf: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly stream: FollowStream,
    readonly direction: number,
  ) {
    this.total = stream.chunks.bytes[direction];
  }

  /** Bytes [from, to) clipped to the stream's end; a view valid until the next call. */
  read(from: number, to: number): Uint8Array {
    to = Math.min(to, this.total);
    if (from >= to) return new Uint8Array(0);
    if (from < this.base || to > this.base + this.buf.length) {
      this.base = from;
      this.buf = readDirection(this.stream, this.direction, from, Math.max(to, from + WINDOW));
    }
    return this.buf.subarray(from - this.base, to - this.base);
  }
}
