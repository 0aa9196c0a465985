import { FACT_IP, FACT_IPV4 } from './packetFacts';
import type { ComparedSide } from './comparedSide';

/** Candidates looked at per packet: equal identities beyond this are a flood of identical empty segments, not evidence. */
export const MAX_CANDIDATES = 8;

/**
 * What stays the same of a packet across a path that may NAT it, offset its sequence numbers and
 * rewrite its options: the IP protocol, the IPv4 identification (set by the sender, touched by no
 * NAT of RFC 3022 and no TCP middlebox), the payload's length and hash. IPv6 has no identification,
 * and a bulk sender repeating one buffer makes the payload hash alone worthless: a TCP segment's
 * raw sequence and acknowledgment numbers stand in (so an IPv6 connection through a sequence
 * randomiser is not recognised; relative numbers would be, but they shift whenever one capture
 * missed the SYN).
 */
export function identityHash(s: ComparedSide, i: number): number {
  const f = s.facts;
  const v4 = (f.bits[i] & FACT_IPV4) !== 0;
  let h = Math.imul(f.ipProto[i] ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (v4 ? f.ipId[i] : s.ix.seq[i]), 0x85ebca6b);
  if (!v4) h = Math.imul(h ^ s.ix.ack[i], 0x2545f491);
  else if (f.ipId[i] === 0) h = Math.imul(h ^ s.ix.tsval[i], 0x2545f491);
  h = Math.imul(h ^ s.ix.payloadLen(i), 0xc2b2ae35);
  h = Math.imul(h ^ f.hash[i], 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

export function sameIdentity(a: ComparedSide, i: number, b: ComparedSide, j: number): boolean {
  const fa = a.facts,
    fb = b.facts;
  if (fa.ipProto[i] !== fb.ipProto[j] || fa.hash[i] !== fb.hash[j] || a.ix.payloadLen(i) !== b.ix.payloadLen(j)) return false;
  const v4 = (fa.bits[i] & FACT_IPV4) !== 0;
  if (v4 !== ((fb.bits[j] & FACT_IPV4) !== 0)) return false;
  // UDP and ICMP leave seq/ack at 0 in the index: over IPv6 they match on the payload alone.
  if (!v4) return a.ix.seq[i] === b.ix.seq[j] && a.ix.ack[i] === b.ix.ack[j];
  // Linux sends the packets of no socket with ID 0 (SYN/ACKs, RSTs, TIME-WAIT ACKs): thousands alike
  // in a capture of short connections, where the sender's TSval tells them apart.
  return fa.ipId[i] === fb.ipId[j] && (fa.ipId[i] !== 0 || a.ix.tsval[i] === b.ix.tsval[j]);
}

/**
 * The packets of one capture by identity: an open-addressing table of chain heads over typed
 * arrays (no object per packet), each chain in packet order.
 */
export class IdentityTable {
  private readonly heads: Int32Array;
  private readonly mask: number;
  /** Next packet with the same slot, -1 at the end. */
  readonly next: Int32Array;

  constructor(readonly side: ComparedSide) {
    const n = side.ix.count;
    let size = 1024;
    while (size < n * 2) size *= 2;
    this.heads = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.next = new Int32Array(n).fill(-1);
    const bits = side.facts.bits;
    // Last packet first, so each chain runs in packet order.
    for (let i = n - 1; i >= 0; i--) {
      if (!(bits[i] & FACT_IP)) continue;
      const slot = identityHash(side, i) & this.mask;
      this.next[i] = this.heads[slot];
      this.heads[slot] = i;
    }
  }

  /** The first packet whose identity hash falls in the slot of `hash` (check with sameIdentity), -1 if none. */
  first(hash: number): number {
    return this.heads[hash & this.mask];
  }
}
