/** Sequence-space comparisons modulo 2^32 (RFC 9293 §3.4), as packet-tcp.c's GT_SEQ/LT_SEQ. */
export function gtSeq(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export function ltSeq(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function leSeq(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}
