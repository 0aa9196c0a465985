import type { ByteSource } from './byteSource';

const DEFAULT_CHUNK = 8 * 1024 * 1024;

/**
 * A sliding window over a ByteSource. Record readers ask for `need` bytes at an
 * absolute offset; the window is refilled from that offset when they are not
 * already buffered. One DataView per refill, none per record.
 */
export class ChunkCursor {
  buf: Uint8Array;
  view: DataView;
  /** Absolute file offset of buf[0]. */
  base = 0;
  /** Number of valid bytes in buf. */
  valid = 0;

  constructor(
    readonly source: ByteSource,
    chunkSize = DEFAULT_CHUNK,
  ) {
    this.buf = new Uint8Array(chunkSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes [offset, offset+need) addressable in buf; false when the source ends first. */
  ensure(offset: number, need: number): boolean {
    if (offset >= this.base && offset + need <= this.base + this.valid) return true;
    if (need > this.buf.length) {
      this.buf = new Uint8Array(Math.max(need, this.buf.length * 2));
      this.view = new DataView(this.buf.buffer);
    }
    this.base = offset;
    this.valid = this.source.readInto(this.buf, offset, this.buf.length);
    return this.valid >= need;
  }

  /** Position of an absolute offset inside buf (valid after ensure). */
  pos(offset: number): number {
    return offset - this.base;
  }
}
