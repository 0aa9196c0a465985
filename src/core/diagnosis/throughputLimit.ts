import { TH_ACK } from '../decode/tcp';
import { analysisBit } from '../index/analysisFlags';
import type { TcpFlow } from '../flows/tcpConversations';
import { gtSeq } from '../flows/seqMath';
import { legFloor } from '../verdicts/pathRtt';
import { ackedAhead } from './ackedAhead';
import type { DiagnosisContext, Draft } from './context';
import { diedInRetransmissionsRule } from './diedInRetransmissions';
import { RFC6298, RFC7323_2_3, RFC9293_3_10_7 } from './references';
import { rtoStallRule } from './rtoStall';
import { sackMangledRule } from './sackMangling';
import { mtuBlackholeRule } from './transferRules';

/** Rules that speak for a flow's retransmissions with a precise cause: "limited by loss" would restate them. */
function lossExplained(ctx: DiagnosisContext, flow: TcpFlow): boolean {
  return [mtuBlackholeRule, sackMangledRule, diedInRetransmissionsRule, rtoStallRule].some((check) => check(ctx, flow).length > 0);
}

const A_RESENT = analysisBit('retransmission') | analysisBit('fast_retransmission') | analysisBit('out_of_order');
const A_WINDOW_FULL = analysisBit('window_full');

/** A bulk transfer: this much payload one way, over this many round trips (shorter ones end before any limit shows). */
const BULK_BYTES = 64 * 1024;
const BULK_RTTS = 4;
/** A sender that never has more than this many of its segments in flight is waiting on its application. */
const SENDER_FLIGHT_SEGMENTS = 4;

/** One side's bulk transfer, measured in one walk over the flow. */
export interface BulkTransfer {
  side: 0 | 1;
  bytes: number;
  seconds: number;
  segments: number;
  resent: number;
  windowFull: number;
  firstData: number;
  firstResent: number;
  firstFull: number;
  /** Largest bytes in flight (sent, not yet acknowledged) and the receiver's largest advertised window. */
  maxFlight: number;
  maxWindow: number;
  /** The sender's largest segment. */
  maxSegment: number;
  /** Round trip between the endpoints: the path-rtt verdict's two legs, or the handshake's. */
  rtt: number;
}

