import { TH_RST } from '../decode/tcp';
import type { CompareContext } from './compareContext';
import { MAX_EVIDENCE, plural, segmentKind } from './compareContext';
import type { CompareDraft } from './compareFinding';
import { A_TO_B, B_TO_A, PacketClass } from './compareTypes';

const SIDE = ["from A's side to B's", "from B's side to A's"];

/**
 * compare.lost-between: per direction, the packets sent past the upstream point that never reached
 * the downstream one (class LostBetween, decided by classify.ts), against all that direction sent.
 */
export function lostBetweenRule(ctx: CompareContext): CompareDraft[] {
  const out: CompareDraft[] = [];
  for (const d of [A_TO_B, B_TO_A]) {
    const up = ctx.upstream(d);
    const verdicts = d === A_TO_B ? ctx.result.a : ctx.result.b;
    let sent = 0,
      lost = 0,
      dataSent = 0,
      dataLost = 0;
    const frames: number[] = [];
    const streams = new Set<number>();
    let firstConn = -1;
    for (let i = 0; i < up.ix.count; i++) {
      if (verdicts.direction[i] !== d) continue;
      const cls = verdicts.cls[i];
      if (cls !== PacketClass.Matched && cls !== PacketClass.Modified && cls !== PacketClass.LostBetween) continue;
      const data = up.ix.payloadLen(i) > 0;
      sent++;
      if (data) dataSent++;
      if (cls !== PacketClass.LostBetween) continue;
      lost++;
      if (data) dataLost++;
      if (frames.length < MAX_EVIDENCE) frames.push(i + 1);
      if (up.facts.ipProto[i] === 6 && up.ix.stream[i] >= 0) streams.add(up.ix.stream[i]);
      if (firstConn < 0) firstConn = verdicts.connection[i];
    }
    if (!lost) continue;
    const pct = (100 * lost) / sent;
    const dataText = dataSent ? `, ${dataLost} of ${plural(dataSent, 'data segment')}` : '';
    const flow = firstConn >= 0 ? ctx.flowText(firstConn, d, d === A_TO_B ? 'a' : 'b') : '';
    const [host, port] = splitEndpoint(flow.split(' → ')[1] ?? '');
    out.push({
      severity: pct >= 10 ? 'error' : undefined,
      title: `Drops ${pct.toFixed(1)}% of the packets ${SIDE[d]} (${lost} of ${sent}${dataText})`,
      explanation:
        `${plural(lost, 'packet')} ${SIDE[d]} passed ${d === A_TO_B ? 'A' : 'B'} and never reached ${d === A_TO_B ? 'B' : 'A'}` +
        `${flow ? ` (first: ${flow})` : ''}. Both captures were running when ${lost === 1 ? 'it' : 'they'} would have passed the other point ` +
        `(the clock offset and the one-way delay place ${lost === 1 ? 'it' : 'them'} inside its time span), so the loss is on the path, not in the capture. ` +
        'TCP recovers each lost segment by a retransmission (a new IP ID, seen at both points when it gets through), at the cost of a round trip or a timeout.',
      confidence: 'high',
      direction: d,
      fields: [],
      packetsA: d === A_TO_B ? frames : [],
      packetsB: d === B_TO_A ? frames : [],
      streamsA: d === A_TO_B ? [...streams].sort((x, y) => x - y) : [],
      streamsB: d === B_TO_A ? [...streams].sort((x, y) => x - y) : [],
      count: lost,
      references: [],
      about: { peer: flow.split(' → ')[1] ?? '', peerHost: host, port },
    });
  }
  return out;
}

/**
 * compare.appeared-between: per direction and kind, packets seen downstream that nobody upstream
 * sent. RSTs among them are forged resets, told apart as the error they are.
 */
export function appearedBetweenRule(ctx: CompareContext): CompareDraft[] {
  const out: CompareDraft[] = [];
  for (const d of [A_TO_B, B_TO_A]) {
    // Appeared packets are in the downstream capture.
    const down = d === A_TO_B ? ctx.b : ctx.a;
    const verdicts = d === A_TO_B ? ctx.result.b : ctx.result.a;
    const groups = new Map<string, number[]>();
    for (let i = 0; i < down.ix.count; i++) {
      if (verdicts.cls[i] !== PacketClass.AppearedBetween || verdicts.direction[i] !== d) continue;
      const rst = down.facts.ipProto[i] === 6 && down.ix.flags[i] & TH_RST ? 'RST' : segmentKind(down, i);
      const g = groups.get(rst);
      if (g) g.push(i);
      else groups.set(rst, [i]);
    }
    for (const [kind, list] of groups) {
      const i = list[0];
      const c = verdicts.connection[i];
      const here = d === A_TO_B ? 'b' : 'a';
      const flow = c >= 0 ? ctx.flowText(c, d, here) : `${down.ix.addresses.text(down.ix.src[i])} → ${down.ix.addresses.text(down.ix.dst[i])}`;
      const sender = flow.split(' → ')[0];
      const ttl = down.facts.ttl[i];
      const genuineTtl = genuineTtlOf(down, verdicts, i);
      const ttlText =
        genuineTtl !== null && genuineTtl !== ttl
          ? ` Its TTL is ${ttl} where the genuine packets of ${sender} arrive with ${genuineTtl}: a different sender, nearer or farther away.`
          : ` Its TTL (${ttl}) and addresses copy the genuine sender's, as a forger does.`;
      const frames = list.slice(0, MAX_EVIDENCE).map((k) => k + 1);
      const streams = [...new Set(list.map((k) => down.ix.stream[k]).filter((s) => s >= 0))].sort((x, y) => x - y);
      const rst = kind === 'RST';
      out.push({
        severity: rst ? 'error' : undefined,
        title: rst
          ? `Forges ${plural(list.length, 'RST')} to ${flow.split(' → ')[1]} in the name of ${sender}`
          : `${plural(list.length, kind)} ${SIDE[d]} appeared between the points (first: ${flow})`,
        explanation:
          `${plural(list.length, kind)} arrived at ${d === A_TO_B ? 'B' : 'A'} that never passed ${d === A_TO_B ? 'A' : 'B'}, although it was capturing then: ` +
          `a device between the points made ${list.length === 1 ? 'it' : 'them'}.${ttlText}` +
          (rst ? ` The receiver takes the reset as ${sender}'s and aborts the connection, which ${sender} never ended.` : ''),
        confidence: 'high',
        direction: d,
        fields: [],
        packetsA: here === 'a' ? frames : [],
        packetsB: here === 'b' ? frames : [],
        streamsA: here === 'a' ? streams : [],
        streamsB: here === 'b' ? streams : [],
        count: list.length,
        references: [],
        about: {},
      });
    }
  }
  return out;
}

/** The TTL most paired packets of the same connection and direction show in that capture, or null. */
function genuineTtlOf(s: CompareContext['a'], verdicts: CompareContext['result']['a'], i: number): number | null {
  const c = verdicts.connection[i];
  if (c < 0) return null;
  const counts = new Map<number, number>();
  for (let k = 0; k < s.ix.count; k++) {
    if (verdicts.connection[k] !== c || verdicts.direction[k] !== verdicts.direction[i] || verdicts.peer[k] < 0) continue;
    counts.set(s.facts.ttl[k], (counts.get(s.facts.ttl[k]) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [t, n] of counts) if (best === null || n > counts.get(best)!) best = t;
  return best;
}

function splitEndpoint(text: string): [string, string] {
  const at = text.lastIndexOf(':');
  return at < 0 ? [text, ''] : [text.slice(0, at).replace(/^\[|\]$/g, ''), text.slice(at + 1)];
}
