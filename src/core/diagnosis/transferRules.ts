import { analysisBit } from '../index/analysisFlags';
import { icmpErrorsByStream } from '../flows/icmpErrors';
import type { TcpFlow } from '../flows/tcpConversations';
import { gtSeq } from '../flows/seqMath';
import { ackedAhead } from './ackedAhead';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { RFC1191, RFC4821, RFC6298, RFC9293_3_10_7 } from './references';

const A_RETRANS = analysisBit('retransmission') | analysisBit('fast_retransmission');
/** Re-sent data as the receiver sees it: tshark calls a quick retransmission "out of order". */
const A_RESENT = A_RETRANS | analysisBit('out_of_order');
const A_ZERO_WINDOW = analysisBit('zero_window');
const A_WINDOW_UPDATE = analysisBit('window_update');

/** One walk over a flow's packets: data, retransmissions and zero windows per side. */
interface TransferFacts {
  data: number[];
  retrans: number[];
  maxLen: number[];
  firstRetrans: number[];
  zeroFirst: number;
  zeroLast: number;
  zeroCount: number;
  zeroEnd: number;
}

function transferFacts(ctx: DiagnosisContext, flow: TcpFlow): TransferFacts {
  return ctx.memo(flow, 'transferFacts', () => {
    const ix = ctx.index;
    const t: TransferFacts = { data: [0, 0], retrans: [0, 0], maxLen: [0, 0], firstRetrans: [-1, -1], zeroFirst: -1, zeroLast: -1, zeroCount: 0, zeroEnd: -1 };
    // Data the capture showed after its ACK (capture.reorder) was sent once, whatever its marks say.
    const { late } = ackedAhead(ctx);
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const side = ctx.fromClient(flow, i) ? 0 : 1;
      const len = ix.payloadLen(i);
      const a = ix.analysis[i];
      if (len > 0) {
        t.data[side]++;
        if (len > t.maxLen[side]) t.maxLen[side] = len;
        if (a & A_RESENT && !late.has(i)) {
          t.retrans[side]++;
          if (t.firstRetrans[side] < 0) t.firstRetrans[side] = i;
        }
      }
      if (a & A_ZERO_WINDOW) {
        t.zeroCount++;
        if (t.zeroFirst < 0) t.zeroFirst = i;
        t.zeroLast = i;
      }
      if (a & A_WINDOW_UPDATE && t.zeroLast >= 0 && t.zeroEnd < 0 && ix.win[i] > 0) t.zeroEnd = i;
    }
    return t;
  });
}

/** tcp.transfer.retransmissions: 1 % or more of a side's data segments sent again. */
export function retransmissionsRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { data, retrans, firstRetrans } = transferFacts(ctx, flow);
  const { client, server, stream } = flow.summary;
  const out: Draft[] = [];
  for (const side of [0, 1]) {
    const rate = data[side] ? retrans[side] / data[side] : 0;
    if (retrans[side] >= 3 && rate >= 0.01) {
      const who = side === 0 ? `client ${client}` : `server ${server}`;
      out.push({
        severity: rate >= 0.05 ? 'warning' : 'info',
        confidence: 'high',
        stream,
        client,
        server,
        packets: [firstRetrans[side] + 1],
        title: `${retrans[side]} of ${data[side]} data segments from the ${who} retransmitted or out of order (${(rate * 100).toFixed(1)}%)`,
        explanation: `Packet loss between the endpoints (or at a congested queue) makes the sender retransmit and halve its congestion window, so throughput drops sharply above ~1% loss. The first retransmission is frame ${firstRetrans[side] + 1}. Where the capture was taken matters: loss upstream of the capture point shows as gaps (previous segment not captured), loss downstream as retransmissions of segments seen once already.`,
        references: [RFC6298],
        groupTitle: (n) => `Retransmissions on ${n} connections with ${server}`,
      });
    }
  }
  return out;
}

