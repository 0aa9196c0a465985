import { TH_ACK, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { captureSideFixes, tcpTimestampsFixes } from './commonFixes';
import type { DiagnosisContext, Occurrence } from './context';
import { elapsedText } from './context';
import { hopsFromTtl, vantageText } from './captureVantage';
import { icmpErrorsByStream } from './icmpErrors';
import { RFC5961_4, RFC7323_3_2, RFC9293_3_10_7, RFC9293_3_5_2 } from './references';
import { clientSyns, INITIAL_RTO_SECONDS, intervalsText, retryIntervals, retryPatternText } from './synRetries';
import { icmpTypeText } from '../summary/icmpInfo';

function tsOf(ctx: DiagnosisContext, i: number): { tsval: number; tsecr: number } | undefined {
  return ctx.synTimestamps(i);
}

/** The client's RST that answers a SYN/ACK: seq = the SYN/ACK's ack, no ACK flag (RFC 9293 §3.10.7.3). */
function resetAnswering(ctx: DiagnosisContext, flow: TcpFlow, synAck: number): number | undefined {
  const ack = ctx.index.ack[synAck];
  return flow.control.find((i) => i > synAck && ctx.fromClient(flow, i) && (ctx.tcpFlags(i) & TH_RST) && ctx.index.seq[i] === ack);
}

function serverSynAcks(ctx: DiagnosisContext, flow: TcpFlow): number[] {
  return flow.control.filter((i) => (ctx.tcpFlags(i) & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !ctx.fromClient(flow, i));
}

/**
 * tcp.handshake.tsecr-mismatch and tcp.handshake.zero-timestamps: the SYN/ACK's
 * timestamp option must echo the SYN's TSval (RFC 7323 §3.2). Linux checks it in
 * tcp_rcv_synsent_state_process() and answers a mismatch with a RST.
 */
export function timestampEchoRule(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
  const syns = clientSyns(ctx, flow);
  if (!syns.length) return [];
  const out: Occurrence[] = [];
  const { client, server } = flow.summary;
  let mismatchSeen = false;
  let zeroSeen = false;
  for (const sa of serverSynAcks(ctx, flow)) {
    const ts = tsOf(ctx, sa);
    if (!ts) continue;
    const earlier = syns.filter((i) => i < sa);
    const synTs = earlier.map((i) => tsOf(ctx, i)?.tsval).filter((v): v is number => v !== undefined);
    if (!synTs.length) continue;
    const lastSyn = earlier[earlier.length - 1];
    if (ts.tsval === 0 && ts.tsecr === 0) {
      if (zeroSeen) continue;
      zeroSeen = true;
      const rst = resetAnswering(ctx, flow, sa);
      out.push({
        rule: 'tcp.handshake.zero-timestamps', severity: 'info', confidence: 'high', stream: flow.summary.stream,
        client, server, packets: [lastSyn + 1, sa + 1],
        title: `SYN/ACK from ${server} carries TSval=0 TSecr=0 (frame ${sa + 1})`,
        explanation: `The SYN/ACK (frame ${sa + 1}) has a timestamp option with TSval 0 and TSecr 0 instead of echoing the SYN's TSval ${synTs[synTs.length - 1]} (frame ${lastSyn + 1}). RFC 7323 §3.2 requires the echo, so this is non-conformant, but a Linux client only rejects a non-zero TSecr that it did not send and accepts this one${rst === undefined ? ' — and the connection went on normally here' : ''}. A zeroed option usually means a middlebox (SYN proxy, load balancer) generated or rewrote the SYN/ACK. ${vantageText(ctx, lastSyn, sa)}`,
        fixes: [], references: [RFC7323_3_2],
        groupTitle: (n) => `${n} SYN/ACKs from ${server} carry TSval=0 TSecr=0`,
      });
      continue;
    }
    if (ts.tsecr === 0 || synTs.includes(ts.tsecr) || mismatchSeen) continue;
    mismatchSeen = true;
    const rst = resetAnswering(ctx, flow, sa);
    const intervals = retryIntervals(ctx, syns);
    const completed = flow.handshakeCompleted;
    const rejected = rst !== undefined;
    const evidence = [lastSyn + 1, sa + 1];
    if (rst !== undefined) evidence.push(rst + 1);
    const retry = syns.find((i) => i > sa);
    if (retry !== undefined) evidence.push(retry + 1);
    const hops = hopsFromTtl(ctx.ip(sa).ttl);
    out.push({
      rule: 'tcp.handshake.tsecr-mismatch', severity: rejected || !completed ? 'error' : 'warning', confidence: rejected ? 'high' : 'medium',
      stream: flow.summary.stream, client, server, packets: evidence,
      title: `SYN/ACK from ${server} echoes TSecr ${ts.tsecr}, not the SYN's TSval ${synTs[synTs.length - 1]}${rejected ? `: client ${client} resets and retries` : ''}`,
      explanation: [
        `The client's SYN (frame ${lastSyn + 1}) carries TSval ${synTs[synTs.length - 1]}. The SYN/ACK (frame ${sa + 1}, ${elapsedText(ctx.seconds(lastSyn, sa) * 1000, 1)} ms later) answers with TSecr ${ts.tsecr}${ts.tsval === 0 ? ' and TSval 0' : ''}: a value the client never sent in any SYN of this attempt. RFC 7323 §3.2 requires a SYN/ACK to echo the SYN's TSval.`,
        rejected
          ? `A Linux client checks this in tcp_rcv_synsent_state_process() and drops such a SYN/ACK (kernel counter TcpExtPAWSActive, see \`nstat -az TcpExtPAWSActive\`), answering with a RST (frame ${rst! + 1}, seq = the SYN/ACK's ack, no ACK flag). It then retries the SYN: ${syns.length} SYNs, ${intervalsText(intervals)}. ${completed ? 'A later attempt completed.' : 'The connection never completes; the application sees a connect timeout.'}`
          : `The client did not reset here, but a Linux client would reject this SYN/ACK.`,
        `${vantageText(ctx, lastSyn, sa)} The SYN/ACK was already wrong when it reached this point${hops > 0 ? `, ${hops} hop${hops === 1 ? '' : 's'} from the server` : ''}: a device between the server and here — a firewall, NAT or SYN proxy rewriting or regenerating TCP timestamps — is the usual culprit; a server bug is the alternative. A capture on the server side shows which.`,
        `Workaround: disable TCP timestamps on the client. Real fix: stop the middlebox from rewriting the timestamp option (or disable its SYN proxy).`,
      ].join('\n\n'),
      fixes: [...tcpTimestampsFixes('client'), ...captureSideFixes(flow)],
      references: [RFC7323_3_2],
      groupTitle: (n) => `${n} connections to ${server} fail: SYN/ACK TSecr does not echo the SYN's TSval`,
    });
  }
  return out;
}

/** tcp.handshake.refused: the SYN is answered by RST/ACK (closed port, or a firewall's reject). */
export function refusedRule(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
  if (flow.summary.outcome !== 'refused') return [];
  const syns = clientSyns(ctx, flow);
  const rst = flow.control.find((i) => !ctx.fromClient(flow, i) && (ctx.tcpFlags(i) & (TH_RST | TH_ACK)) === (TH_RST | TH_ACK));
  if (!syns.length || rst === undefined) return [];
  const { client, server } = flow.summary;
  const port = server.slice(server.lastIndexOf(':') + 1);
  return [{
    rule: 'tcp.handshake.refused', severity: 'error', confidence: 'high', stream: flow.summary.stream, client, server,
    packets: [syns[0] + 1, rst + 1],
    title: `Connection to ${server} refused (RST/ACK answering the SYN, frame ${rst + 1})`,
    explanation: `The SYN (frame ${syns[0] + 1}) was answered with RST/ACK (frame ${rst + 1}): nothing listens on port ${port} at ${server}, or a firewall rejects the connection with a TCP reset (iptables/nftables "reject with tcp reset"). RFC 9293 §3.10.7.1: a segment for a closed port is answered with a reset. ${vantageText(ctx, syns[0], rst)}`,
    fixes: [
      { title: `Check that the service listens on port ${port} (on the server)`, action: { kind: 'command', command: `ss -ltnp 'sport = :${port}'` } },
      { title: 'Look for reject rules on the path', action: { kind: 'command', command: 'nft list ruleset | grep -n reject' } },
    ],
    references: [RFC9293_3_10_7],
    groupTitle: (n) => `${n} connections to ${server} refused`,
  }];
}

/** tcp.handshake.no-answer: SYNs retried with backoff and never answered (filtered or black-holed). */
export function noAnswerRule(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
  if (flow.summary.outcome !== 'no-answer') return [];
  const syns = clientSyns(ctx, flow);
  if (!syns.length) return [];
  const { client, server } = flow.summary;
  const icmp = icmpErrorsByStream(ctx).get(flow.summary.stream) ?? [];
  const intervals = retryIntervals(ctx, syns);
  const unreachable = icmp.find((e) => (e.v6 ? e.type === 1 : e.type === 3));
  if (unreachable) {
    // A router or firewall rejecting with ICMP is a refusal, not silence.
    flow.summary.outcome = 'refused';
    const text = icmpTypeText(unreachable.type, unreachable.code, unreachable.v6);
    return [{
      rule: 'tcp.handshake.refused', severity: 'error', confidence: 'high', stream: flow.summary.stream, client, server,
      packets: [syns[0] + 1, unreachable.packet + 1],
      title: `Connection to ${server} rejected with ICMP ${text} (frame ${unreachable.packet + 1})`,
      explanation: `The SYN (frame ${syns[0] + 1}) was answered by an ICMP${unreachable.v6 ? 'v6' : ''} error, ${text} (frame ${unreachable.packet + 1}), quoting it. A firewall rejects the connection (nftables/iptables "reject" sends ICMP port unreachable by default) or a router has no route. ${vantageText(ctx, syns[0], unreachable.packet)}`,
      fixes: [{ title: 'Look for reject rules on the path', action: { kind: 'command', command: 'nft list ruleset | grep -n reject' } }],
      references: [RFC9293_3_5_2],
      groupTitle: (n) => `${n} connections to ${server} rejected with ICMP`,
    }];
  }
  const lastSyn = syns[syns.length - 1];
  const waited = ctx.seconds(lastSyn, ctx.index.count - 1);
  if (!icmp.length && syns.length === 1 && waited < INITIAL_RTO_SECONDS) {
    // A SYN in the capture's last moments is not evidence of silence: the answer was not yet due.
    return [{
      rule: 'tcp.handshake.no-answer', variant: 'capture-ended', severity: 'info', confidence: 'high', stream: flow.summary.stream, client, server,
      packets: [lastSyn + 1],
      title: `Capture ended before an answer was due: SYN to ${server} (frame ${lastSyn + 1}) ${elapsedText(waited, 3)} s before the end`,
      explanation: `The SYN (frame ${lastSyn + 1}) was sent ${elapsedText(waited, 3)} s before the capture stopped, less than the ${INITIAL_RTO_SECONDS} s initial retransmission timeout (RFC 6298 §2.1): its SYN/ACK may simply not have arrived yet, and no retry was due. Nothing can be said about this attempt; capture a little longer to see its outcome.`,
      fixes: [],
      references: [RFC9293_3_5_2],
      groupTitle: (n) => `${n} connection attempts to ${server} were cut off by the end of the capture`,
    }];
  }
  const why = icmp.length
    ? `An ICMP error quoting these SYNs came back (frame ${icmp[0].packet + 1}): the connection is rejected by a router or firewall that answers with ICMP instead of a TCP reset.`
    : 'Nothing came back — no SYN/ACK, no RST, no ICMP error: the SYNs are silently dropped (a firewall DROP rule, a security group, a black-holed route) or the host is down or does not exist.';
  return [{
    rule: 'tcp.handshake.no-answer', severity: 'error', confidence: icmp.length ? 'high' : 'medium', stream: flow.summary.stream, client, server,
    packets: [...syns.map((i) => i + 1), ...icmp.map((e) => e.packet + 1)].slice(0, 20),
    title: `No answer from ${server}: ${syns.length} SYN${syns.length === 1 ? '' : 's'}${intervals.length ? `, ${intervalsText(intervals)}` : ''}`,
    explanation: `The client sent ${syns.length} SYN${syns.length === 1 ? '' : 's'} to ${server} (${retryPatternText(intervals)}). ${why} The number of retries is net.ipv4.tcp_syn_retries on a Linux client.`,
    fixes: [
      { title: `Test reachability of ${server} from the client`, action: { kind: 'command', command: `nc -vz -w 3 ${server.replace(/^\[?(.*?)\]?:(\d+)$/, '$1 $2')}` } },
      { title: 'Look for drop rules on the path', action: { kind: 'command', command: 'nft list ruleset | grep -n drop' } },
    ],
    references: [RFC9293_3_5_2],
    groupTitle: (n) => `${n} connection attempts to ${server} got no answer`,
  }];
}

/**
 * tcp.handshake.stale-ack: a SYN answered by a bare ACK for another sequence
 * space (RFC 5961 §4 challenge ACK, RFC 9293 §3.10.7.4): the server or a
 * middlebox still holds an older connection on the same 4-tuple.
 */
export function staleAckRule(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
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
    const rst = flow.control.find((k) => k > i && ctx.fromClient(flow, k) && (ctx.tcpFlags(k) & TH_RST));
    const { client, server } = flow.summary;
    return [{
      rule: 'tcp.handshake.stale-ack', severity: 'warning', confidence: 'high', stream: flow.summary.stream, client, server,
      packets: [first + 1, i + 1, ...(rst !== undefined ? [rst + 1] : [])],
      title: `SYN to ${server} answered by an ACK for an old connection on the same ports (frame ${i + 1})`,
      explanation: `Instead of a SYN/ACK, the SYN (frame ${first + 1}) got a bare ACK (frame ${i + 1}) acknowledging ${ix.ack[i]}, not the SYN's sequence number + 1 (${expected}). The peer (or a stateful firewall/NAT) still has an older connection on ${client} ↔ ${server} and sends a challenge ACK (RFC 5961 §4); the client ${rst !== undefined ? `resets it (frame ${rst + 1}) and ` : ''}retries. Typical causes: client port reuse while the server keeps the old connection in TIME_WAIT or ESTABLISHED (a half-open connection after a client crash), or a middlebox whose state outlived the connection.`,
      fixes: [
        { title: 'Widen the client\'s ephemeral port range so ports are reused less often', action: { kind: 'sysctl', key: 'net.ipv4.ip_local_port_range', value: '15000 65000', where: 'client' } },
      ],
      references: [RFC5961_4, RFC9293_3_10_7],
      groupTitle: (n) => `${n} SYNs to ${server} answered by stale ACKs`,
    }];
  }
  return [];
}

/** A client that resets right after a SYN/ACK for another reason than the timestamp echo. */
export function handshakeResetRule(ctx: DiagnosisContext, flow: TcpFlow, already: Occurrence[]): Occurrence[] {
  if (flow.summary.outcome !== 'handshake-reset-by-client' || already.some((o) => o.rule === 'tcp.handshake.tsecr-mismatch' || o.rule === 'tcp.handshake.stale-ack')) return [];
  const sa = serverSynAcks(ctx, flow)[0];
  if (sa === undefined) return [];
  const rst = resetAnswering(ctx, flow, sa) ?? flow.control.find((i) => i > sa && ctx.fromClient(flow, i) && (ctx.tcpFlags(i) & TH_RST));
  if (rst === undefined) return [];
  const { client, server } = flow.summary;
  return [{
    rule: 'tcp.handshake.reset-by-client', severity: 'error', confidence: 'medium', stream: flow.summary.stream, client, server,
    packets: [clientSyns(ctx, flow)[0] + 1, sa + 1, rst + 1],
    title: `Client ${client} resets the handshake with ${server} after the SYN/ACK (frame ${rst + 1})`,
    explanation: `The server answered with a SYN/ACK (frame ${sa + 1}) but the client sent a RST (frame ${rst + 1}) instead of completing the handshake. Its options look conformant, so the usual reasons are: the client's socket was closed or timed out meanwhile (the SYN/ACK arrived ${elapsedText(ctx.seconds(clientSyns(ctx, flow)[0], sa), 3)} s after the SYN), the SYN/ACK's ack number does not match the SYN, or a host firewall on the client drops the connection.`,
    fixes: [], references: [RFC9293_3_10_7],
    groupTitle: (n) => `${n} handshakes with ${server} reset by the client`,
  }];
}
