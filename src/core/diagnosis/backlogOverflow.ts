import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { KERNEL_IP_SYSCTL, RFC9293_3_10_7 } from './references';
import { clientSyns } from './synRetries';

/** How one connection's handshake went when the server's queues were full. */
interface HandshakeDelay {
  flow: TcpFlow;
  /** The client's ACK of the SYN/ACK, then each SYN/ACK the server repeated after it. */
  ack: number;
  repeats: number[];
  /** The first SYN and the SYN/ACK that answered it after the client had to retransmit it. */
  firstSyn: number;
  lateAnswer: number;
}

/**
 * tcp.handshake.backlog-overflow: a listening server whose accept queue is full. Linux then drops the
 * handshake-completing ACK (ListenOverflows, with tcp_abort_on_overflow = 0) and keeps the request
 * in SYN_RECV, so it repeats its SYN/ACK although the client ACKed it; SYNs arriving while the
 * queue stays full are dropped outright (ListenDrops) and answered only after the client's
 * retransmissions. One lost ACK also makes a server repeat its SYN/ACK, once: the rule wants the
 * repeat after an ACK on two connections to the server, or twice on one.
 */
export function backlogOverflowRule(ctx: DiagnosisContext, _capture: Capture): Draft[] {
  const byServer = new Map<string, HandshakeDelay[]>();
  for (const flow of ctx.flows) {
    const d = handshakeDelay(ctx, flow);
    if (!d) continue;
    const list = byServer.get(flow.summary.server);
    if (list) list.push(d);
    else byServer.set(flow.summary.server, [d]);
  }
  const out: Draft[] = [];
  for (const [server, delays] of byServer) {
    const ignored = delays.filter((d) => d.repeats.length > 0);
    if (ignored.length < 2 && !ignored.some((d) => d.repeats.length >= 2)) continue;
    const late = delays.filter((d) => d.lateAnswer >= 0 && !d.repeats.length);
    const first = ignored[0];
    const port = server.slice(server.lastIndexOf(':') + 1);
    const repeatCount = ignored.reduce((n, d) => n + d.repeats.length, 0);
    const packets = [first.ack + 1, ...first.repeats.map((i) => i + 1), ...late.slice(0, 2).flatMap((d) => [d.firstSyn + 1, d.lateAnswer + 1])];
    const lateText = late.length
      ? ` The SYNs of ${late.length} other connection${late.length === 1 ? '' : 's'} got no answer at first and were answered only after the client retransmitted them (the first: SYN frame ${late[0].firstSyn + 1}, SYN/ACK frame ${late[0].lateAnswer + 1}, ${elapsedText(ctx.seconds(late[0].firstSyn, late[0].lateAnswer), 1)} s later): the server dropped them because the queue was full (ListenDrops).`
      : '';
    out.push({
      confidence: ignored.length >= 2 && ignored.some((d) => d.repeats.length >= 2) ? 'high' : 'medium',
      stream: -1,
      server,
      covers: delays.map((d) => d.flow.stream),
      side: 'server',
      about: { port },
      packets,
      title: `Listen backlog overflow on ${server}: the server repeated its SYN/ACK ${repeatCount} times on ${ignored.length} connection${ignored.length === 1 ? '' : 's'} after the client's ACK${late.length ? `, and answered ${late.length} SYN${late.length === 1 ? '' : 's'} only after retransmissions` : ''}`,
      explanation: [
        `The client ACKed the SYN/ACK (frame ${first.ack + 1}) and the server sent the SYN/ACK again anyway (frame${first.repeats.length === 1 ? '' : 's'} ${first.repeats.map((i) => i + 1).join(', ')}, ${elapsedText(ctx.seconds(first.ack, first.repeats[0]), 1)} s later): it did not take the ACK.${lateText}`,
        "That is what Linux does when the listening socket's accept queue is full — the application does not accept() connections as fast as they arrive: the ACK that would complete the handshake is dropped (counted in TcpExtListenOverflows) and the request stays half-open, its SYN/ACK retransmitted with backoff; new SYNs are dropped (TcpExtListenDrops) while the queue stays full. The client thinks it is connected and waits; the network is fine. One lost ACK would also make the server repeat its SYN/ACK, but once and on one connection, not after every ACK.",
        `The queue's length is the application's listen() backlog, capped by net.core.somaxconn; half-open requests are also capped by net.ipv4.tcp_max_syn_backlog. On the server, \`nstat -az TcpExtListenOverflows TcpExtListenDrops\` confirms it, and \`ss -ltn 'sport = :${port}'\` shows the queue (Recv-Q) against the backlog (Send-Q).`,
      ].join('\n\n'),
      references: [RFC9293_3_10_7, KERNEL_IP_SYSCTL],
    });
  }
  return out;
}

/** The SYN/ACKs a server repeated after the client's ACK, and a SYN answered only after its retransmission. */
function handshakeDelay(ctx: DiagnosisContext, flow: TcpFlow): HandshakeDelay | undefined {
  const ix = ctx.index;
  const syns = clientSyns(ctx, flow);
  let synAck = -1,
    ack = -1;
  const repeats: number[] = [];
  for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i)) continue;
    const f = ctx.tcpFlags(i);
    const client = ctx.fromClient(flow, i);
    if (!client && (f & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) {
      if (synAck < 0) synAck = i;
      else if (ack >= 0 && ix.seq[i] === ix.seq[synAck]) repeats.push(i);
    } else if (client && synAck >= 0 && ack < 0 && (f & (TH_SYN | TH_ACK)) === TH_ACK && ix.ack[i] === (ix.seq[synAck] + 1) >>> 0) {
      ack = i;
    } else if (!client && ix.payloadLen(i) > 0) break;
  }
  const lateAnswer = syns.length >= 2 && synAck > syns[syns.length - 1] ? synAck : -1;
  if (!repeats.length && lateAnswer < 0) return undefined;
  return { flow, ack, repeats, firstSyn: syns[0] ?? -1, lateAnswer };
}