/** tcp.transfer.zero-window: a receiver advertised a zero window, stalling its sender. */
export function zeroWindowRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { zeroCount, zeroFirst, zeroEnd } = transferFacts(ctx, flow);
  if (!zeroCount) return [];
  const { client, server, stream } = flow.summary;
  const stall = zeroEnd >= 0 ? ctx.seconds(zeroFirst, zeroEnd) : ctx.seconds(zeroFirst, flow.summary.lastFrame - 1);
  const receiver = ctx.fromClient(flow, zeroFirst) ? `client ${client}` : `server ${server}`;
  return [
    {
      severity: stall >= 1 ? 'warning' : 'info',
      confidence: 'high',
      stream,
      client,
      server,
      packets: [zeroFirst + 1, ...(zeroEnd >= 0 ? [zeroEnd + 1] : [])],
      title: `The ${receiver} advertised a zero window ${zeroCount} time${zeroCount === 1 ? '' : 's'}, stalling the sender ${elapsedText(stall, 2)} s`,
      explanation: `A zero window (frame ${zeroFirst + 1}) means the ${receiver}'s receive buffer is full: the application there is not reading fast enough. The sender can only probe until the window opens again${zeroEnd >= 0 ? ` (window update, frame ${zeroEnd + 1})` : ' — it had not reopened by the end of the capture'}. Look at the receiving application (CPU, blocking I/O, a slow consumer), not the network.`,
      references: [RFC9293_3_10_7],
      groupTitle: (n) => `Zero-window stalls on ${n} connections with ${server}`,
    },
  ];
}

/** tcp.transfer.high-rtt: more than 300 ms from SYN to the final ACK. */
export function highRttRule(_ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const rtt = flow.summary.irtt;
  if (rtt === undefined || rtt <= 0.3) return [];
  const { client, server, stream } = flow.summary;
  return [
    {
      confidence: 'high',
      stream,
      client,
      server,
      packets: [flow.summary.firstFrame],
      title: `High round-trip time to ${server}: ${(rtt * 1000).toFixed(0)} ms during the handshake`,
      explanation: `The handshake took ${(rtt * 1000).toFixed(0)} ms from SYN to the final ACK. Every request/response pays it; window-limited transfers are capped at window / RTT.`,
      references: [RFC6298],
      groupTitle: (n) => `High RTT on ${n} connections with ${server}`,
    },
  ];
}

/**
 * Full-size segments retransmitted with backoff and never acknowledged while
 * smaller ones get through, or an ICMP "fragmentation needed"/"packet too big"
 * quoting the flow: path MTU discovery is failing (RFC 1191, RFC 4821).
 */
