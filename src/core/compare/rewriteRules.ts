import { OPT_MSS, OPT_SACK_PERM, OPT_TIMESTAMP } from '../decode/fields';
import { TH_ACK, TH_SYN } from '../decode/tcp';
import { RFC7323_3_2 } from '../diagnosis/references';
import type { CompareContext } from './compareContext';
import { MAX_EVIDENCE, plural, segmentKind, streamDir } from './compareContext';
import type { ComparedSide } from './comparedSide';
import type { CompareDraft } from './compareFinding';
import { A_TO_B } from './compareTypes';
import type { FieldChange } from './fieldChanges';
import {
  CH_ACK,
  CH_FLAGS,
  CH_IP_CHECKSUM,
  CH_MSS,
  CH_SACK_PERM,
  CH_SEQ,
  CH_TCP_CHECKSUM,
  CH_TSECR,
  CH_TSVAL,
  CH_WSCALE,
  changedFields,
  NAT_CHANGES,
} from './fieldChanges';

const SIDE = ["from A's side to B's", "from B's side to A's"];

/** One modified pair with its direction and connection, as the rules below walk them. */
interface ModifiedPair {
  i: number;
  j: number;
  d: number;
  c: number;
  bits: number;
}

function* modifiedPairs(ctx: CompareContext): Generator<ModifiedPair> {
  const { changes, a } = ctx.result;
  for (let i = 0; i < changes.length; i++) {
    if (!changes[i]) continue;
    yield { i, j: a.peer[i], d: a.direction[i], c: a.connection[i], bits: changes[i] };
  }
}

/** Upstream (where it entered the path) and downstream packet of a pair. */
function ends(ctx: CompareContext, p: ModifiedPair): { up: ComparedSide; u: number; down: ComparedSide; w: number } {
  return p.d === A_TO_B || p.d < 0 ? { up: ctx.a, u: p.i, down: ctx.b, w: p.j } : { up: ctx.b, u: p.j, down: ctx.a, w: p.i };
}

/** The options a pair lost on the way (present upstream, absent downstream). */
function strippedOptions(ctx: CompareContext, p: ModifiedPair): string[] {
  const { up, u, down, w } = ends(ctx, p);
  const gone = up.ix.optMask[u] & ~down.ix.optMask[w];
  const out: string[] = [];
  if (p.bits & CH_WSCALE && up.facts.wscale[u] >= 0 && down.facts.wscale[w] < 0) out.push('window scaling');
  if (gone & OPT_SACK_PERM) out.push('SACK-permitted');
  if (gone & OPT_TIMESTAMP) out.push('timestamps');
  if (gone & OPT_MSS) out.push('MSS');
  return out;
}

function isClamp(ctx: CompareContext, p: ModifiedPair): boolean {
  const { up, u, down, w } = ends(ctx, p);
  return (p.bits & CH_MSS) !== 0 && (up.ix.optMask[u] & OPT_MSS) !== 0 && (down.ix.optMask[w] & OPT_MSS) !== 0 && down.facts.mss[w] < up.facts.mss[u];
}

/**
 * The changes of a pair that no other compare rule explains: not NAT, not the connection's constant
 * sequence offset, not a clamped MSS or a stripped option, not a checksum (their own rules).
 */
function residualChanges(ctx: CompareContext, p: ModifiedPair): number {
  let bits = p.bits & ~(NAT_CHANGES | CH_TCP_CHECKSUM | CH_IP_CHECKSUM);
  const conn = ctx.connection(p.c);
  if (conn) {
    const off = p.d === A_TO_B ? conn.seqOffset.aToB : conn.seqOffset.bToA;
    const back = p.d === A_TO_B ? conn.seqOffset.bToA : conn.seqOffset.aToB;
    // The connection's offsets are signed 32-bit differences (compareCaptures.ts).
    if (off !== null && ((ctx.b.ix.seq[p.j] - ctx.a.ix.seq[p.i]) | 0) === off) bits &= ~CH_SEQ;
    if (back !== null && ((ctx.b.ix.ack[p.j] - ctx.a.ix.ack[p.i]) | 0) === back) bits &= ~CH_ACK;
  }
  if (isClamp(ctx, p)) bits &= ~CH_MSS;
  const stripped = strippedOptions(ctx, p);
  if (stripped.includes('window scaling')) bits &= ~CH_WSCALE;
  if (stripped.includes('SACK-permitted')) bits &= ~CH_SACK_PERM;
  if (stripped.includes('timestamps')) bits &= ~(CH_TSVAL | CH_TSECR);
  if (stripped.includes('MSS')) bits &= ~CH_MSS;
  return bits;
}

/**
 * Whether the downstream TSecr of a SYN/ACK echoes a TSval the downstream receiver sent (RFC 7323
 * §3.2: it must echo the SYN's): the receiver's earlier packets of the connection, in its capture.
 */
