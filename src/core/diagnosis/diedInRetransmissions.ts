import { TH_ACK, TH_FIN, TH_RST } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { gtSeq } from '../flows/seqMath';
import { analysisBit } from '../index/analysisFlags';
import type { DiagnosisContext, Draft } from './context';
import { RFC6298 } from './references';
import { mtuBlackholeRule } from './transferRules';

const A_RETRANS = analysisBit('retransmission');
/** Timeout retransmissions of one segment, unanswered, before a connection counts as dead. */
const MIN_TIMEOUTS = 3;

/**
 * tcp.transfer.died-in-retransmissions: one side retransmits its first unacknowledged segment on
 * timeout, each wait about twice the one before (RFC 6298 §5.5), the peer never answers again, and
 * the connection ends with no FIN or RST — the sender's kernel gives up after net.ipv4.tcp_retries2
 * and the application gets ETIMEDOUT, leaving bytes sent and never acknowledged.
 */
export function diedInRetransmissionsRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const ix = ctx.index;
  if (flow.control.some((i) => ctx.tcpFlags(i) & (TH_FIN | TH_RST))) return [];
  // Full-size segments dying while small ones got through is the MTU black hole, a more precise cause.
  if (mtuBlackholeRule(ctx, flow).length) return [];
  const highest = [-1, -1],
    acked = [-1, -1],
    lastFrom = [-1, -1];
  const timeouts: [number[], number[]] = [[], []];
  for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i)) continue;
    const side = ctx.fromClient(flow, i) ? 0 : 1,
      peer = side ^ 1;
    lastFrom[side] = i;
    if (ctx.tcpFlags(i) & TH_ACK && (acked[peer] < 0 || gtSeq(ix.ack[i], acked[peer]))) acked[peer] = ix.ack[i];
    const len = ix.payloadLen(i);
    if (!len) continue;
    const end = (ix.seq[i] + len) >>> 0;
    if (highest[side] < 0 || gtSeq(end, highest[side])) highest[side] = end;
    if (ix.analysis[i] & A_RETRANS) timeouts[side].push(i);
  }
  const { client, server, stream } = flow.summary;
  for (const side of [0, 1] as const) {
    const peer = side ^ 1;
    // The timeouts after the peer's last packet, all of the first unacknowledged byte.
    const resends = timeouts[side].filter((i) => i > lastFrom[peer] && ix.seq[i] === acked[side]);
    if (resends.length < MIN_TIMEOUTS || lastFrom[side] !== resends[resends.length - 1]) continue;
    const unacked = (highest[side] - acked[side]) >>> 0;
    if (!unacked) continue;
    let original = -1;
    for (let i = ctx.firstOf(flow); i >= 0 && original < 0; i = ctx.next(i)) {
      if (ctx.inFlow(flow, i) && ix.seq[i] === acked[side] && ix.payloadLen(i) > 0 && (ctx.fromClient(flow, i) ? 0 : 1) === side) original = i;
    }
    const times = [original, ...resends];
    const gaps = times.slice(1).map((i, k) => ctx.seconds(times[k], i));
    const sender = side ? `server ${server}` : `client ${client}`;
    const peerName = side ? `client ${client}` : `server ${server}`;
    const lastHeard = lastFrom[peer];
    return [
      {
        severity: 'error',
        confidence: 'high',
        stream,
        client,
        server,
        side: side ? 'server' : 'client',
        packets: [...(lastHeard >= 0 ? [lastHeard + 1] : []), ...(original >= 0 ? [original + 1] : []), ...resends.map((i) => i + 1)].slice(0, 12),
        about: { peer: peerName },
        title: `Connection died in retransmissions: the ${sender} resent its data ${resends.length} times (backoff ${gaps.map((g) => g.toFixed(2)).join(', ')} s), ${unacked} bytes never acknowledged`,
        explanation: `After frame ${lastHeard + 1} nothing more came from the ${peerName}. The ${sender} retransmitted its first unacknowledged segment${original >= 0 ? ` (first sent in frame ${original + 1})` : ''} on timeout, each wait about twice the one before (${gaps.map((g) => `${g.toFixed(2)} s`).join(', ')}: RFC 6298 §5.5), and the connection ends there with no FIN or RST: ${unacked} bytes sent were never acknowledged. Linux gives up after net.ipv4.tcp_retries2 timeouts (15 by default, ~15 minutes) and the application sees ETIMEDOUT, unless the capture simply ended first. The peer or the path between went away: a crashed or rebooted host, a firewall or NAT that dropped the connection's state, a link or route that failed.`,
        references: [RFC6298],
        covers: [stream],
        groupTitle: (n) => `${n} connections to ${server} died in retransmissions`,
      },
    ];
  }
  return [];
}
