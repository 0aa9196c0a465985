import type { DetailNode } from './detailNode';
import { layer, NodeList } from './detailNode';

/**
 * A read past the bytes a layer has: Wireshark's tvb BoundsError. Tree builders throw it from
 * `FieldReader` and catch it where the layer is assembled, so the fields read before the cut stay
 * in the tree and the layer says it was cut, instead of the whole tree failing.
 */
export class BeyondCapturedBytes extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
    readonly end: number,
  ) {
    super(`field at ${offset}+${length} lies past the captured bytes (${end})`);
  }
}

/**
 * Bounds-checked field access for the detail tree: every read is checked against `end`, the end of
 * the bytes this layer may use (the frame's captured bytes, or less: an IP datagram's own length,
 * a quoted datagram inside an ICMP error). A length field in a capture can never make a tree
 * builder read past it.
 */
export class FieldReader {
  constructor(
    readonly view: DataView,
    readonly end: number,
  ) {}

  /** Throws unless `length` bytes at `at` lie within the layer's bytes. */
  need(at: number, length: number): void {
    if (at < 0 || length < 0 || at + length > this.end || at + length > this.view.byteLength) throw new BeyondCapturedBytes(at, length, this.end);
  }

  has(at: number, length: number): boolean {
    return at >= 0 && at + length <= this.end && at + length <= this.view.byteLength;
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.view.getUint8(at);
  }
  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at);
  }
  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at);
  }
}

/**
 * The layer as far as it was captured: the fields read so far and a note saying where the bytes
 * ran out (Wireshark: "[Packet size limited during capture: X truncated]").
 */
export function cutLayer(field: string, name: string, off: number, end: number, fields: NodeList, cut: BeyondCapturedBytes): DetailNode {
  const have = Math.max(0, end - off);
  const n = fields.nodes.slice();
  n.push({
    field: `${field}.truncated`,
    text: `[${name} truncated: field at byte ${cut.offset - off} of the header needs ${cut.length} bytes, ${have} captured]`,
    offset: Math.min(end, Math.max(off, cut.offset)),
    length: 0,
    severity: 'note',
  });
  return layer(field, `${name} (truncated: ${have} bytes captured)`, off, have, n);
}

/** Runs a tree builder; a read past the captured bytes ends the layer with `cutLayer`. */
export function withinCaptured(field: string, name: string, off: number, end: number, build: (n: NodeList) => DetailNode | undefined): DetailNode | undefined {
  const n = new NodeList();
  try {
    return build(n);
  } catch (e) {
    if (e instanceof BeyondCapturedBytes) return cutLayer(field, name, off, end, n, e);
    throw e;
  }
}
