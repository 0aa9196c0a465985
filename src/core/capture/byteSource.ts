/**
 * Random access to the bytes of a capture. Readers never hold the whole file:
 * they pull windows through this interface, so a capture larger than memory
 * (or than Node's single-Buffer limit) still opens.
 */
export interface ByteSource {
  /** Total size in bytes. May exceed 2^32; offsets are plain numbers (exact up to 2^53). */
  readonly size: number;
  /** Copies up to `length` bytes from `offset` into `target[0..]`; returns how many were copied. */
  readInto(target: Uint8Array, offset: number, length: number): number;
  close(): void;
}

/** A capture already in memory (tests, byte-built packets, small decompressed files). */
export class MemorySource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  readInto(target: Uint8Array, offset: number, length: number): number {
    if (offset >= this.bytes.length) return 0;
    const n = Math.min(length, this.bytes.length - offset, target.length);
    target.set(this.bytes.subarray(offset, offset + n), 0);
    return n;
  }

  close(): void {}
}
