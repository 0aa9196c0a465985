import { OPT_TIMESTAMP } from '../decode/fields';
import { TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { ltSeq } from '../flows/seqMath';
import { AddressFamily } from '../index/addressTable';
import { analysisBit } from '../index/analysisFlags';
import { mssMissingText, strippedText } from '../knowledge/optionNegotiationText';
import { windowScaleOptionText } from '../knowledge/windowScaleText';
import type { Side } from '../verdicts/streamRef';
import { directionOf } from '../verdicts/streamRef';
import type { DiagnosisContext, Draft } from './context';
import { RFC7323_2_3, RFC7323_3_2, RFC7323_5, RFC9293_3_7_1 } from './references';

const A_RETRANS = analysisBit('retransmission') | analysisBit('spurious_retransmission') | analysisBit('fast_retransmission') | analysisBit('out_of_order');
const SIDES: Array<[Side, 0 | 1]> = [
  ['client', 0],
  ['server', 1],
];

function who(flow: TcpFlow, side: Side): string {
  return side === 'client' ? `client ${flow.summary.client}` : `server ${flow.summary.server}`;
}

const synName = (side: Side) => (side === 'server' ? 'SYN/ACK' : 'SYN');

/** tcp.options.wscale-too-large: a SYN offering a shift above 14 (the window-scaling verdict). */
export function wscaleTooLargeRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const v = ctx.verdicts.windowScaling(flow);
  const { client, server, stream } = flow.summary;
  return SIDES.filter(([, k]) => v.tooLarge[k]).map(([side, k]) => ({
    confidence: 'high',
    stream,
    client,
    server,
    packets: [v.syn[k] + 1],
    title: `${synName(side)} from the ${who(flow, side)} offers window scale ${v.offered[k]}, above the maximum 14`,
    explanation: `${windowScaleOptionText(v, side, ctx.verdicts.negotiation(flow))} Transfers on large windows stall when the sender's idea of the window and the receiver's differ.`,
    references: [RFC7323_2_3],
  }));
}

/** tcp.options.stripped: a SYN whose options were overwritten with NOPs (the negotiation verdict). */
export function strippedOptionsRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const v = ctx.verdicts.negotiation(flow);
  const { client, server, stream } = flow.summary;
  return SIDES.filter(([side]) => v[side]?.stripped).map(([side]) => ({
    confidence: 'medium',
    stream,
    client,
    server,
    packets: [v[side]!.packet + 1],
    title: `${synName(side)} from the ${who(flow, side)} has its options overwritten with NOPs`,
    explanation: `${strippedText(v[side]!, side)} Slow transfers on long fat paths are the usual symptom.`,
    references: [RFC9293_3_7_1],
  }));
}

/** tcp.options.mss-missing: a SYN without MSS option (the negotiation verdict). */
export function mssMissingRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const v = ctx.verdicts.negotiation(flow);
  const { client, server, stream } = flow.summary;
  return SIDES.filter(([side]) => v[side] && v[side]!.mss === undefined).map(([side]) => {
    const syn = v[side]!.packet;
    const ipv6 = ctx.index.addresses.family(ctx.index.src[syn]) === AddressFamily.IPv6;
    return {
      confidence: 'high',
      stream,
      client,
      server,
      packets: [syn + 1],
      title: `${synName(side)} from the ${who(flow, side)} has no MSS option`,
      explanation: `${mssMissingText(v, side, ipv6)} Some middleboxes strip the option; a stack that omits it is rare.`,
      references: [RFC9293_3_7_1],
      groupTitle: (n) => `${n} handshakes with ${server} without MSS option`,
    };
  });
}

/** Timestamp use after the handshake: segments carrying it without negotiation, TSval going back. */
interface TimestampUsage {
  strayFirst: number;
  strayCount: number;
  backFirst: number;
  backPrev: number;
  backCount: number;
}

function timestampUsage(ctx: DiagnosisContext, flow: TcpFlow): TimestampUsage {
  return ctx.memo(flow, 'timestampUsage', () => {
    const ix = ctx.index;
    const outcome = ctx.verdicts.negotiation(flow).timestamps;
    const negotiated = outcome === 'unknown' ? undefined : outcome === 'in-use';
    const u: TimestampUsage = { strayFirst: -1, strayCount: 0, backFirst: -1, backPrev: -1, backCount: 0 };
    const lastTsval = [-1, -1];
    const lastTsvalPacket = [-1, -1];
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i) || !(ix.optMask[i] & OPT_TIMESTAMP)) continue;
      const flags = ctx.tcpFlags(i);
      if (flags & TH_SYN) continue;
      if (negotiated === false) {
        if (u.strayFirst < 0) u.strayFirst = i;
        u.strayCount++;
      }
      if (flags & TH_RST) continue;
      const d = directionOf(ix, i);
      const v = ix.tsval[i];
      if (lastTsval[d] >= 0 && ltSeq(v, lastTsval[d]) && !(ix.analysis[i] & A_RETRANS)) {
        if (u.backFirst < 0) {
          u.backFirst = i;
          u.backPrev = lastTsvalPacket[d];
        }
        u.backCount++;
      }
      if (lastTsval[d] < 0 || !ltSeq(v, lastTsval[d])) {
        lastTsval[d] = v;
        lastTsvalPacket[d] = i;
      }
    }
    return u;
  });
}

/** tcp.options.ts-not-negotiated: timestamps after a handshake that did not negotiate them. */
export function tsNotNegotiatedRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const u = timestampUsage(ctx, flow);
  if (!u.strayCount) return [];
  const { client, server, stream } = flow.summary;
  const lacking = ctx.verdicts.negotiation(flow).client?.timestamps ? 'SYN/ACK' : 'SYN';
  return [
    {
      confidence: 'high',
      stream,
      client,
      server,
      packets: [u.strayFirst + 1],
      title: `${u.strayCount} segment${u.strayCount === 1 ? '' : 's'} carry timestamps although the handshake did not negotiate them`,
      explanation: `The ${lacking} did not carry the timestamp option, so RFC 7323 §3.2 forbids it in the rest of the connection; the first offending segment is frame ${u.strayFirst + 1}. Receivers ignore it at best; a middlebox that strips the option from handshakes only (or a broken stack) causes this.`,
      references: [RFC7323_3_2],
    },
  ];
}

/** tcp.options.tsval-backwards: TSval jumps back within a direction (PAWS drops). */
export function tsvalBackwardsRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const u = timestampUsage(ctx, flow);
  if (!u.backCount) return [];
  const ix = ctx.index;
  const { client, server, stream } = flow.summary;
  return [
    {
      confidence: 'medium',
      stream,
      client,
      server,
      packets: [u.backPrev + 1, u.backFirst + 1],
      title: `TSval goes backwards in ${u.backCount} segment${u.backCount === 1 ? '' : 's'} (first at frame ${u.backFirst + 1})`,
      explanation: `Frame ${u.backFirst + 1} carries TSval ${ix.tsval[u.backFirst]}, older than ${ix.tsval[u.backPrev]} sent before it (frame ${u.backPrev + 1}) in the same direction. The receiver's PAWS check (RFC 7323 §5) drops such segments as old duplicates (Linux counts them in TcpExtPAWSEstab), so they are retransmitted until the connection stalls. Seen when NAT maps several hosts to one address or a load balancer switches backends mid-connection.`,
      references: [RFC7323_5],
    },
  ];
}
