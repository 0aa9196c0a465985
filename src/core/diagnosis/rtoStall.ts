import { TH_ACK } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { gtSeq } from '../flows/seqMath';
import { analysisBit } from '../index/analysisFlags';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { RFC6298 } from './references';

const A_RETRANS = analysisBit('retransmission');
const A_FAST = analysisBit('fast_retransmission');
/** Timeouts of one segment before a stall is a backoff (one timeout alone is ordinary loss recovery). */
const MIN_TIMEOUTS = 2;
/** Linux's smallest retransmission timeout (TCP_RTO_MIN); a shorter wait is no timeout. */
const MIN_RTO_SECONDS = 0.2;
/** Each wait between timeouts at least this much longer than the one before: the timer backs off (RFC 6298 §5.5 doubles it). */
const BACKOFF = 1.5;
/** A stall this long is a warning; shorter ones are info. */
const WARN_SECONDS = 1;

/** One segment's timeouts, from its first transmission to the ACK that finally covered it. */
export interface RtoStall {
  side: 0 | 1;
  /** The peer's last packet before the stall, the segment's first transmission, its timeouts, the ACK. */
  lastHeard: number;
  original: number;
  timeouts: number[];
  recovered: number;
  /** Seconds between consecutive transmissions of the segment, then from the first to the ACK. */
  waits: number[];
  seconds: number;
}

/**
 * The stalls of a flow: one side's first unacknowledged segment retransmitted on timeout at least
 * twice, each wait longer than the last (the backed-off timer), then acknowledged — the connection
 * survived. Fast retransmissions (after duplicate ACKs) are not timeouts.
 */
export function rtoStalls(ctx: DiagnosisContext, flow: TcpFlow): RtoStall[] {
  return ctx.memo(flow, 'rto-stalls', () => {
    const ix = ctx.index;
    const out: RtoStall[] = [];
    const acked = [-1, -1],
      lastFrom = [-1, -1],
      ackedSeen = [false, false];
    // Per side: the segment being retransmitted (its sequence number) and its transmissions so far.
    const head = [-1, -1];
    const resends: [number[], number[]] = [[], []];
    const heardBefore = [-1, -1];
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const side = ctx.fromClient(flow, i) ? 0 : 1,
        peer = side ^ 1;
      if (ctx.tcpFlags(i) & TH_ACK && (!ackedSeen[peer] || gtSeq(ix.ack[i], acked[peer]))) {
        acked[peer] = ix.ack[i];
        ackedSeen[peer] = true;
        // The peer's ACK moves past the segment its timeouts were about: the stall is over.
        if (head[peer] >= 0 && gtSeq(ix.ack[i], head[peer])) {
          const stall = closeStall(ctx, flow, peer as 0 | 1, head[peer], resends[peer], heardBefore[peer], i);
          if (stall) out.push(stall);
          head[peer] = -1;
          resends[peer] = [];
        }
      }
      const a = ix.analysis[i];
      if (ix.payloadLen(i) > 0 && a & A_RETRANS && !(a & A_FAST) && ackedSeen[side] && ix.seq[i] === acked[side]) {
        if (head[side] !== ix.seq[i]) {
          head[side] = ix.seq[i];
          resends[side] = [];
          heardBefore[side] = lastFrom[peer];
        }
        resends[side].push(i);
      }
      lastFrom[side] = i;
    }
    return out;
  });
}

