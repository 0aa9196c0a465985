import type { ComparedSide } from './comparedSide';
import type { CompareResult } from './compareTypes';

/**
 * The side-by-side view's order: one row per event, a pair on one line. A's packets keep their
 * order (a pair sits where A has it); a packet only B has is placed among them by its time moved to
 * A's clock (the engine's clock offset), so a lost or injected packet shows up where it happened.
 */
export interface AlignedRows {
  /** Per row: the packet index in A, −1 when A does not have it. */
  readonly a: Int32Array;
  /** Per row: the packet index in B, −1 when B does not have it. */
  readonly b: Int32Array;
  readonly count: number;
}

/**
 * `connection`: only the rows of that compared connection (an index into result.connections);
 * −1: every packet of both captures.
 */
export function alignRows(a: ComparedSide, b: ComparedSide, r: CompareResult, connection = -1): AlignedRows {
  const keepA = (i: number) => connection < 0 || r.a.connection[i] === connection;
  // A pair is A's row; B's own rows are those A has no peer for.
  const keepB = (j: number) => r.b.peer[j] < 0 && (connection < 0 || r.b.connection[j] === connection);
  const offset = r.clockOffset ?? 0;
  const rowsA = new Int32Array(a.ix.count + b.ix.count);
  const rowsB = new Int32Array(a.ix.count + b.ix.count);
  let n = 0;
  let j = 0;
  // A packet without a timestamp keeps the time of the one before it.
  let tA = -Infinity;
  const timeB = (k: number) => (b.ix.hasTime(k) ? b.ix.time(k) - offset : -Infinity);
  const takeB = (until: number) => {
    for (; j < b.ix.count; j++) {
      if (!keepB(j)) continue;
      if (timeB(j) > until) return;
      rowsA[n] = -1;
      rowsB[n++] = j;
    }
  };
  for (let i = 0; i < a.ix.count; i++) {
    if (!keepA(i)) continue;
    if (a.ix.hasTime(i)) tA = a.ix.time(i);
    // A pair happened when its first point saw it (B's, for a packet travelling B→A). B's lone
    // packets strictly before that go first; at the same instant the pair comes first.
    const peer = r.a.peer[i];
    const at = peer >= 0 && b.ix.hasTime(peer) ? Math.min(tA, timeB(peer)) : tA;
    takeB(at - Number.EPSILON);
    rowsA[n] = i;
    rowsB[n++] = r.a.peer[i];
  }
  takeB(Infinity);
  return { a: rowsA.subarray(0, n), b: rowsB.subarray(0, n), count: n };
}
