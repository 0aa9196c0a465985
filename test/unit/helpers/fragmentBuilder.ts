import { concat, ethernet, ipv4, ipv6, u16, u32 } from './packetBuilder';

/** One fragment to cut: payload bytes [offset, offset + length), with More Fragments set unless `last`. */
export interface Piece {
  offset: number;
  length: number;
  last?: boolean;
  fill?: number;
}

/**
 * IPv4 fragments of `payload` (the transport header and data), each in its own Ethernet frame,
 * cut as `pieces` says; `fill` replaces the piece's bytes (overlaps with different data).
 */
export function ipv4Fragments(payload: Uint8Array, pieces: Piece[], o: { id: number; proto: number; src?: string; dst?: string }): Uint8Array[] {
  return pieces.map((p) => {
    const bytes = p.fill === undefined ? payload.subarray(p.offset, p.offset + p.length) : new Uint8Array(p.length).fill(p.fill);
    return ethernet(ipv4(bytes, { proto: o.proto, id: o.id, flags: p.last ? 0 : 1, fragOffset: p.offset, src: o.src, dst: o.dst }), 0x0800);
  });
}

/** IPv6 fragments (RFC 8200 §4.5): a Fragment header (next header `nextHeader`, 32-bit id) before each piece. */
export function ipv6Fragments(payload: Uint8Array, pieces: Piece[], o: { id: number; nextHeader: number; src?: string; dst?: string }): Uint8Array[] {
  return pieces.map((p) => {
    const bytes = p.fill === undefined ? payload.subarray(p.offset, p.offset + p.length) : new Uint8Array(p.length).fill(p.fill);
    const frag = [o.nextHeader, 0, ...u16(p.offset | (p.last ? 0 : 1)), ...u32(o.id)];
    return ethernet(ipv6(concat(frag, bytes), { nextHeader: 44, src: o.src, dst: o.dst }), 0x86dd);
  });
}

/** Consecutive pieces of `size` bytes covering `total` bytes (the last one shorter). */
export function evenPieces(total: number, size: number): Piece[] {
  const out: Piece[] = [];
  for (let at = 0; at < total; at += size) out.push({ offset: at, length: Math.min(size, total - at), last: at + size >= total });
  return out;
}
