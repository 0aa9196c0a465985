import type { Capture } from '../capture/openCapture';
import { classifyPackets } from './classify';
import { CompareContext } from './compareContext';
import type { ComparedSide } from './comparedSide';
import { compareFindings } from './compareRuleChecks';
import type { CompareResult, ConnectionComparison, Endpoint, PacketCounts } from './compareTypes';
import { A_TO_B, B_TO_A, PACKET_CLASS_NAMES, PacketClass } from './compareTypes';
import type { StreamPair } from './connectionMatch';
import { matchConnections } from './connectionMatch';
import type { Directions } from './directions';
import { assignDirections } from './directions';
import { IdentityTable } from './identityTable';
import type { Orientation } from './orientation';
import { orientConnections } from './orientation';
import type { Pairing } from './packetPairs';
import { pairPackets } from './packetPairs';
import type { PacketFacts } from './packetFacts';
import { collectPacketFacts } from './packetFacts';
import type { PathStats } from './pathStats';
import { measurePath } from './pathStats';
import { streamSpans } from './streamSpans';

/**
 * Compares two captures of the same traffic taken at two points A and B of its path: matches the
 * connections (through NAT and sequence offsets) and the packets, estimates the clock offset and
 * the one-way delays, classifies every packet of both files, and runs the compare rules. Reads
 * both captures once more for the facts the index does not keep (packetFacts.ts), unless given them
 * (read beside the index, in another thread: src/cli/openComparedPair.ts).
 */
export function compareCaptures(captureA: Capture, captureB: Capture, facts?: { a: PacketFacts; b: PacketFacts }): CompareResult {
  return compareSides(comparedSide(captureA, facts?.a), comparedSide(captureB, facts?.b));
}

/** A capture with the facts the comparison reads (a view keeps it to read changed fields back). */
export function comparedSide(capture: Capture, facts?: PacketFacts): ComparedSide {
  return { capture, ix: capture.index, facts: facts ?? collectPacketFacts(capture) };
}

/** compareCaptures over sides already made: the editor's compare view keeps them for changedFields(). */
export function compareSides(a: ComparedSide, b: ComparedSide): CompareResult {
  const tableA = new IdentityTable(a);
  const tableB = new IdentityTable(b);
  const spansA = streamSpans(a),
    spansB = streamSpans(b);
  const { pairs, lag } = matchConnections(a, b, tableB, spansA, spansB);
  const pairing = pairPackets(a, b, tableA, tableB, pairs, lag, spansA, spansB);
  const orientation = orientConnections(a, b, pairing, pairs.length);
  const dirs = assignDirections(a, b, pairs, pairing, orientation);
  const connections = pairs.length + dirs.lone.length;
  const stats = measurePath(a, b, pairing.peerA, dirs.a, dirs.connA, connections, orientation.clockOffset);
  const classes = classifyPackets(a, b, pairing.peerA, pairing.peerB, dirs, stats.hops, stats.delay, orientation.clockOffset);
  const result: Omit<CompareResult, 'findings'> = {
    a: { cls: classes.a, peer: pairing.peerA, direction: dirs.a, connection: dirs.connA },
    b: { cls: classes.b, peer: pairing.peerB, direction: dirs.b, connection: dirs.connB },
    changes: classes.changes,
    clockOffset: orientation.clockOffset,
    clockUncertainty: orientation.clockUncertainty,
    delay: { aToB: stats.delay[A_TO_B], bToA: stats.delay[B_TO_A] },
    hops: { aToB: stats.hops[A_TO_B], bToA: stats.hops[B_TO_A] },
    connections: summarizeConnections(a, b, pairs, pairing, orientation, dirs, stats, classes),
    packets: countPackets(classes.a, classes.b),
  };
  return { ...result, findings: compareFindings(new CompareContext(a, b, result)) };
}

