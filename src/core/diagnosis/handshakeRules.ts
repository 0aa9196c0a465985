import { TH_ACK, TH_RST, TH_SYN } from '../decode/tcp';
import { icmpErrorsByStream, unreachableFor } from '../flows/icmpErrors';
import type { TcpFlow } from '../flows/tcpConversations';
import { timestampEchoText } from '../knowledge/timestampEchoText';
import { vantageText } from '../knowledge/vantageText';
import { icmpTypeText } from '../summary/icmpInfo';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { RFC5961_4, RFC7323_3_2, RFC9293_3_10_7, RFC9293_3_5_2 } from './references';
import { clientSyns, INITIAL_RTO_SECONDS, intervalsText, retryIntervals, retryPatternText } from './synRetries';

function serverSynAcks(ctx: DiagnosisContext, flow: TcpFlow): number[] {
  return flow.control.filter((i) => (ctx.tcpFlags(i) & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !ctx.fromClient(flow, i));
}

/**
 * tcp.handshake.tsecr-mismatch: a SYN/ACK whose TSecr is a non-zero value the client never sent
 * (the timestamp-echo verdict, verdicts/timestampEcho.ts). Linux checks it in
 * tcp_rcv_synsent_state_process() and answers a value outside its SYNs' time with a RST.
 */
export function tsecrMismatchRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const v = ctx.verdicts.timestampEchoes(flow).find((e) => e.kind === 'mismatch');
  if (!v) return [];
  const { client, server, stream } = flow.summary;
  const syns = clientSyns(ctx, flow);
  const rejected = v.client === 'rejected';
  const accepted = v.client === 'accepted';
  const completed = flow.handshakeCompleted;
  const evidence = [v.syn! + 1, v.synAck + 1];
  if (v.answer !== undefined) evidence.push(v.answer + 1);
  const retry = syns.find((i) => i > v.synAck && i !== v.answer);
  if (retry !== undefined) evidence.push(retry + 1);
  const vantage = ctx.verdicts.vantage(flow);
  const hops = vantage.server?.hops ?? 0;
  const when = `The SYN/ACK (frame ${v.synAck + 1}) came ${elapsedText(ctx.seconds(v.syn!, v.synAck) * 1000, 1)} ms after the SYN (frame ${v.syn! + 1}).`;
  return [
    {
      severity: rejected || !completed ? 'error' : 'warning',
      confidence: rejected ? 'high' : 'medium',
      variant: accepted ? 'accepted' : undefined,
      stream,
      client,
      server,
      packets: evidence,
      side: 'client',
      title: `SYN/ACK from ${server} echoes TSecr ${v.tsecr}, not the SYN's TSval ${v.synTsval}${rejected ? `: client ${client} resets and retries` : accepted ? ': the client accepts it' : ''}`,
      explanation: [
        timestampEchoText(v),
        rejected
          ? `${when} Linux counts such rejections in TcpExtPAWSActive (see \`nstat -az TcpExtPAWSActive\`). The client then retries the SYN: ${syns.length} SYNs, ${intervalsText(retryIntervals(ctx, syns))}. ${completed ? 'A later attempt completed.' : 'The connection never completes; the application sees a connect timeout.'}`
          : when,
        `${vantageText(vantage)} The SYN/ACK was already wrong when it reached this point${hops > 0 ? `, ${hops} hop${hops === 1 ? '' : 's'} from the server` : ''}: a device between the server and here — a firewall, NAT or SYN proxy rewriting or regenerating TCP timestamps — is the usual culprit; a server bug is the alternative. A capture on the server side shows which.`,
        accepted
          ? "Nothing failed here, but a client that checks the echo (Linux, when the value falls outside its SYNs' time) would reset: stop the middlebox from rewriting the timestamp option."
          : 'Workaround: disable TCP timestamps on the client. Real fix: stop the middlebox from rewriting the timestamp option (or disable its SYN proxy).',
      ].join('\n\n'),
      references: [RFC7323_3_2],
      groupTitle: (n) =>
        accepted
          ? `${n} SYN/ACKs from ${server} echo a TSecr the client never sent`
          : `${n} connections to ${server} fail: SYN/ACK TSecr does not echo the SYN's TSval`,
    },
  ];
}

/**
 * tcp.handshake.zero-timestamps: a SYN/ACK whose TSecr is 0 (with TSval 0 or set) instead of the
 * SYN's TSval: non-conformant, accepted by Linux (the timestamp-echo verdict).
 */
