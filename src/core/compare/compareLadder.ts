import { TH_ACK, TH_SYN, tcpFlagsText } from '../decode/tcp';
import type { LadderArrow, LadderModel, LadderSpan, LadderToken } from '../diagram/ladderTypes';
import { alignRows } from './alignedRows';
import type { ComparedSide } from './comparedSide';
import { endpointText } from './compareContext';
import type { CompareResult, Endpoint } from './compareTypes';
import { A_TO_B, B_TO_A, PacketClass } from './compareTypes';
import { packetVerdict } from './packetVerdict';

const MAX_ARROWS = 300;
/** Lanes: A's-side endpoint, point A, point B, B's-side endpoint; 1.5 is the path between the points. */
const A_END = 0,
  POINT_A = 1,
  BETWEEN = 1.5,
  POINT_B = 2,
  B_END = 3;

/** Where an arrow runs, from the engine's class of the packet and the way it travels. */
function spanOf(cls: PacketClass, direction: number, inA: boolean): LadderSpan {
  // Unknown direction: drawn as sent from the capture that has it.
  const aToB = direction === A_TO_B || (direction !== B_TO_A && inA);
  const [start, end, near] = aToB ? [A_END, B_END, POINT_A] : [B_END, A_END, POINT_B];
  switch (cls) {
    case PacketClass.Matched:
      return { from: start, to: end, kind: 'matched' };
    case PacketClass.Modified:
      return { from: start, to: end, kind: 'modified', changedAt: BETWEEN };
    case PacketClass.LostBetween:
      return { from: start, to: BETWEEN, kind: 'lost' };
    case PacketClass.AppearedBetween:
      return { from: BETWEEN, to: end, kind: 'appeared' };
    default: {
      // Seen at one point while the other was not capturing: from its sender to that point, or on from it.
      const at = inA ? POINT_A : POINT_B;
      return at === near ? { from: start, to: at, kind: 'outside' } : { from: at, to: end, kind: 'outside' };
    }
  }
}

const SHORT: Record<string, string> = {
  'tcp.options.timestamp.tsecr': 'TSecr',
  'tcp.options.timestamp.tsval': 'TSval',
  'tcp.options.mss_val': 'MSS',
  'tcp.options.wscale.shift': 'WS',
  'tcp.options.sack_perm': 'SACK_PERM',
  'tcp.seq_raw': 'Seq',
  'tcp.ack_raw': 'Ack',
  'tcp.window_size_value': 'Win',
};

/**
 * The four-lane ladder of one compared connection (client, point A, point B, server): an arrow per
 * packet that stops between the points where it was lost, starts there where it appeared, and is
 * drawn changed from there where it was modified. Every arrow's tooltip is the engine's verdict.
 */
export function compareLadder(
  a: ComparedSide,
  b: ComparedSide,
  r: CompareResult,
  connection: number,
  names: { a: string; b: string },
): LadderModel | undefined {
  const conn = r.connections[connection];
  if (!conn) return undefined;
  const rows = alignRows(a, b, r, connection);
  const ep = (e: Endpoint | null, other: Endpoint | null) => endpointText((e ?? other)!);
  const aEnd = ep(conn.aSide.atA, conn.aSide.atB),
    bEnd = ep(conn.bSide.atB, conn.bSide.atA);
  // The client is whoever sent the SYN.
  let clientSide = -1;
  const arrows: LadderArrow[] = [];
  let t0: number | undefined;
  let truncated = false;
  for (let k = 0; k < rows.count; k++) {
    const i = rows.a[k],
      j = rows.b[k];
    const s = i >= 0 ? a : b,
      p = i >= 0 ? i : j;
    const flags = s.ix.flags[p] & 0xfff;
    const v = packetVerdict(a, b, r, i, j);
    if (clientSide < 0 && (flags & (TH_SYN | TH_ACK)) === TH_SYN && v.direction >= 0) clientSide = v.direction;
    if (arrows.length >= MAX_ARROWS) {
      truncated = true;
      continue;
    }
    const t = i >= 0 ? (a.ix.hasTime(i) ? a.ix.time(i) : undefined) : b.ix.hasTime(j) ? b.ix.time(j) - (r.clockOffset ?? 0) : undefined;
    if (t !== undefined) t0 ??= t;
    const tokens: LadderToken[] = [{ text: `[${tcpFlagsText(flags)}]` }, { text: `Len=${s.ix.payloadLen(p)}` }];
    // In the order the packet travelled: the value where it entered the path → where it left it.
    for (const f of v.fields) {
      const [from, to] = v.direction === B_TO_A ? [f.b, f.a] : [f.a, f.b];
      tokens.push({ text: `${SHORT[f.name] ?? f.name}=${from ?? '∅'}→${to ?? '∅'}`, warn: true, tip: v.text });
    }
    const span = spanOf(v.cls, v.direction, i >= 0);
    const arrow: LadderArrow = {
      // Numbered in the diagram: A's and B's frame numbers overlap (frames says which packets).
      frame: arrows.length + 1,
      frames: { a: i + 1, b: j + 1 },
      at: t === undefined || t0 === undefined ? 0 : Math.round((t - t0) * 1e6) / 1e6,
      from: span.from < span.to ? 'client' : 'server',
      tokens,
      span,
      tip: v.text,
    };
    if (span.kind === 'lost') arrow.note = 'lost between A and B';
    else if (span.kind === 'appeared') arrow.note = 'appeared between A and B';
    if (span.kind === 'lost' || span.kind === 'appeared' || span.kind === 'modified') arrow.warn = true;
    arrows.push(arrow);
  }
  const [roleA, roleB] = clientSide === A_TO_B ? ['client', 'server'] : clientSide === B_TO_A ? ['server', 'client'] : ['endpoint', 'endpoint'];
  return {
    stream: conn.streamA >= 0 ? conn.streamA : conn.streamB,
    client: aEnd,
    server: bEnd,
    title: `A stream ${conn.streamA < 0 ? '-' : conn.streamA} / B stream ${conn.streamB < 0 ? '-' : conn.streamB}: ${aEnd} ⇄ ${bEnd}`,
    lanes: [
      { role: roleA, label: aEnd },
      { role: 'point A', label: names.a },
      { role: 'point B', label: names.b },
      { role: roleB, label: bEnd },
    ],
    arrows,
    truncated,
  };
}