function echoes(down: ComparedSide, w: number): boolean {
  const stream = down.ix.stream[w];
  const dir = streamDir(down, w);
  const tsecr = down.facts.tsecr[w];
  for (let k = w - 1, seen = 0; k >= 0 && seen < 64; k--) {
    if (down.ix.stream[k] !== stream || streamDir(down, k) === dir || !(down.ix.optMask[k] & OPT_TIMESTAMP)) continue;
    seen++;
    if (down.ix.tsval[k] === tsecr) return true;
  }
  return false;
}

function arrow(f: FieldChange, d: number): string {
  const [from, to] = d === A_TO_B || d < 0 ? [f.a, f.b] : [f.b, f.a];
  return `${f.name} ${from ?? 'absent'} → ${to ?? 'absent'}`;
}

/**
 * compare.rewritten: pairs grouped by direction, kind of segment and the set of fields changed,
 * one finding per group with the first pair's values.
 */
export function rewrittenRule(ctx: CompareContext): CompareDraft[] {
  const groups = new Map<string, ModifiedPair[]>();
  for (const p of modifiedPairs(ctx)) {
    const bits = residualChanges(ctx, p);
    if (!bits) continue;
    const key = `${p.d}|${bits}|${segmentKind(ctx.a, p.i)}`;
    const g = groups.get(key);
    if (g) g.push({ ...p, bits });
    else groups.set(key, [{ ...p, bits }]);
  }
  const out: CompareDraft[] = [];
  for (const list of groups.values()) {
    const p = list[0];
    const kind = segmentKind(ctx.a, p.i);
    const fields = changedFields(ctx.a, p.i, ctx.b, p.j, p.bits);
    const { down, w } = ends(ctx, p);
    const synAck = (ctx.a.ix.flags[p.i] & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK);
    const brokenEcho = synAck && (p.bits & CH_TSECR) !== 0 && (down.ix.optMask[w] & OPT_TIMESTAMP) !== 0 && !echoes(down, w);
    const flow = ctx.flowText(p.c, p.d, p.d === A_TO_B ? 'a' : 'b');
    const changes = fields.map((f) => arrow(f, p.d)).join(', ');
    out.push({
      severity: brokenEcho || p.bits & CH_FLAGS ? 'error' : undefined,
      title: `Rewrites ${fields.map((f) => shortName(f.name)).join(', ')} of ${plural(list.length, kind)} ${SIDE[p.d] ?? ''}: ${changes}`,
      explanation:
        `Between the points, ${plural(list.length, kind)} of ${flow} changed: ${changes} (the value where it entered the path → where it left it). ` +
        (brokenEcho
          ? `The rewritten TSecr (${down.facts.tsecr[w]}) echoes no TSval the receiver sent, so the receiver's TCP rejects the SYN/ACK (Linux: tcp_rcv_synsent_state_process, counted as PAWSActiveRejected) and answers with a RST: the connection fails although the server answered. Seen from one side only this looks like a broken server; seen from both, the device between the points did it. `
          : '') +
        'Each packet was matched across the captures by its IP ID and payload, so the rest of it is the same packet.',
      confidence: 'high',
      direction: p.d,
      fields,
      ...evidence(ctx, list),
      references: p.bits & (CH_TSECR | CH_TSVAL) ? [RFC7323_3_2] : [],
      about: brokenEcho ? { tsecr: 'yes' } : {},
    });
  }
  return out;
}