export function zeroTimestampsRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const out: Draft[] = [];
  const { client, server, stream } = flow.summary;
  for (const kind of ['zero-both', 'zero-tsecr'] as const) {
    const v = ctx.verdicts.timestampEchoes(flow).find((e) => e.kind === kind);
    if (!v) continue;
    const refused = v.client === 'rejected' || v.client === 'ignored';
    const what = kind === 'zero-both' ? 'TSval=0 TSecr=0' : `TSecr 0 with TSval ${v.tsval}`;
    out.push({
      severity: refused ? 'warning' : 'info',
      confidence: 'high',
      stream,
      client,
      server,
      variant: kind,
      packets: [v.syn! + 1, v.synAck + 1, ...(v.answer !== undefined ? [v.answer + 1] : [])],
      title: `SYN/ACK from ${server} carries ${what} (frame ${v.synAck + 1}): non-conformant, ${refused ? 'and the client does not take it' : 'accepted by Linux'}`,
      explanation: `${timestampEchoText(v)} A zeroed echo usually means a middlebox (SYN proxy, load balancer) generated or rewrote the SYN/ACK. ${vantageText(ctx.verdicts.vantage(flow))}`,
      references: [RFC7323_3_2],
      groupTitle: (n) => `${n} SYN/ACKs from ${server} carry ${kind === 'zero-both' ? 'TSval=0 TSecr=0' : 'TSecr 0'}`,
    });
  }
  return out;
}

/** tcp.handshake.refused: the SYN is answered by RST/ACK (closed port, a firewall's reject) or by ICMP unreachable. */
export function refusedRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  if (flow.summary.outcome !== 'refused') return [];
  const syns = clientSyns(ctx, flow);
  if (!syns.length) return [];
  const { client, server, stream } = flow.summary;
  const port = server.slice(server.lastIndexOf(':') + 1);
  const rst = flow.control.find((i) => !ctx.fromClient(flow, i) && (ctx.tcpFlags(i) & (TH_RST | TH_ACK)) === (TH_RST | TH_ACK));
  const vantage = ctx.verdicts.vantage(flow);
  if (rst !== undefined) {
    return [
      {
        confidence: 'high',
        stream,
        client,
        server,
        packets: [syns[0] + 1, rst + 1],
        variant: 'reset',
        about: { port },
        title: `Connection to ${server} refused (RST/ACK answering the SYN, frame ${rst + 1})`,
        explanation: `The SYN (frame ${syns[0] + 1}) was answered with RST/ACK (frame ${rst + 1}): nothing listens on port ${port} at ${server}, or a firewall rejects the connection with a TCP reset (iptables/nftables "reject with tcp reset"). RFC 9293 §3.10.7.1: a segment for a closed port is answered with a reset. ${vantageText(vantage)}`,
        references: [RFC9293_3_10_7],
        groupTitle: (n) => `${n} connections to ${server} refused`,
      },
    ];
  }
  const unreachable = unreachableFor(ctx.capture, stream);
  if (!unreachable) return [];
  const text = icmpTypeText(unreachable.type, unreachable.code, unreachable.v6);
  return [
    {
      confidence: 'high',
      stream,
      client,
      server,
      packets: [syns[0] + 1, unreachable.packet + 1],
      variant: 'icmp',
      about: { port },
      title: `Connection to ${server} rejected with ICMP ${text} (frame ${unreachable.packet + 1})`,
      explanation: `The SYN (frame ${syns[0] + 1}) was answered by an ICMP${unreachable.v6 ? 'v6' : ''} error, ${text} (frame ${unreachable.packet + 1}), quoting it. A firewall rejects the connection (nftables/iptables "reject" sends ICMP port unreachable by default) or a router has no route. ${vantageText(vantage)}`,
      references: [RFC9293_3_5_2],
      groupTitle: (n) => `${n} connections to ${server} rejected with ICMP`,
    },
  ];
}

/** tcp.handshake.no-answer: SYNs retried with backoff and never answered (filtered or black-holed). */
export function noAnswerRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  if (flow.summary.outcome !== 'no-answer') return [];
  const syns = clientSyns(ctx, flow);
  if (!syns.length) return [];
  const { client, server, stream } = flow.summary;
  const icmp = icmpErrorsByStream(ctx.capture).get(stream) ?? [];
  const intervals = retryIntervals(ctx, syns);
  const lastSyn = syns[syns.length - 1];
  const waited = ctx.seconds(lastSyn, ctx.index.count - 1);
  if (!icmp.length && syns.length === 1 && waited < INITIAL_RTO_SECONDS) {
    // A SYN in the capture's last moments is not evidence of silence: the answer was not yet due.
    return [
      {
        variant: 'capture-ended',
        severity: 'info',
        confidence: 'high',
        stream,
        client,
        server,
        packets: [lastSyn + 1],
        title: `Capture ended before an answer was due: SYN to ${server} (frame ${lastSyn + 1}) ${elapsedText(waited, 3)} s before the end`,
        explanation: `The SYN (frame ${lastSyn + 1}) was sent ${elapsedText(waited, 3)} s before the capture stopped, less than the ${INITIAL_RTO_SECONDS} s initial retransmission timeout (RFC 6298 §2.1): its SYN/ACK may simply not have arrived yet, and no retry was due. Nothing can be said about this attempt; capture a little longer to see its outcome.`,
        references: [RFC9293_3_5_2],
        groupTitle: (n) => `${n} connection attempts to ${server} were cut off by the end of the capture`,
      },
    ];
  }
  const why = icmp.length
    ? `An ICMP error quoting these SYNs came back (frame ${icmp[0].packet + 1}): the connection is rejected by a router or firewall that answers with ICMP instead of a TCP reset.`
    : 'Nothing came back — no SYN/ACK, no RST, no ICMP error: the SYNs are silently dropped (a firewall DROP rule, a security group, a black-holed route) or the host is down or does not exist.';
  return [
    {
      confidence: icmp.length ? 'high' : 'medium',
      stream,
      client,
      server,
      packets: [...syns.map((i) => i + 1), ...icmp.map((e) => e.packet + 1)].slice(0, 20),
      title: `No answer from ${server}: ${syns.length} SYN${syns.length === 1 ? '' : 's'}${intervals.length ? `, ${intervalsText(intervals)}` : ''}`,
      explanation: `The client sent ${syns.length} SYN${syns.length === 1 ? '' : 's'} to ${server} (${retryPatternText(intervals)}). ${why} The number of retries is net.ipv4.tcp_syn_retries on a Linux client.`,
      references: [RFC9293_3_5_2],
      groupTitle: (n) => `${n} connection attempts to ${server} got no answer`,
    },
  ];
}

