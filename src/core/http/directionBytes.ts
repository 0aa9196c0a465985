import type { FollowStream } from '../follow/followStream';
import { readDirection } from '../follow/streamReader';
import { MAX_HEAD_BYTES } from './httpHead';

/**
 * Bytes read from the capture per refill: parsing many small chunk-size lines must not reread per
 * line. Four header blocks' worth: each message's head is read as [pos, pos + MAX_HEAD_BYTES), so a
 * window of only MAX_HEAD_BYTES was refilled for every message (100,000 keep-alive exchanges read
 * 6 GB); with this one a refill comes after three quarters of it is parsed.
 */
const WINDOW = 4 * MAX_HEAD_BYTES;

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