export function mtuBlackholeRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const ix = ctx.index;
  const { maxLen } = transferFacts(ctx, flow);
  const { client, server, stream } = flow.summary;
  const icmp = (icmpErrorsByStream(ctx.capture).get(stream) ?? []).filter((e) => e.mtu !== undefined);
  for (const side of [0, 1]) {
    const big = maxLen[side];
    if (big < 1000) continue;
    let retried = -1,
      retries = 0,
      smallAcked = false,
      bigAcked = false;
    let bigEnd = 0,
      original = -1,
      lastSmall = -1;
    const resent: number[] = [];
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const mine = ctx.fromClient(flow, i) === (side === 0);
      const len = ix.payloadLen(i);
      if (mine && len === big && ix.analysis[i] & A_RETRANS) {
        if (retried < 0) retried = i;
        retries++;
        if (resent.length < 5) resent.push(i);
        bigEnd = (ix.seq[i] + len) >>> 0;
      } else if (!mine && retried >= 0 && bigEnd && !gtSeq(bigEnd, ix.ack[i])) bigAcked = true;
      if (mine && len > 0 && len < big && !(ix.analysis[i] & A_RETRANS)) {
        smallAcked = true;
        if (retried < 0) lastSmall = i;
      }
      if (mine && len === big && original < 0 && !(ix.analysis[i] & A_RETRANS)) original = i;
    }
    // A segment without DF is fragmented by the router, not dropped: no black hole (RFC 1191 needs DF).
    const dontFragment = retried >= 0 && ctx.ip(retried).dontFragment;
    if ((retries >= 3 && !bigAcked && smallAcked && dontFragment) || icmp.length) {
      const who = side === 0 ? `client ${client}` : `server ${server}`;
      const smallAck = lastSmall >= 0 ? ackOf(ctx, flow, lastSmall) : -1;
      const firstOriginal = retried >= 0 ? firstSent(ctx, flow, retried) : -1;
      const blackHoleEvidence = [
        ...(lastSmall >= 0 ? [lastSmall + 1] : []),
        ...(smallAck >= 0 ? [smallAck + 1] : []),
        ...(firstOriginal >= 0 && firstOriginal !== retried ? [firstOriginal + 1] : original >= 0 ? [original + 1] : []),
        ...resent.map((i) => i + 1),
      ];
      const intervals = resent.map((i) => elapsedText(ctx.seconds(firstOriginal >= 0 ? firstOriginal : resent[0], i), 2));
      return [
        {
          confidence: icmp.length ? 'high' : 'medium',
          stream,
          client,
          server,
          side: side === 0 ? 'client' : 'server',
          packets: icmp.length ? [...(retried >= 0 ? [retried + 1] : []), ...icmp.map((e) => e.packet + 1)].slice(0, 10) : blackHoleEvidence.slice(0, 10),
          title: icmp.length
            ? `Path MTU to ${server} is ${icmp[0].mtu}: ICMP ${icmp[0].v6 ? 'packet too big' : 'fragmentation needed'} (frame ${icmp[0].packet + 1})`
            : `Probable MTU black hole: ${big}-byte segments from the ${who} (DF set) retransmitted ${retries} times, never acknowledged, while small ones pass`,
          explanation: icmp.length
            ? `A router reports that the path to ${server} only carries ${icmp[0].mtu}-byte packets. If the sender keeps sending larger segments afterwards, the ICMP message is not reaching it or is ignored (RFC 1191). Lower the interface MTU/MSS on the path or let ICMP through.`
            : [
                `Full-size segments (${big} bytes of payload, "don't fragment" set) are never acknowledged: ${firstOriginal >= 0 ? `the first (frame ${firstOriginal + 1}) was ` : ''}retransmitted ${retries} times with growing intervals (${resent.map((i) => `frame ${i + 1}`).join(', ')}: ${intervals.join(', ')} s after the original), while smaller segments get through${lastSmall >= 0 ? ` (frame ${lastSmall + 1}${smallAck >= 0 ? `, acknowledged by frame ${smallAck + 1}` : ''})` : ''}. No ICMP "fragmentation needed"/"packet too big" quoting the connection is in the capture.`,
                'So a link on the path has a smaller MTU than the endpoints assume (a tunnel, a VPN, PPPoE) and the ICMP message that path MTU discovery relies on (RFC 1191) is filtered, or the router does not send it: every packet above the path MTU vanishes. Both ends advertised an MSS for their own link; nobody clamped it for the smaller one. The connection stalls at the first full-size write, and the sender gives up after its retries.',
                'Fixes: clamp the MSS on the router or tunnel (nft "tcp option maxseg size set rt mtu"), let ICMP type 3 code 4 (ICMPv6 type 2) through, or let the sender find the MTU itself with packetization-layer PMTU discovery (RFC 4821, Linux net.ipv4.tcp_mtu_probing = 1).',
              ].join('\n\n'),
          references: [RFC1191, RFC4821],
          groupTitle: (n) => `Probable MTU black hole on ${n} connections with ${server}`,
        },
      ];
    }
  }
  return [];
}

/** The first packet from the other side that acknowledges all of segment i, or -1. */
function ackOf(ctx: DiagnosisContext, flow: TcpFlow, i: number): number {
  const ix = ctx.index;
  const end = (ix.seq[i] + ix.payloadLen(i)) >>> 0;
  const mine = ctx.fromClient(flow, i);
  for (let k = ctx.next(i); k >= 0; k = ctx.next(k)) if (ctx.inFlow(flow, k) && ctx.fromClient(flow, k) !== mine && !gtSeq(end, ix.ack[k])) return k;
  return -1;
}

/** The first packet of the same side with the same sequence number as i (the original of a retransmission). */
function firstSent(ctx: DiagnosisContext, flow: TcpFlow, i: number): number {
  const ix = ctx.index;
  const mine = ctx.fromClient(flow, i);
  for (let k = ctx.firstOf(flow); k >= 0 && k <= i; k = ctx.next(k))
    if (ctx.inFlow(flow, k) && ctx.fromClient(flow, k) === mine && ix.seq[k] === ix.seq[i] && ix.payloadLen(k) > 0) return k;
  return -1;
}