/**
 * tcp.handshake.stale-ack: a SYN answered by a bare ACK for another sequence
 * space (RFC 5961 §4 challenge ACK, RFC 9293 §3.10.7.4): the server or a
 * middlebox still holds an older connection on the same 4-tuple.
 */
export function staleAckRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const syns = clientSyns(ctx, flow);
  if (!syns.length || flow.handshakeCompleted) return [];
  const ix = ctx.index;
  const first = syns[0];
  for (let i = ctx.next(first); i >= 0; i = ctx.next(i)) {
    if (ctx.fromClient(flow, i)) continue;
    const f = ctx.tcpFlags(i);
    if ((f & (TH_SYN | TH_RST | TH_ACK)) !== TH_ACK) break;
    const expected = (ix.seq[syns.filter((s) => s < i).pop()!] + 1) >>> 0;
    if (ix.ack[i] === expected) break;
    const rst = flow.control.find((k) => k > i && ctx.fromClient(flow, k) && ctx.tcpFlags(k) & TH_RST);
    const { client, server } = flow.summary;
    return [
      {
        confidence: 'high',
        stream: flow.stream,
        client,
        server,
        packets: [first + 1, i + 1, ...(rst !== undefined ? [rst + 1] : [])],
        title: `SYN to ${server} answered by an ACK for an old connection on the same ports (frame ${i + 1})`,
        explanation: `Instead of a SYN/ACK, the SYN (frame ${first + 1}) got a bare ACK (frame ${i + 1}) acknowledging ${ix.ack[i]}, not the SYN's sequence number + 1 (${expected}). The peer (or a stateful firewall/NAT) still has an older connection on ${client} ↔ ${server} and sends a challenge ACK (RFC 5961 §4); the client ${rst !== undefined ? `resets it (frame ${rst + 1}) and ` : ''}retries. Typical causes: client port reuse while the server keeps the old connection in TIME_WAIT or ESTABLISHED (a half-open connection after a client crash), or a middlebox whose state outlived the connection.`,
        references: [RFC5961_4, RFC9293_3_10_7],
        groupTitle: (n) => `${n} SYNs to ${server} answered by stale ACKs`,
      },
    ];
  }
  return [];
}

/**
 * tcp.handshake.reset-by-client: a client that resets right after a SYN/ACK; the registry lets the
 * rules that explain why (timestamp echo, stale ACK) supersede it on their flows.
 */
export function handshakeResetRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  if (flow.summary.outcome !== 'handshake-reset-by-client') return [];
  const sa = serverSynAcks(ctx, flow)[0];
  if (sa === undefined) return [];
  const ack = ctx.index.ack[sa];
  const rst =
    flow.control.find((i) => i > sa && ctx.fromClient(flow, i) && ctx.tcpFlags(i) & TH_RST && ctx.index.seq[i] === ack) ??
    flow.control.find((i) => i > sa && ctx.fromClient(flow, i) && ctx.tcpFlags(i) & TH_RST);
  if (rst === undefined) return [];
  const { client, server } = flow.summary;
  const syn = clientSyns(ctx, flow)[0];
  return [
    {
      confidence: 'medium',
      stream: flow.stream,
      client,
      server,
      packets: [...(syn !== undefined ? [syn + 1] : []), sa + 1, rst + 1],
      title: `Client ${client} resets the handshake with ${server} after the SYN/ACK (frame ${rst + 1})`,
      explanation: `The server answered with a SYN/ACK (frame ${sa + 1}) but the client sent a RST (frame ${rst + 1}) instead of completing the handshake. Its options look conformant, so the usual reasons are: the client's socket was closed or timed out meanwhile (the SYN/ACK arrived ${syn !== undefined ? elapsedText(ctx.seconds(syn, sa), 3) : '?'} s after the SYN), the SYN/ACK's ack number does not match the SYN, or a host firewall on the client drops the connection.`,
      references: [RFC9293_3_10_7],
      groupTitle: (n) => `${n} handshakes with ${server} reset by the client`,
    },
  ];
}
