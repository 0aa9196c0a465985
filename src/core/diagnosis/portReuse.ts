import { OPT_TIMESTAMP } from '../decode/fields';
import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { RFC5961_4, RFC7323_5, RFC9293_3_10_7 } from './references';
import { clientSyns } from './synRetries';

/**
 * tcp.handshake.port-reuse: a SYN on a 4-tuple the server still holds. The server answers with a
 * bare ACK of the old connection (a challenge ACK, RFC 5961 §4 / RFC 9293 §3.10.7.4: in
 * TIME-WAIT when PAWS rejects the SYN, RFC 7323 §5; in ESTABLISHED always), the client — in
 * SYN_SENT, for which that ACK is unacceptable — resets it, and its SYN retransmission opens the
 * new connection. The earlier connection on the same 4-tuple, which the capture must hold, says which:
 * closed by the server first (its TIME-WAIT), or never closed (the client forgot it).
 */
export function portReuseRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const ix = ctx.index;
  const syns = clientSyns(ctx, flow);
  if (!syns.length) return [];
  const syn = syns[0];
  let challenge = -1;
  for (let i = ctx.next(syn); i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i) || ctx.fromClient(flow, i)) continue;
    if ((ctx.tcpFlags(i) & (TH_SYN | TH_RST | TH_ACK)) === TH_ACK && ix.ack[i] !== (ix.seq[syn] + 1) >>> 0) challenge = i;
    break;
  }
  if (challenge < 0) return [];
  const rst = flow.control.find((k) => k > challenge && ctx.fromClient(flow, k) && ctx.tcpFlags(k) & TH_RST && ix.seq[k] === ix.ack[challenge]);
  const { client, server, stream } = flow.summary;
  // Without the earlier connection in the capture, tcp.handshake.stale-ack says what can be said.
  const old = ctx.flows.filter((f) => f.stream !== stream && f.summary.client === client && f.summary.server === server && f.summary.lastFrame - 1 < syn).pop();
  if (!old) return [];
  const serverClosedFirst = old ? firstFin(ctx, old) : undefined;
  const variant =
    serverClosedFirst === 'server' ? 'time-wait' : old.summary.outcome === 'established' || old.summary.outcome === 'aborted' ? 'established' : 'unknown';
  const paws = variant === 'time-wait' ? pawsEvidence(ctx, old, syn) : undefined;
  const evidence = [syn + 1, challenge + 1, ...(rst !== undefined ? [rst + 1] : [])];
  const retry = syns.find((k) => k > challenge);
  if (retry !== undefined) evidence.push(retry + 1);
  const answered =
    retry !== undefined && flow.control.some((k) => k > retry && !ctx.fromClient(flow, k) && (ctx.tcpFlags(k) & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK));
  const held = variant === 'time-wait' ? 'in TIME-WAIT' : variant === 'established' ? 'still ESTABLISHED' : 'still';
  const oldText =
    variant === 'time-wait'
      ? `The earlier connection on the same ports (stream ${old.stream}, frames ${old.summary.firstFrame}-${old.summary.lastFrame}) was closed by the server first (its FIN came first), so the server keeps it in TIME-WAIT for 60 s; the new SYN came ${elapsedText(ctx.seconds(old.summary.lastFrame - 1, syn), 1)} s after it ended.`
      : variant === 'established'
        ? `The earlier connection on the same ports (stream ${old.stream}, frames ${old.summary.firstFrame}-${old.summary.lastFrame}) was never closed on the server: the client ${old.summary.outcome === 'aborted' ? 'reset it, but the reset never reached the server (or was not captured there)' : 'forgot it'}, so the server still has it ESTABLISHED and answers the SYN with its current ACK (RFC 5961 §4).`
        : `The earlier connection on the same ports is stream ${old.stream} (frames ${old.summary.firstFrame}-${old.summary.lastFrame}).`;
  const pawsText = paws
    ? `The new SYN's TSval ${paws.synTsval} is behind the last TSval ${paws.lastTsval} of the old connection (frame ${paws.last + 1}) on the same address and port: the TIME-WAIT socket rejects it by PAWS (RFC 7323 §5; TcpExtPAWSEstab on the server). Linux derives a connection's timestamp offset from its addresses and ports, so one client reusing the same 4-tuple keeps a clock that moves forward; a TSval that jumps back on the same address and port is another host's clock — clients behind one NAT sharing its address (the case that made tcp_tw_recycle unusable).`
    : '';
  return [
    {
      confidence: rst !== undefined ? 'high' : 'medium',
      stream,
      client,
      server,
      variant,
      side: 'client',
      packets: evidence,
      title: `SYN from ${client} reuses the ports of a connection ${server} holds ${held}: challenge ACK (frame ${challenge + 1})${rst !== undefined ? `, the client's RST (frame ${rst + 1})` : ''}${answered ? ', then the retried SYN connects' : ''}`,
      explanation: [
        `The SYN (frame ${syn + 1}) was answered by a bare ACK (frame ${challenge + 1}) acknowledging ${ix.ack[challenge]}, not the SYN's sequence number + 1: the server answered for the connection it still holds on ${client} ↔ ${server} (a challenge ACK, RFC 5961 §4, RFC 9293 §3.10.7.4).${rst !== undefined ? ` The client, in SYN_SENT, finds that ACK unacceptable and resets it (frame ${rst + 1}, seq = its ack), which ends the server's old connection${retry !== undefined ? `; its SYN retransmission (frame ${retry + 1}, ${elapsedText(ctx.seconds(syn, retry) * 1000, 0)} ms later) ${answered ? 'opens the new connection' : 'follows'}` : ''}.` : ''}`,
        [oldText, pawsText].filter(Boolean).join(' '),
        'Each reuse costs a SYN retransmission (about 10 ms on Linux, 1 s or more on other stacks) or a failed connect() if the challenge ACK is rate-limited. Source ports are reused this soon when the client (or a NAT in front of many clients) runs short of them, or when an application binds a fixed source port. Do not turn to net.ipv4.tcp_tw_recycle: it dropped SYNs whose timestamps were not monotonic per host, which broke clients behind NAT exactly like these, and was removed in Linux 4.12.',
      ].join('\n\n'),
      references: [RFC5961_4, RFC9293_3_10_7, ...(paws ? [RFC7323_5] : [])],
      groupTitle: (n) => `${n} SYNs to ${server} reuse the ports of a connection the server holds ${held}`,
    },
  ];
}

