import type { Capture } from '../../core/capture/openCapture';
import { openCaptureBytes, openCaptureFile } from '../../core/capture/openCapture';
import type { AlignedRows } from '../../core/compare/alignedRows';
import { alignRows } from '../../core/compare/alignedRows';
import { compareLadder } from '../../core/compare/compareLadder';
import { comparedSide, compareSides } from '../../core/compare/compareCaptures';
import type { ComparedSide } from '../../core/compare/comparedSide';
import { endpointText } from '../../core/compare/compareContext';
import type { CompareResult, Endpoint } from '../../core/compare/compareTypes';
import { A_TO_B, B_TO_A, PACKET_CLASS_NAMES } from '../../core/compare/compareTypes';
import { packetVerdict } from '../../core/compare/packetVerdict';
import { decodeRow } from '../../core/summary/decodedRow';
import { packetLine } from '../../core/summary/packetLine';
import { summarize } from '../../core/summary/packetSummary';
import { packetRelative } from '../../core/summary/timeText';
import { requestFailed } from '../../channel';
import type {
  CaptureSource,
  CompareCell,
  CompareConnectionView,
  CompareReplyEnvelope,
  CompareRowView,
  CompareSummary,
  CompareWorkerReply,
  CompareWorkerRequest,
  Envelope,
  ToAnalysisWorker,
} from '../../protocol';

/** Rows sent per request at most (a window of the list on screen, not the list). */
const MAX_ROWS = 500;

/**
 * The compare panel's side of the analysis worker: compares two captures once, keeps both and the
 * result while the panel is open, and answers its windows of aligned rows and its ladders.
 */
interface Session {
  a: ComparedSide;
  b: ComparedSide;
  result: CompareResult;
  names: { a: string; b: string };
  /** Aligned rows per connection (−1: all), made when first asked for. */
  rows: Map<number, AlignedRows>;
}

const sessions = new Map<string, Session>();

export function isCompareRequest(m: ToAnalysisWorker): m is Envelope<CompareWorkerRequest> {
  return m.type.startsWith('compare') && m.type !== 'compareClose';
}

export function closeCompareSession(session: string): void {
  const s = sessions.get(session);
  sessions.delete(session);
  s?.a.capture.close();
  s?.b.capture.close();
}

export function answerCompareRequest(m: Envelope<CompareWorkerRequest>, reply: (r: CompareReplyEnvelope) => void): void {
  handle(m).then(
    (answer) => reply({ ...answer, id: m.id }),
    (e: unknown) => reply(requestFailed(m.id, e)),
  );
}

const open = (source: CaptureSource): Promise<Capture> =>
  source.kind === 'path' ? openCaptureFile(source.path) : Promise.resolve(openCaptureBytes(source.bytes));

async function handle(m: Envelope<CompareWorkerRequest>): Promise<CompareWorkerReply> {
  if (m.type === 'compareOpen') {
    closeCompareSession(m.session);
    const [ca, cb] = await Promise.all([open(m.a), open(m.b)]);
    const a = comparedSide(ca),
      b = comparedSide(cb);
    const s: Session = { a, b, result: compareSides(a, b), names: m.names, rows: new Map() };
    sessions.set(m.session, s);
    return { type: 'compareOpened', session: m.session, summary: summaryOf(s) };
  }
  const s = sessions.get(m.session);
  if (!s) throw new Error('The comparison is closed.');
  switch (m.type) {
    case 'compareRowCount':
      return { type: 'compareRowCount', connection: m.connection, rows: rowsOf(s, m.connection).count };
    case 'compareRows': {
      const rows = rowsOf(s, m.connection);
      const out: CompareRowView[] = [];
      for (let k = Math.max(0, m.start); k < Math.min(rows.count, m.start + Math.min(m.count, MAX_ROWS)); k++) out.push(rowView(s, rows.a[k], rows.b[k]));
      return { type: 'compareRows', connection: m.connection, start: m.start, rows: out };
    }
    case 'compareRowOf': {
      const rows = rowsOf(s, m.connection);
      const col = m.side === 'a' ? rows.a : rows.b;
      return { type: 'compareRowOf', connection: m.connection, side: m.side, frame: m.frame, row: col.indexOf(m.frame - 1) };
    }
    case 'compareLadder':
      return { type: 'compareLadder', connection: m.connection, model: compareLadder(s.a, s.b, s.result, m.connection, s.names) };
  }
}

