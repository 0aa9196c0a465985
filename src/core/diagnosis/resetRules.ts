import { TH_ACK } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { msText, senderCheckText } from '../knowledge/senderText';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { RFC2525_2_17, RFC5961_3, RFC9293_3_10_7, RFC9293_3_5_2 } from './references';
import type { ResetFact } from './resetCauses';
import { previousFrom, resetCauses } from './resetCauses';

/** The RSTs of a flow with one cause (resetCauses.ts), with who sent them. */
function withCause(ctx: DiagnosisContext, flow: TcpFlow, cause: ResetFact['cause']): Array<ResetFact & { who: string; peer: string }> {
  const { client, server } = flow.summary;
  return resetCauses(ctx, flow)
    .filter((r) => r.cause === cause)
    .map((r) => ({
      ...r,
      who: r.fromClient ? `client ${client}` : `server ${server}`,
      peer: r.fromClient ? `server ${server}` : `client ${client}`,
    }));
}

/**
 * tcp.rst.injected: a RST its claimed sender did not send (the sender verdict). Came sooner after
 * its trigger than the round trip to that sender allows, carries a TTL from another path, or the
 * sender talks on after it.
 */
export function injectedResetRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { client, server, stream } = flow.summary;
  return withCause(ctx, flow, 'injected').map(({ rst, who, sender, fromClient }) => {
    const t = sender.timing?.tooSoon ? sender.timing : undefined;
    const packets = [rst + 1];
    if (t) packets.push(t.trigger + 1, t.floor.from + 1, t.floor.to + 1);
    if (sender.laterData !== undefined) packets.push(sender.laterData + 1);
    const usual = fromClient ? ctx.verdicts.vantage(flow).client : ctx.verdicts.vantage(flow).server;
    if (sender.ttl?.differs && usual && !packets.includes(usual.packet + 1)) packets.push(usual.packet + 1);
    return {
      confidence: sender.against.length >= 2 ? 'high' : 'medium',
      stream,
      client,
      server,
      side: fromClient ? 'client' : 'server',
      variant: t ? 'timing' : undefined,
      about: { port: server.slice(server.lastIndexOf(':') + 1), host: server.slice(0, server.lastIndexOf(':')).replace(/^\[|\]$/g, '') },
      packets,
      title: t
        ? `RST claiming to come from the ${who} arrived ${msText(t.seconds)} ms after frame ${t.trigger + 1}, sooner than the ${msText(t.floor.seconds)} ms round trip allows: injected on the path (frame ${rst + 1})`
        : `RST claiming to come from the ${who} looks injected (frame ${rst + 1})`,
      explanation: [
        senderCheckText(sender),
        `Resets forged by a middlebox (an IPS, a DPI firewall, a censorship box) or by an attacker look like this (RFC 5961 §3 explains why in-window forged RSTs work).${t ? ` It is not a half-open ${fromClient ? 'client' : 'server'}: its own reset would come a full round trip after the segment it answers.` : ''}`,
      ].join(' '),
      references: [RFC5961_3],
      groupTitle: (n) => `${n} ${t ? 'RSTs injected on the path' : 'probably injected RSTs'} on connections with ${server}`,
    };
  });
}

/** tcp.rst.after-fin: FIN then RST from the same side: a normal close by reset. */
export function afterFinResetRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { client, server, stream } = flow.summary;
  return withCause(ctx, flow, 'after-fin').map(({ rst, who }) => ({
    confidence: 'high',
    stream,
    client,
    server,
    packets: [rst + 1],
    title: `Connection ${client} ↔ ${server} ended with a RST after FIN (frame ${rst + 1})`,
    explanation: `The ${who} had already sent its FIN and then reset the connection: the normal close had begun, and the RST only skips the rest of it (for example an application that closes with SO_LINGER after shutdown, or data arriving after close). Usually harmless.`,
    references: [RFC9293_3_5_2],
    groupTitle: (n) => `${n} connections with ${server} ended by RST after FIN`,
  }));
}