/** Which side sent the first FIN of a flow. */
function firstFin(ctx: DiagnosisContext, flow: TcpFlow): 'client' | 'server' | undefined {
  const fin = flow.control.find((i) => ctx.tcpFlags(i) & TH_FIN);
  return fin === undefined ? undefined : ctx.fromClient(flow, fin) ? 'client' : 'server';
}

/** The old connection's last client TSval, when the new SYN's is behind it (PAWS, RFC 7323 §5). */
function pawsEvidence(ctx: DiagnosisContext, old: TcpFlow, syn: number): { last: number; lastTsval: number; synTsval: number } | undefined {
  const ix = ctx.index;
  if (!(ix.optMask[syn] & OPT_TIMESTAMP)) return undefined;
  let last = -1;
  for (let i = ctx.firstOf(old); i >= 0; i = ctx.next(i)) {
    if (ctx.inFlow(old, i) && ctx.fromClient(old, i) && ix.optMask[i] & OPT_TIMESTAMP) last = i;
  }
  if (last < 0) return undefined;
  // Serial-number comparison of 32-bit timestamps (RFC 7323 §5.2).
  const behind = ((ix.tsval[syn] - ix.tsval[last]) | 0) < 0;
  return behind ? { last, lastTsval: ix.tsval[last], synTsval: ix.tsval[syn] } : undefined;
}
