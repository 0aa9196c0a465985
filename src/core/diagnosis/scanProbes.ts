import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import { TH_ACK, TH_RST, TH_SYN } from '../decode/tcp';
import { unreachableFor } from '../flows/icmpErrors';
import type { TcpFlow } from '../flows/tcpConversations';
import { endpointsOf } from '../verdicts/roles';
import { isFromClient, tcpFlagsOf } from '../verdicts/streamRef';

/** How a target answered one probe: SYN/ACK, RST/ACK, ICMP unreachable, or nothing. */
export type ProbeAnswer = 'open' | 'closed' | 'unreachable' | 'silent';

/**
 * A connection attempt that carried no data: the client's SYN, whatever came back, and at most
 * a RST or a FIN exchange to end it — what a port scanner or a host sweep leaves behind.
 */
export interface Probe {
  stream: number;
  targetAddr: number;
  port: number;
  sourcePort: number;
  answer: ProbeAnswer;
  /** The client's first SYN, and the server's SYN/ACK or RST/ACK (or the ICMP error) answering it (-1 none). */
  syn: number;
  reply: number;
}

/** One source's connection attempts: its probes, and how many attempts it made in all. */
export interface SourceAttempts {
  sourceAddr: number;
  probes: Probe[];
  /** Attempts (flows with the client's SYN) per target address and per target port, probes or not. */
  attemptsByTarget: Map<number, number>;
  attemptsByPort: Map<number, number>;
}

/** Connection attempts per source address, from the flows' facts (roles, outcome, control segments). */
export function attemptsBySource(capture: Capture, flows: readonly TcpFlow[]): Map<number, SourceAttempts> {
  const ix = capture.index;
  const out = new Map<number, SourceAttempts>();
  for (const flow of flows) {
    if (flow.summary.clientBy !== 'syn') continue;
    const roles = endpointsOf(ix, flow);
    let s = out.get(roles.clientAddr);
    if (!s) out.set(roles.clientAddr, (s = { sourceAddr: roles.clientAddr, probes: [], attemptsByTarget: new Map(), attemptsByPort: new Map() }));
    s.attemptsByTarget.set(roles.serverAddr, (s.attemptsByTarget.get(roles.serverAddr) ?? 0) + 1);
    s.attemptsByPort.set(roles.serverPort, (s.attemptsByPort.get(roles.serverPort) ?? 0) + 1);
    if (flow.firstData[0] >= 0 || flow.firstData[1] >= 0) continue;
    let syn = -1,
      synAck = -1,
      rstAck = -1;
    for (const i of flow.control) {
      const f = tcpFlagsOf(ix, i);
      const fromClient = isFromClient(ix, flow, i);
      if (fromClient && (f & (TH_SYN | TH_ACK)) === TH_SYN && syn < 0) syn = i;
      else if (!fromClient && (f & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && synAck < 0) synAck = i;
      else if (!fromClient && (f & (TH_RST | TH_ACK)) === (TH_RST | TH_ACK) && rstAck < 0 && synAck < 0) rstAck = i;
    }
    const icmp = synAck < 0 && rstAck < 0 ? unreachableFor(capture, flow.stream) : undefined;
    const answer: ProbeAnswer = synAck >= 0 ? 'open' : rstAck >= 0 ? 'closed' : icmp ? 'unreachable' : 'silent';
    s.probes.push({
      stream: flow.stream,
      targetAddr: roles.serverAddr,
      port: roles.serverPort,
      sourcePort: roles.clientPort,
      answer,
      syn,
      reply: synAck >= 0 ? synAck : rstAck >= 0 ? rstAck : icmp ? icmp.packet : -1,
    });
  }
  return out;
}

/** ICMP echo requests a source sent, per target address, and which targets replied. */
export interface PingSweep {
  asked: Set<number>;
  answered: Set<number>;
  firstRequest: number;
}

export function echoesBySource(capture: Capture): Map<number, PingSweep> {
  const ix = capture.index;
  const out = new Map<number, PingSweep>();
  const replies: Array<[number, number]> = [];
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    if (p !== ProtoCode.Icmp && p !== ProtoCode.Icmpv6) continue;
    const type = ix.sport[i];
    const request = p === ProtoCode.Icmp ? type === 8 : type === 128;
    const reply = p === ProtoCode.Icmp ? type === 0 : type === 129;
    if (request) {
      let s = out.get(ix.src[i]);
      if (!s) out.set(ix.src[i], (s = { asked: new Set(), answered: new Set(), firstRequest: i }));
      s.asked.add(ix.dst[i]);
    } else if (reply) replies.push([ix.dst[i], ix.src[i]]);
  }
  for (const [source, target] of replies) {
    const s = out.get(source);
    if (s?.asked.has(target)) s.answered.add(target);
  }
  return out;
}