/** compare.mss-clamped: per direction and (before, after) value. */
export function mssClampedRule(ctx: CompareContext): CompareDraft[] {
  const groups = new Map<string, ModifiedPair[]>();
  for (const p of modifiedPairs(ctx)) {
    if (!isClamp(ctx, p)) continue;
    const { up, u, down, w } = ends(ctx, p);
    const key = `${p.d}|${up.facts.mss[u]}|${down.facts.mss[w]}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].map((list) => {
    const p = list[0];
    const { up, u, down, w } = ends(ctx, p);
    const from = up.facts.mss[u],
      to = down.facts.mss[w];
    const flow = ctx.flowText(p.c, p.d, p.d === A_TO_B ? 'a' : 'b');
    return {
      title: `Clamps MSS ${from} → ${to} in ${plural(list.length, segmentKind(ctx.a, p.i))} ${SIDE[p.d] ?? ''}`,
      explanation:
        `The MSS option of ${flow} left ${p.d === A_TO_B ? 'A' : 'B'} as ${from} and reached ${p.d === A_TO_B ? 'B' : 'A'} as ${to}: the receiver will send segments of at most ${to} bytes of payload. ` +
        `A router clamps the MSS to fit a smaller MTU further on (${to + 40} bytes for IPv4), so that full-size segments are not dropped where Path MTU Discovery fails.`,
      confidence: 'high' as const,
      direction: p.d,
      fields: [{ name: 'tcp.options.mss_val' as const, a: p.d === A_TO_B ? from : to, b: p.d === A_TO_B ? to : from }],
      ...evidence(ctx, list),
      references: [],
      about: peerOf(flow),
    };
  });
}

/** compare.option-stripped: per direction and option. */
export function optionStrippedRule(ctx: CompareContext): CompareDraft[] {
  const groups = new Map<string, ModifiedPair[]>();
  for (const p of modifiedPairs(ctx)) {
    for (const option of strippedOptions(ctx, p)) {
      const key = `${p.d}|${option}`;
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
  }
  return [...groups].map(([key, list]) => {
    const option = key.slice(key.indexOf('|') + 1);
    const p = list[0];
    const bits = option === 'window scaling' ? CH_WSCALE : option === 'SACK-permitted' ? CH_SACK_PERM : option === 'MSS' ? CH_MSS : CH_TSVAL | CH_TSECR;
    const fields = changedFields(ctx.a, p.i, ctx.b, p.j, bits);
    const flow = ctx.flowText(p.c, p.d, p.d === A_TO_B ? 'a' : 'b');
    const effect =
      option === 'window scaling'
        ? ' Each side now believes something different: the sender of the option scales its window, the receiver does not, so windows are misread (RFC 7323 §2.2) and throughput stays at most 64 KB per round trip.'
        : option === 'SACK-permitted'
          ? ' Without SACK a loss of several segments in one window costs a round trip each (RFC 2018).'
          : '';
    return {
      title: `Strips ${option} from ${plural(list.length, segmentKind(ctx.a, p.i))} ${SIDE[p.d] ?? ''}`,
      explanation: `The ${option} option of ${flow} was present where the packet entered the path and is gone where it left it (overwritten with NOPs or removed).${effect}`,
      confidence: 'high' as const,
      direction: p.d,
      fields,
      ...evidence(ctx, list),
      references: [],
      about: { option },
    };
  });
}

/** compare.checksum-corrupted: pairs whose checksum went wrong on the way. */
export function checksumCorruptedRule(ctx: CompareContext): CompareDraft[] {
  const list = [...modifiedPairs(ctx)].filter((p) => p.bits & (CH_TCP_CHECKSUM | CH_IP_CHECKSUM));
  if (!list.length) return [];
  const p = list[0];
  return [
    {
      title: `${plural(list.length, 'packet')} reached the far point with a wrong checksum`,
      explanation:
        'The checksum was right where the packet entered the path and wrong where it left it (or changed while nothing it covers did): the receiver drops these packets as corrupt, and the sender retransmits.',
      confidence: 'medium',
      direction: p.d,
      fields: changedFields(ctx.a, p.i, ctx.b, p.j, p.bits & (CH_TCP_CHECKSUM | CH_IP_CHECKSUM)),
      ...evidence(ctx, list),
      references: [],
      about: {},
    },
  ];
}

const SHORT: Record<string, string> = {
  'tcp.options.timestamp.tsecr': 'TSecr',
  'tcp.options.timestamp.tsval': 'TSval',
  'ip.ttl': 'TTL',
  'ip.id': 'IP ID',
  'ip.dsfield.dscp': 'DSCP',
  'ip.dsfield.ecn': 'ECN',
  'tcp.seq_raw': 'sequence number',
  'tcp.ack_raw': 'acknowledgment number',
  'tcp.flags': 'flags',
  'tcp.window_size_value': 'window',
  'tcp.options.mss_val': 'MSS',
  'tcp.options.wscale.shift': 'window scale',
  'tcp.options.sack_perm': 'SACK-permitted',
  'tcp.len': 'length',
  'tcp.payload': 'payload',
};

function shortName(name: string): string {
  return SHORT[name] ?? name;
}

/** The evidence of a group of pairs: frames in each file (the first ones), streams, how many. */
function evidence(ctx: CompareContext, list: readonly ModifiedPair[]) {
  return {
    packetsA: list.slice(0, MAX_EVIDENCE).map((q) => q.i + 1),
    packetsB: list.slice(0, MAX_EVIDENCE).map((q) => q.j + 1),
    streamsA: streamsOf(
      ctx.a,
      list.map((q) => q.i),
    ),
    streamsB: streamsOf(
      ctx.b,
      list.map((q) => q.j),
    ),
    count: list.length,
  };
}

export function streamsOf(s: ComparedSide, packets: number[]): number[] {
  return [...new Set(packets.filter((k) => s.facts.ipProto[k] === 6).map((k) => s.ix.stream[k]))].filter((x) => x >= 0).sort((x, y) => x - y);
}

function peerOf(flow: string): Record<string, string> {
  const to = flow.split(' → ')[1] ?? '';
  const at = to.lastIndexOf(':');
  return { peer: to, peerHost: at < 0 ? to : to.slice(0, at).replace(/^\[|\]$/g, '') };
}
