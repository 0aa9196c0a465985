import { PF_DIRECTION_B } from '../index/packetIndex';
import type { ComparedSide } from './comparedSide';
import { A_TO_B, B_TO_A } from './compareTypes';
import type { StreamPair } from './connectionMatch';
import { isTcpStream } from './connectionMatch';
import type { OrientedBy, Orientation } from './orientation';
import type { Pairing } from './packetPairs';

/** A TCP connection seen at one point only (no pair): which capture, and its stream there. */
export interface LoneStream {
  side: 'a' | 'b';
  stream: number;
  /** Direction of that stream (0/1) going A→B, -1 unknown. */
  aToBDir: number;
  by: OrientedBy;
}

/** Per packet of each capture: A_TO_B, B_TO_A or -1; and the lone connections found on the way. */
export interface Directions {
  a: Int8Array;
  b: Int8Array;
  /** Connection index per packet, lone streams numbered after the pairs. */
  connA: Int32Array;
  connB: Int32Array;
  lone: LoneStream[];
}

/**
 * Which way every packet travels. Packets of a compared connection follow its orientation; a
 * paired packet outside any connection (UDP, ICMP) goes the way its delay is positive once the
 * clock offset is known; and an unpaired one goes by which side its addresses were seen on, as the
 * compared connections place them (an address that talked from A's side is on A's side).
 */
export function assignDirections(a: ComparedSide, b: ComparedSide, pairs: readonly StreamPair[], pairing: Pairing, o: Orientation): Directions {
  const ixA = a.ix,
    ixB = b.ix;
  const dirA = new Int8Array(ixA.count).fill(-1);
  const dirB = new Int8Array(ixB.count).fill(-1);
  const sideAtA = new Map<string, number>(),
    sideAtB = new Map<string, number>();
  const note = (map: Map<string, number>, address: string, side: number) => {
    if (address && !map.has(address)) map.set(address, side);
  };
  let initiatorOnA = 0;
  pairs.forEach((p, c) => {
    const d = o.aToBDir[c];
    if (d < 0) return;
    initiatorOnA += d === 0 ? 1 : -1;
    const t = ixA.tcpStreams,
      u = ixB.tcpStreams;
    const dB = d ^ p.flip;
    note(sideAtA, ixA.addresses.text(d === 0 ? t.aAddr[p.streamA] : t.bAddr[p.streamA]), A_TO_B);
    note(sideAtA, ixA.addresses.text(d === 0 ? t.bAddr[p.streamA] : t.aAddr[p.streamA]), B_TO_A);
    note(sideAtB, ixB.addresses.text(dB === 0 ? u.aAddr[p.streamB] : u.bAddr[p.streamB]), A_TO_B);
    note(sideAtB, ixB.addresses.text(dB === 0 ? u.bAddr[p.streamB] : u.aAddr[p.streamB]), B_TO_A);
  });
  for (let i = 0; i < ixA.count; i++) {
    const c = pairing.connA[i];
    if (c < 0 || o.aToBDir[c] < 0) continue;
    dirA[i] = (ixA.flags[i] & PF_DIRECTION_B ? 1 : 0) === o.aToBDir[c] ? A_TO_B : B_TO_A;
  }
  for (let j = 0; j < ixB.count; j++) {
    const c = pairing.connB[j];
    if (c < 0 || o.aToBDir[c] < 0) continue;
    dirB[j] = ((ixB.flags[j] & PF_DIRECTION_B ? 1 : 0) ^ pairs[c].flip) === o.aToBDir[c] ? A_TO_B : B_TO_A;
  }
  if (o.clockOffset !== null) {
    for (let i = 0; i < ixA.count; i++) {
      const j = pairing.peerA[i];
      if (j < 0 || pairing.connA[i] >= 0 || !ixA.hasTime(i) || !ixB.hasTime(j)) continue;
      const d = ixB.time(j) - ixA.time(i) - o.clockOffset >= 0 ? A_TO_B : B_TO_A;
      dirA[i] = d;
      dirB[j] = d;
      note(sideAtA, ixA.addresses.text(ixA.src[i]), d);
      note(sideAtB, ixB.addresses.text(ixB.src[j]), d);
    }
  }

  // Lone TCP streams: oriented by the addresses, else like most compared connections (their initiator's side).
  const connA = Int32Array.from(pairing.connA);
  const connB = Int32Array.from(pairing.connB);
  const lone: LoneStream[] = [];
  const guessDir0 = initiatorOnA >= 0 ? A_TO_B : B_TO_A;
  const orientLone = (s: ComparedSide, side: 'a' | 'b', conn: Int32Array, dirs: Int8Array, sides: Map<string, number>) => {
    const ix = s.ix;
    const byStream = new Map<number, number>();
    for (let i = 0; i < ix.count; i++) {
      if (conn[i] >= 0 || ix.stream[i] < 0 || !isTcpStream(s, i)) continue;
      let k = byStream.get(ix.stream[i]);
      if (k === undefined) {
        const t = ix.tcpStreams;
        const st = ix.stream[i];
        const from0 = sides.get(ix.addresses.text(t.aAddr[st]));
        const to0 = sides.get(ix.addresses.text(t.bAddr[st]));
        let aToBDir = -1;
        let by: OrientedBy = 'guess';
        if (from0 !== undefined) aToBDir = from0 === A_TO_B ? 0 : 1;
        else if (to0 !== undefined) aToBDir = to0 === B_TO_A ? 0 : 1;
        if (aToBDir >= 0) by = 'addresses';
        else aToBDir = guessDir0 === A_TO_B ? 0 : 1;
        k = pairs.length + lone.length;
        lone.push({ side, stream: st, aToBDir, by });
        byStream.set(st, k);
      }
      conn[i] = k;
      dirs[i] = (ix.flags[i] & PF_DIRECTION_B ? 1 : 0) === lone[k - pairs.length].aToBDir ? A_TO_B : B_TO_A;
    }
  };
  orientLone(a, 'a', connA, dirA, sideAtA);
  orientLone(b, 'b', connB, dirB, sideAtB);

  // Whatever is left (unpaired UDP, ICMP, other IP): by its addresses.
  const byAddress = (s: ComparedSide, dirs: Int8Array, sides: Map<string, number>) => {
    const ix = s.ix;
    for (let i = 0; i < ix.count; i++) {
      if (dirs[i] >= 0) continue;
      const from = sides.get(ix.addresses.text(ix.src[i]));
      if (from !== undefined) dirs[i] = from;
      else {
        const to = sides.get(ix.addresses.text(ix.dst[i]));
        if (to !== undefined) dirs[i] = to === B_TO_A ? A_TO_B : B_TO_A;
      }
    }
  };
  byAddress(a, dirA, sideAtA);
  byAddress(b, dirB, sideAtB);
  return { a: dirA, b: dirB, connA, connB, lone };
}