/** tcp.rst.out-of-window: the peer ignores it (RFC 5961 §3.2 / RFC 9293 §3.10.7.4). */
export function outOfWindowResetRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { client, server, stream } = flow.summary;
  return withCause(ctx, flow, 'out-of-window').map(({ rst, who, peer, peerAck }) => ({
    confidence: 'medium',
    stream,
    client,
    server,
    packets: [rst + 1, peerAck!.packet + 1],
    title: `RST from the ${who} is outside the ${peer}'s receive window (frame ${rst + 1})`,
    explanation: `The RST's sequence number ${ctx.index.seq[rst]} is not within the window the ${peer} advertised (ack ${peerAck!.ack}, window ${peerAck!.window}, frame ${peerAck!.packet + 1}). The receiver drops it (RFC 5961 §3.2), so this reset did not end the connection; stale or forged resets look like this.`,
    references: [RFC5961_3],
    groupTitle: (n) => `${n} out-of-window RSTs on connections with ${server}`,
  }));
}

/** tcp.rst.half-open: the RST's sender shows no state for the connection. */
export function halfOpenResetRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { client, server, stream } = flow.summary;
  return withCause(ctx, flow, 'half-open').map(({ rst, who, peer, previous, silence, fromClient }) => {
    const flags = ctx.tcpFlags(rst);
    const trigger = previousFrom(ctx, flow, rst, !fromClient);
    return {
      confidence: previous < 0 ? 'high' : 'medium',
      stream,
      client,
      server,
      side: fromClient ? 'server' : 'client',
      packets: [rst + 1, ...(trigger >= 0 ? [trigger + 1] : [])],
      title: `The ${who} no longer knows the connection and resets it (frame ${rst + 1})`,
      explanation: `The ${peer} sent a segment on a connection that the ${who} ${previous < 0 ? 'had not spoken on in this capture' : `had been silent on for ${elapsedText(silence, 0)} s`}; it answered with a RST${flags & TH_ACK ? '' : " without ACK (seq = the segment's ack, RFC 9293 §3.10.7.1)"}. The connection was half-open: the ${who.split(' ')[0]} rebooted or its socket was gone, or a NAT/firewall in between dropped the connection's state after an idle timeout. TCP keep-alives shorter than the middlebox's timeout keep such connections alive.`,
      references: [RFC9293_3_10_7],
      groupTitle: (n) => `${n} half-open connections with ${server} reset`,
    };
  });
}

/** tcp.rst.abortive-close: RST instead of FIN after the connection was used. */
export function abortiveCloseRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const { client, server, stream } = flow.summary;
  return withCause(ctx, flow, 'abortive').map(({ rst, who, peer, unread }) => ({
    confidence: 'medium',
    stream,
    client,
    server,
    variant: unread >= 0 ? 'unread-data' : 'abort',
    packets: [rst + 1, ...(unread >= 0 ? [unread + 1] : [])],
    title: `The ${who} aborted the connection with RST instead of FIN${unread >= 0 ? ', with unread data' : ''} (frame ${rst + 1})`,
    explanation:
      unread >= 0
        ? `The ${peer}'s last data (frame ${unread + 1}) was still unread when the ${who} closed its socket: Linux then sends a RST instead of a FIN (RFC 2525 §2.17), discarding that data. Typical of a client that closes without reading the whole response, or a server that closes before reading the request body.`
        : `The ${who} ended the connection with a RST instead of a FIN: an application abort, or close() with SO_LINGER set to 0 seconds. Any data still in flight is lost, and the ${peer} sees "connection reset by peer".`,
    references: [RFC2525_2_17, RFC9293_3_5_2],
    groupTitle: (n) => `${n} connections with ${server} aborted by RST${unread >= 0 ? ' with unread data' : ''}`,
  }));
}