function closeStall(
  ctx: DiagnosisContext,
  flow: TcpFlow,
  side: 0 | 1,
  seq: number,
  timeouts: number[],
  lastHeard: number,
  recovered: number,
): RtoStall | undefined {
  if (timeouts.length < MIN_TIMEOUTS) return undefined;
  const ix = ctx.index;
  let original = -1;
  for (let i = ctx.firstOf(flow); i >= 0 && original < 0 && i < timeouts[0]; i = ctx.next(i)) {
    if (ctx.inFlow(flow, i) && (ctx.fromClient(flow, i) ? 0 : 1) === side && ix.seq[i] === seq && ix.payloadLen(i) > 0) original = i;
  }
  const times = original >= 0 ? [original, ...timeouts] : timeouts;
  const waits = times.slice(1).map((t, k) => ctx.seconds(times[k], t));
  // The waits between timeouts grow (the first one also includes the original RTO, restarted by later sends).
  const between = timeouts.slice(1).map((t, k) => ctx.seconds(timeouts[k], t));
  if (!between.every((w) => w >= MIN_RTO_SECONDS)) return undefined;
  if (!between.slice(1).every((w, k) => w >= BACKOFF * between[k])) return undefined;
  return { side, lastHeard, original, timeouts, recovered, waits, seconds: ctx.seconds(times[0], recovered) };
}

/**
 * tcp.transfer.rto-stall: a connection that stopped on retransmission timeouts — the same segment
 * resent after ever longer waits (RFC 6298 §5.5: the timer doubles each time) — and then went on.
 * Said with the waits and the time lost; a connection that never recovers is
 * tcp.transfer.died-in-retransmissions instead.
 */
export function rtoStallRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const stalls = rtoStalls(ctx, flow);
  if (!stalls.length) return [];
  const worst = stalls.reduce((w, s) => (s.seconds > w.seconds ? s : w));
  const lost = stalls.reduce((sum, s) => sum + s.seconds, 0);
  const { client, server, stream } = flow.summary;
  const sender = worst.side ? `server ${server}` : `client ${client}`;
  const peer = worst.side ? `client ${client}` : `server ${server}`;
  const waits = worst.waits.map((w) => elapsedText(w, 2)).join(', ');
  const more = stalls.length > 1 ? ` (${stalls.length} such stalls, ${elapsedText(lost, 2)} s in all)` : '';
  return [
    {
      severity: lost >= WARN_SECONDS ? 'warning' : 'info',
      confidence: 'high',
      stream,
      client,
      server,
      side: worst.side ? 'server' : 'client',
      packets: [
        ...(worst.lastHeard >= 0 ? [worst.lastHeard + 1] : []),
        ...(worst.original >= 0 ? [worst.original + 1] : []),
        ...worst.timeouts.map((i) => i + 1),
        worst.recovered + 1,
      ].slice(0, 12),
      about: { peer, seconds: elapsedText(worst.seconds, 2) },
      title: `The ${sender} stalled ${elapsedText(worst.seconds, 2)} s on retransmission timeouts: ${worst.timeouts.length} timeouts of one segment, waits ${waits} s, then recovered${more}`,
      explanation: [
        `${worst.lastHeard >= 0 ? `After frame ${worst.lastHeard + 1} the ${peer} acknowledged nothing new. ` : ''}The ${sender} sent a segment${worst.original >= 0 ? ` (frame ${worst.original + 1})` : ''} that was not acknowledged and retransmitted it on timeout ${worst.timeouts.length} times (frames ${worst.timeouts.map((i) => i + 1).join(', ')}), waiting ${waits} s between transmissions (the first wait counts from the original, the timer restarted while later data went out): each time the retransmission timer runs out without an ACK, TCP doubles it (RFC 6298 §5.5, "back off the timer"). Frame ${worst.recovered + 1} finally acknowledged it and the transfer went on: ${elapsedText(worst.seconds, 2)} s from the first transmission to its ACK, where one round trip would have done.`,
        'Repeated timeouts of the same segment mean that for a while nothing got through in one direction or the other — not a lost segment here and there (that is repaired by fast retransmission within a round trip), but an outage: a link or route that flapped, a firewall or NAT failing over, a wireless client roaming, a congested queue dropping everything. Because of the backoff the sender notices the path is back only at its next timeout, so an outage of N seconds costs up to about twice that.',
      ].join('\n\n'),
      references: [RFC6298],
      covers: [stream],
      groupTitle: (n) => `${n} connections with ${server} stalled on retransmission timeouts`,
    },
  ];
}