function countPackets(clsA: Uint8Array, clsB: Uint8Array): PacketCounts {
  const n: PacketCounts = { matched: 0, lostBetween: 0, appearedBetween: 0, modified: 0, onlyOutsideOverlap: 0, notForwarded: 0 };
  const add = (cls: Uint8Array, pairsToo: boolean) => {
    for (let i = 0; i < cls.length; i++) {
      const c = cls[i] as PacketClass;
      // A pair is one event: counted from A's side only.
      if (!pairsToo && (c === PacketClass.Matched || c === PacketClass.Modified)) continue;
      if (c) n[PACKET_CLASS_NAMES[c]]++;
    }
  };
  add(clsA, true);
  add(clsB, false);
  return n;
}

function endpoints(s: ComparedSide, stream: number): [Endpoint, Endpoint] {
  const t = s.ix.tcpStreams;
  return [
    { address: s.ix.addresses.text(t.aAddr[stream]), port: t.aPort[stream] },
    { address: s.ix.addresses.text(t.bAddr[stream]), port: t.bPort[stream] },
  ];
}

const signed = (off: number | null): number | null => (off === null ? null : off > 0x7fffffff ? off - 0x100000000 : off);

/** One entry per compared connection (pairs first, then those seen at one point only). */
function summarizeConnections(
  a: ComparedSide,
  b: ComparedSide,
  pairs: readonly StreamPair[],
  pairing: Pairing,
  o: Orientation,
  dirs: Directions,
  stats: PathStats,
  classes: { a: Uint8Array; b: Uint8Array },
): ConnectionComparison[] {
  const out: ConnectionComparison[] = [];
  pairs.forEach((p, c) => {
    const d = Math.max(0, o.aToBDir[c]);
    const epA = endpoints(a, p.streamA),
      epB = endpoints(b, p.streamB);
    const dB = d ^ p.flip;
    out.push({
      streamA: p.streamA,
      streamB: p.streamB,
      aSide: { atA: epA[d], atB: epB[dB] },
      bSide: { atA: epA[1 - d], atB: epB[1 - dB] },
      seqOffset: { aToB: signed(pairing.seqOffset[c * 2 + d]), bToA: signed(pairing.seqOffset[c * 2 + 1 - d]) },
      hops: { aToB: stats.connectionHops[c][A_TO_B], bToA: stats.connectionHops[c][B_TO_A] },
      orientedBy: o.aToBDir[c] < 0 ? 'guess' : o.by[c],
      packets: { matched: 0, modified: 0, lostBetween: 0, appearedBetween: 0, onlyOutsideOverlap: 0 },
      delay: { aToB: stats.connectionDelay[c][A_TO_B], bToA: stats.connectionDelay[c][B_TO_A] },
    });
  });
  dirs.lone.forEach((l, k) => {
    const c = pairs.length + k;
    const ep = endpoints(l.side === 'a' ? a : b, l.stream);
    const near = ep[l.aToBDir],
      far = ep[1 - l.aToBDir];
    out.push({
      streamA: l.side === 'a' ? l.stream : -1,
      streamB: l.side === 'b' ? l.stream : -1,
      aSide: l.side === 'a' ? { atA: near, atB: null } : { atA: null, atB: near },
      bSide: l.side === 'a' ? { atA: far, atB: null } : { atA: null, atB: far },
      seqOffset: { aToB: null, bToA: null },
      hops: { aToB: null, bToA: null },
      orientedBy: l.by,
      packets: { matched: 0, modified: 0, lostBetween: 0, appearedBetween: 0, onlyOutsideOverlap: 0 },
      delay: { aToB: stats.connectionDelay[c][A_TO_B], bToA: stats.connectionDelay[c][B_TO_A] },
    });
  });
  const tally = (cls: Uint8Array, conn: Int32Array, pairsToo: boolean) => {
    for (let i = 0; i < cls.length; i++) {
      const c = conn[i];
      const k = cls[i] as PacketClass;
      if (c < 0 || !k || k === PacketClass.NotForwarded) continue;
      if (!pairsToo && (k === PacketClass.Matched || k === PacketClass.Modified)) continue;
      out[c].packets[PACKET_CLASS_NAMES[k] as keyof ConnectionComparison['packets']]++;
    }
  };
  tally(classes.a, dirs.connA, true);
  tally(classes.b, dirs.connB, false);
  return out;
}