function rowsOf(s: Session, connection: number): AlignedRows {
  let rows = s.rows.get(connection);
  if (!rows) {
    rows = alignRows(s.a, s.b, s.result, connection);
    s.rows.set(connection, rows);
  }
  return rows;
}

function cell(side: ComparedSide, i: number): CompareCell {
  const c = side.capture,
    ix = side.ix;
  const { protocol, info } = summarize(c, i, decodeRow(c, i));
  return {
    frame: i + 1,
    time: packetRelative(ix, i) ?? '',
    summary: `${ix.addresses.text(ix.src[i])} → ${ix.addresses.text(ix.dst[i])} ${protocol} ${info}`,
  };
}

function rowView(s: Session, i: number, j: number): CompareRowView {
  const v = packetVerdict(s.a, s.b, s.result, i, j);
  return {
    a: i >= 0 ? cell(s.a, i) : undefined,
    b: j >= 0 ? cell(s.b, j) : undefined,
    cls: PACKET_CLASS_NAMES[v.cls],
    direction: v.direction === A_TO_B ? 'aToB' : v.direction === B_TO_A ? 'bToA' : 'unknown',
    delay: v.delay === null ? undefined : (v.delay * 1000).toFixed(3),
    fields: v.fields,
    verdict: v.text,
  };
}

const ms = (s: number | null | undefined) => (s === null || s === undefined ? null : s * 1000);

function summaryOf(s: Session): CompareSummary {
  const r = s.result;
  const connections: CompareConnectionView[] = r.connections.map((c) => {
    const pair = (x: Endpoint | null, y: Endpoint | null) => (x && y ? `${endpointText(x)} ⇄ ${endpointText(y)}` : '');
    const nat: string[] = [];
    for (const e of [c.aSide, c.bSide])
      if (e.atA && e.atB && endpointText(e.atA) !== endpointText(e.atB)) nat.push(`${endpointText(e.atA)} → ${endpointText(e.atB)}`);
    return { streamA: c.streamA, streamB: c.streamB, atA: pair(c.aSide.atA, c.bSide.atA), atB: pair(c.aSide.atB, c.bSide.atB), nat, packets: c.packets };
  });
  const evidence = (side: ComparedSide, frames: (f: (typeof r.findings)[number]) => number[]) => {
    const lines: Record<number, string> = {};
    const width = String(side.ix.count).length;
    for (const f of r.findings) for (const n of frames(f)) if (n >= 1 && n <= side.ix.count) lines[n] ??= packetLine(side.capture, n - 1, width);
    return lines;
  };
  const errors = [s.a, s.b].flatMap((x, k) => (x.capture.error ? [`${k ? 'B' : 'A'}: ${x.capture.error.message} at byte ${x.capture.error.offset}`] : []));
  return {
    fileA: s.names.a,
    fileB: s.names.b,
    packetsA: s.a.ix.count,
    packetsB: s.b.ix.count,
    clockOffset: ms(r.clockOffset),
    delayAToB: ms(r.delay.aToB?.median),
    delayBToA: ms(r.delay.bToA?.median),
    packets: r.packets,
    connections,
    findings: r.findings,
    rows: rowsOf(s, -1).count,
    evidenceA: evidence(s.a, (f) => f.packetsA),
    evidenceB: evidence(s.b, (f) => f.packetsB),
    errors,
  };
}
