import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { gtSeq, ltSeq } from '../flows/seqMath';
import { PF_DIRECTION_B } from '../index/packetIndex';
import type { DiagnosisContext, Occurrence } from './context';
import { elapsedText } from './context';
import { RFC2525_2_17, RFC5961_3, RFC9293_3_10_7, RFC9293_3_5_2 } from './references';

/** Packets of one side of a flow, sampled for TTL/IP-ID consistency (the control list plus data edges). */
function senderSamples(ctx: DiagnosisContext, flow: TcpFlow, fromClient: boolean, exclude: number): number[] {
  const side = fromClient ? 0 : 1;
  const picks = flow.control.filter((i) => i !== exclude && ctx.fromClient(flow, i) === fromClient && !(ctx.tcpFlags(i) & TH_RST));
  for (const i of [flow.firstData[side], flow.lastData[side]]) if (i >= 0 && i !== exclude) picks.push(i);
  return picks.slice(0, 32);
}

/**
 * Every RST after the handshake gets a cause: normal close by reset, abortive
 * close, half-open connection, a probably injected RST, or one the peer ignores.
 */
export function resetRules(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
  const o = flow.summary.outcome;
  if (o === 'refused' || o === 'no-answer' || o === 'handshake-reset-by-client' || o === 'handshake-incomplete') return [];
  const ix = ctx.index;
  const out: Occurrence[] = [];
  const { client, server, stream } = flow.summary;
  const finFrom = [false, false];
  for (const r of flow.control) {
    const flags = ctx.tcpFlags(r);
    const fromClient = ctx.fromClient(flow, r);
    const side = fromClient ? 0 : 1;
    if (flags & TH_FIN) { finFrom[side] = true; continue; }
    if (!(flags & TH_RST) || (flags & TH_SYN)) continue;
    const who = fromClient ? `client ${client}` : `server ${server}`;
    const peer = fromClient ? `server ${server}` : `client ${client}`;

    // A RST that its claimed sender did not send: TTL far from its other packets, or it keeps talking.
    const samples = senderSamples(ctx, flow, fromClient, r);
    const ttl = ctx.ip(r).ttl;
    const others = samples.map((i) => ctx.ip(i).ttl);
    const usual = others.length ? others.sort((a, b) => a - b)[others.length >> 1] : ttl;
    const laterData = flow.lastData[side] > r;
    if ((others.length >= 2 && Math.abs(usual - ttl) >= 2) || laterData) {
      out.push({
        rule: 'tcp.rst.injected', severity: 'warning', confidence: laterData && others.length >= 2 && Math.abs(usual - ttl) >= 2 ? 'high' : 'medium', stream, client, server,
        packets: [r + 1, ...(laterData ? [flow.lastData[side] + 1] : []), ...samples.slice(0, 2).map((i) => i + 1)],
        title: `RST claiming to come from the ${who} looks injected (frame ${r + 1})`,
        explanation: `${laterData ? `The ${who} keeps sending data after this RST (frame ${flow.lastData[side] + 1}), which a real reset would have ended. ` : ''}${Math.abs(usual - ttl) >= 2 ? `Its IP TTL/hop limit is ${ttl} while that sender's other packets arrive with ${usual}: it travelled a different path. ` : ''}Resets forged by a middlebox (an IPS, a DPI firewall, a censorship box) or by an attacker look like this (RFC 5961 §3 explains why in-window forged RSTs work).`,
        fixes: [], references: [RFC5961_3],
        groupTitle: (n) => `${n} probably injected RSTs on connections with ${server}`,
      });
      continue;
    }
    if (finFrom[side] || (finFrom[side ^ 1] && flags & TH_ACK && ix.payloadLen(r) === 0 && finFrom[0] && finFrom[1])) {
      out.push({
        rule: 'tcp.rst.after-fin', severity: 'info', confidence: 'high', stream, client, server, packets: [r + 1],
        title: `Connection ${client} ↔ ${server} ended with a RST after FIN (frame ${r + 1})`,
        explanation: `The ${who} had already sent its FIN and then reset the connection: the normal close had begun, and the RST only skips the rest of it (for example an application that closes with SO_LINGER after shutdown, or data arriving after close). Usually harmless.`,
        fixes: [], references: [RFC9293_3_5_2],
        groupTitle: (n) => `${n} connections with ${server} ended by RST after FIN`,
      });
      continue;
    }
    // Out of window: the peer would ignore it (RFC 5961 §3.2 / RFC 9293 §3.10.7.4).
    const peerAck = lastAckFromPeer(ctx, flow, r, fromClient);
    if (peerAck && (ltSeq(ix.seq[r], peerAck.ack) || gtSeq(ix.seq[r], (peerAck.ack + peerAck.window) >>> 0))) {
      out.push({
        rule: 'tcp.rst.out-of-window', severity: 'info', confidence: 'medium', stream, client, server, packets: [r + 1, peerAck.packet + 1],
        title: `RST from the ${who} is outside the ${peer}'s receive window (frame ${r + 1})`,
        explanation: `The RST's sequence number ${ix.seq[r]} is not within the window the ${peer} advertised (ack ${peerAck.ack}, window ${peerAck.window}, frame ${peerAck.packet + 1}). The receiver drops it (RFC 5961 §3.2), so this reset did not end the connection; stale or forged resets look like this.`,
        fixes: [], references: [RFC5961_3],
        groupTitle: (n) => `${n} out-of-window RSTs on connections with ${server}`,
      });
      continue;
    }
    // Half-open: the RST sender shows no state for this connection (first packet of its side, or after a long silence).
    const previous = previousFrom(ctx, flow, r, fromClient);
    const silence = previous < 0 ? Infinity : ctx.seconds(previous, r);
    if (!(flags & TH_ACK) || previous < 0 || silence > 60) {
      out.push({
        rule: 'tcp.rst.half-open', severity: 'warning', confidence: previous < 0 ? 'high' : 'medium', stream, client, server,
        packets: [r + 1, ...(r > 0 ? [triggerBefore(ctx, flow, r, fromClient) + 1].filter((x) => x > 0) : [])],
        title: `The ${who} no longer knows the connection and resets it (frame ${r + 1})`,
        explanation: `The ${peer} sent a segment on a connection that the ${who} ${previous < 0 ? 'had not spoken on in this capture' : `had been silent on for ${elapsedText(silence, 0)} s`}; it answered with a RST${flags & TH_ACK ? '' : ' without ACK (seq = the segment\'s ack, RFC 9293 §3.10.7.1)'}. The connection was half-open: the ${who.split(' ')[0]} rebooted or its socket was gone, or a NAT/firewall in between dropped the connection's state after an idle timeout. TCP keep-alives shorter than the middlebox's timeout keep such connections alive.`,
        fixes: [
          { title: 'Send keep-alives sooner than the middlebox idle timeout', action: { kind: 'sysctl', key: 'net.ipv4.tcp_keepalive_time', value: '300', where: fromClient ? 'server' : 'client' }, cost: 'A few extra packets per idle connection; only applies to sockets that enable SO_KEEPALIVE.' },
        ],
        references: [RFC9293_3_10_7],
        groupTitle: (n) => `${n} half-open connections with ${server} reset`,
      });
      continue;
    }
    // Abortive close: RST instead of FIN after the connection was used.
    const peerSide = side ^ 1;
    const unread = flow.lastData[peerSide] >= 0 && flow.lastData[peerSide] < r && flow.lastData[peerSide] > flow.lastData[side];
    out.push({
      rule: 'tcp.rst.abortive-close', severity: 'warning', confidence: 'medium', stream, client, server, variant: unread ? 'unread-data' : 'abort',
      packets: [r + 1, ...(unread ? [flow.lastData[peerSide] + 1] : [])],
      title: `The ${who} aborted the connection with RST instead of FIN${unread ? ', with unread data' : ''} (frame ${r + 1})`,
      explanation: unread
        ? `The ${peer}'s last data (frame ${flow.lastData[peerSide] + 1}) was still unread when the ${who} closed its socket: Linux then sends a RST instead of a FIN (RFC 2525 §2.17), discarding that data. Typical of a client that closes without reading the whole response, or a server that closes before reading the request body.`
        : `The ${who} ended the connection with a RST instead of a FIN: an application abort, or close() with SO_LINGER set to 0 seconds. Any data still in flight is lost, and the ${peer} sees "connection reset by peer".`,
      fixes: [], references: [RFC2525_2_17, RFC9293_3_5_2],
      groupTitle: (n) => `${n} connections with ${server} aborted by RST${unread ? ' with unread data' : ''}`,
    });
  }
  return out;
}