/** The side that sent a bulk transfer, with its facts; undefined for request/response traffic. */
export function bulkTransfer(ctx: DiagnosisContext, flow: TcpFlow): BulkTransfer | undefined {
  return ctx.memo(flow, 'bulk-transfer', () => {
    const { payload } = flow.summary;
    const side: 0 | 1 = payload.server >= payload.client ? 1 : 0;
    const bytes = side ? payload.server : payload.client;
    if (bytes < BULK_BYTES || flow.firstData[side] < 0) return undefined;
    const seconds = ctx.seconds(flow.firstData[side], flow.lastData[side]);
    const legs = ctx.verdicts.pathRtt(flow);
    const c = legFloor(legs.client),
      s = legFloor(legs.server);
    const rtt = c && s ? c.seconds + s.seconds : (flow.summary.irtt ?? NaN);
    if (!(rtt > 0) || !(seconds >= BULK_RTTS * rtt)) return undefined;
    const ix = ctx.index;
    const t: BulkTransfer = {
      side,
      bytes,
      seconds,
      segments: 0,
      resent: 0,
      windowFull: 0,
      firstData: flow.firstData[side],
      firstResent: -1,
      firstFull: -1,
      maxFlight: 0,
      maxWindow: 0,
      maxSegment: 0,
      rtt,
    };
    let acked = -1;
    const { late } = ackedAhead(ctx);
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const mine = ctx.fromClient(flow, i) === (side === 0);
      if (!mine) {
        if (ctx.tcpFlags(i) & TH_ACK && (acked < 0 || gtSeq(ix.ack[i], acked))) acked = ix.ack[i];
        t.maxWindow = Math.max(t.maxWindow, ctx.verdicts.effectiveWindow(i).bytes);
        continue;
      }
      const len = ix.payloadLen(i);
      if (!len) continue;
      t.segments++;
      t.maxSegment = Math.max(t.maxSegment, len);
      const a = ix.analysis[i];
      if (a & A_RESENT && !late.has(i)) {
        t.resent++;
        if (t.firstResent < 0) t.firstResent = i;
        continue;
      }
      if (a & A_WINDOW_FULL) {
        t.windowFull++;
        if (t.firstFull < 0) t.firstFull = i;
      }
      if (acked >= 0) t.maxFlight = Math.max(t.maxFlight, ((ix.seq[i] + len - acked) >>> 0) % 2 ** 31);
    }
    return t;
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
/** Bytes per second as engineers quote them, in bits. */
function rateText(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  return bits >= 1e6 ? `${(bits / 1e6).toFixed(1)} Mbit/s` : `${(bits / 1e3).toFixed(0)} kbit/s`;
}
/** The window that carries a rate over a round trip (the bandwidth-delay product). */
const windowFor = (bitsPerSecond: number, rtt: number) => (bitsPerSecond / 8) * rtt;

/**
 * tcp.transfer.throughput-limit: what held a bulk transfer back. The receiver's window (the
 * sender fills it and waits: tcp.analysis.window_full), loss (retransmissions while the window
 * was never full), or the sender itself (bytes in flight far below the window, no loss): each
 * only when the transfer ran well below what the path's RTT and the window allow.
 */
export function throughputLimitRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const t = bulkTransfer(ctx, flow);
  if (!t || !(t.rtt > 0)) return [];
  const { client, server, stream } = flow.summary;
  const rate = t.bytes / t.seconds;
  const sender = t.side ? `server ${server}` : `client ${client}`;
  const receiver = t.side ? `client ${client}` : `server ${server}`;
  // `side` names the receiver: the fixes for its buffer apply there.
  const base = { confidence: 'high' as const, stream, client, server, side: (t.side ? 'client' : 'server') as 'client' | 'server' };
  const bdp = `At an RTT of ${ms(t.rtt)} a window of W bytes carries at most W / RTT: ${kb(windowFor(100e6, t.rtt))} for 100 Mbit/s, ${kb(windowFor(1e9, t.rtt))} for 1 Gbit/s (the bandwidth-delay product).`;
  const achieved = `${kb(t.bytes)} in ${t.seconds.toFixed(2)} s, ${rateText(rate)}`;
  const scaling = ctx.verdicts.windowScaling(flow);
  const stripped = scaling.state === 'off' && t.maxWindow <= 65535;
  // The SYN whose window scale option a device on the path overwrote with NOPs, when the capture shows it.
  const negotiation = stripped ? ctx.verdicts.negotiation(flow) : undefined;
  const blanked =
    negotiation?.wscale === 'stripped'
      ? (
          [
            ['client', negotiation.client],
            ['server', negotiation.server],
          ] as const
        ).find(([, o]) => o && o.wscale === undefined && (o.stripped || o.wscaleBlanked))
      : undefined;
  const lossRate = t.resent / t.segments;
  // The receiver's window: the sender repeatedly had the whole window in flight, and loss is not what held it.
  if (t.windowFull >= 10 && t.windowFull >= 0.05 * t.segments && lossRate < 0.01) {
    return [
      {
        ...base,
        variant: blanked ? 'window-scale-stripped' : stripped ? 'window-scaling-off' : 'receive-window',
        packets: blanked ? [t.firstFull + 1, blanked[1]!.packet + 1] : [t.firstFull + 1],
        about: { receiver, window: String(t.maxWindow) },
        title: `Throughput to the ${receiver} limited by its receive window: ${achieved}, window ${kb(t.maxWindow)}, RTT ${ms(t.rtt)}`,
        explanation: `The ${sender} had the whole window the ${receiver} advertised in flight ${t.windowFull} times (tcp.analysis.window_full, first frame ${t.firstFull + 1}) and then waited for the next ACK; ${t.resent ? `only ${t.resent} segments were resent` : 'nothing was lost'}. The window (at most ${kb(t.maxWindow)}) over the RTT (${ms(t.rtt)}) gives ${rateText(t.maxWindow / t.rtt)}: the transfer ran at ${rateText(rate)}. ${bdp} ${
          blanked
            ? `Window scaling is off on this connection: the ${blanked[0]}'s ${blanked[0] === 'client' ? 'SYN' : 'SYN/ACK'} (frame ${blanked[1]!.packet + 1}) has no window scale option but NOPs where it was — a device on the path overwrote it (RFC 7323 §2.3: scaling needs the option in both SYNs) — so the window cannot exceed 64 KB.`
            : stripped
              ? `Window scaling is off on this connection (a SYN lacked the option, RFC 7323 §2.3), so the window cannot exceed 64 KB: if both hosts enable it, a middlebox strips the option.`
              : `The receiver's buffer is the limit: the application set a small SO_RCVBUF (which also caps the window scale), or net.ipv4.tcp_rmem is too small for this path.`
        }`,
        references: [RFC7323_2_3, RFC9293_3_10_7],
      },
    ];
  }
  // Loss: the window never filled, the sender resent ≥ 1 % of its segments, and the rate stayed far under window / RTT.
  if (t.resent >= 3 && lossRate >= 0.01 && rate < t.maxWindow / t.rtt / 2 && !lossExplained(ctx, flow)) {
    return [
      {
        ...base,
        severity: lossRate >= 0.05 ? 'warning' : 'info',
        variant: 'loss',
        packets: [t.firstResent + 1],
        title: `Throughput to the ${receiver} limited by loss: ${achieved}, ${t.resent} of ${t.segments} segments resent (${(lossRate * 100).toFixed(1)}%)`,
        explanation: `The receive window (up to ${kb(t.maxWindow)}) would allow ${rateText(t.maxWindow / t.rtt)} at this RTT (${ms(t.rtt)}), but the ${sender} resent ${t.resent} segments (first frame ${t.firstResent + 1}) and each loss halves its congestion window (RFC 5681): throughput falls roughly as 1/√loss (Mathis et al.). ${bdp} Buffers do not help here: find where packets are lost (a congested or faulty link, a policer, a queue that overflows).`,
        references: [RFC6298],
      },
    ];
  }
  // The sender: a few segments in flight at most (small writes at intervals), a quarter of the
  // window or less, no loss, no full window, and slow. A fast sender that paces itself (iperf3 -b)
  // keeps many segments in flight and is not reported.
  if (
    t.resent === 0 &&
    t.windowFull === 0 &&
    t.seconds >= 1 &&
    t.maxFlight <= SENDER_FLIGHT_SEGMENTS * t.maxSegment &&
    t.maxFlight * 4 <= t.maxWindow &&
    rate < t.maxWindow / t.rtt / 4
  ) {
    return [
      {
        ...base,
        severity: 'info',
        variant: 'sender',
        packets: [t.firstData + 1],
        title: `Throughput from the ${sender} limited by the sender: ${achieved}, at most ${kb(t.maxFlight)} in flight of a ${kb(t.maxWindow)} window`,
        explanation: `The ${receiver} advertised up to ${kb(t.maxWindow)} and nothing was lost, yet the ${sender} never had more than ${kb(t.maxFlight)} unacknowledged: the network and the receiver waited for the sending application, which wrote small amounts at intervals. The window and the RTT (${ms(t.rtt)}) would allow ${rateText(t.maxWindow / t.rtt)}. Look at the application (how often and how much it writes, what it waits for), not at TCP buffers.`,
        references: [RFC9293_3_10_7],
      },
    ];
  }
  return [];
}
