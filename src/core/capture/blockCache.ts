import type { ByteSource } from './byteSource';

// Small blocks: scattered re-reads (one handshake packet per flow) must not pull
// in much more than the packet; neighbouring rows of a screen still share blocks.
const BLOCK = 8 * 1024;
const BLOCKS = 256;

/**
 * A small LRU of 8 KiB blocks in front of a ByteSource. Display and diagnosis
 * re-read packets that sit close together (a handshake, a screen of rows), so
 * most re-reads become a copy instead of a system call.
 */
export class BlockCache {
  private readonly blocks = new Map<number, Uint8Array>();

  constructor(private readonly source: ByteSource) {}

  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const first = Math.floor(offset / BLOCK);
    const last = Math.floor((offset + length - 1) / BLOCK);
    if (length === 0) return out;
    if (last !== first || length > BLOCK) {
      this.source.readInto(out, offset, length);
      return out;
    }
    const block = this.block(first);
    const start = offset - first * BLOCK;
    out.set(block.subarray(start, Math.min(block.length, start + length)));
    return out;
  }

  private block(n: number): Uint8Array {
    let b = this.blocks.get(n);
    if (b) {
      // Re-insert: Map order is the LRU order.
      this.blocks.delete(n);
      this.blocks.set(n, b);
      return b;
    }
    const buf = new Uint8Array(BLOCK);
    const got = this.source.readInto(buf, n * BLOCK, BLOCK);
    // A partial block is the file's current end, which may still grow (a capture being written): not cached.
    if (got < BLOCK) return buf.subarray(0, got);
    b = buf;
    this.blocks.set(n, b);
    if (this.blocks.size > BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    return b;
  }
}