function lastAckFromPeer(ctx: DiagnosisContext, flow: TcpFlow, r: number, rstFromClient: boolean): { ack: number; window: number; packet: number } | undefined {
  const ix = ctx.index;
  let found = -1;
  for (let i = ctx.firstOf(flow); i >= 0 && i < r; i = ctx.next(i)) {
    if (ctx.fromClient(flow, i) !== rstFromClient && ctx.tcpFlags(i) & TH_ACK) found = i;
  }
  if (found < 0) return undefined;
  const d = ix.flags[found] & PF_DIRECTION_B ? 1 : 0;
  return { ack: ix.ack[found], window: ix.tcpStreams.scaledWindow(flow.summary.stream, d, ix.win[found]), packet: found };
}

/** The sender's packet before r in this flow, or -1. */
function previousFrom(ctx: DiagnosisContext, flow: TcpFlow, r: number, fromClient: boolean): number {
  let found = -1;
  for (let i = ctx.firstOf(flow); i >= 0 && i < r; i = ctx.next(i)) if (ctx.fromClient(flow, i) === fromClient) found = i;
  return found;
}

/** The peer's packet the RST answers: the last one before it. */
function triggerBefore(ctx: DiagnosisContext, flow: TcpFlow, r: number, rstFromClient: boolean): number {
  return previousFrom(ctx, flow, r, !rstFromClient);
}
