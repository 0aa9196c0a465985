import { TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { legFloor } from '../verdicts/pathRtt';
import type { DiagnosisContext, Draft } from './context';
import { RFC9293_3_7_4 } from './references';

/** Delayed ACK timers: Linux 40 ms minimum (TCP_DELACK_MIN), Windows 200 ms; RFC 9293 allows up to 500 ms. */
const DELACK_MIN = 0.03;
const DELACK_MAX = 0.5;
/** The held write leaves this soon after the ACK that releases it. */
const RELEASE_MAX = 0.005;
/** Stalls on one connection before it is a pattern, not a coincidence. */
const MIN_STALLS = 3;

interface Stall {
  data: number;
  ack: number;
  release: number;
  pause: number;
}

/**
 * tcp.transfer.nagle-delayed-ack: a small segment, then nothing until the peer's bare ACK of it
 * arrives ~40 ms (Linux) to 200 ms (Windows) later — far longer than the round trip — and the
 * sender's next small segment leaves at once after that ACK. Nagle's algorithm (RFC 9293
 * §3.7.4) held the second write until the first was acknowledged, and the peer, with nothing to
 * send until the request is complete, delayed that ACK.
 */
export function nagleDelayedAckRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const ix = ctx.index;
  const legs = ctx.verdicts.pathRtt(flow);
  const c = legFloor(legs.client),
    s = legFloor(legs.server);
  const rtt = c && s ? c.seconds + s.seconds : (flow.summary.irtt ?? NaN);
  const stalls: [Stall[], Stall[]] = [[], []];
  // Per side: its last data segment not followed by anything from the peer yet; then the ACK that released it.
  const pending = [-1, -1];
  const released: Array<{ data: number; ack: number } | undefined> = [undefined, undefined];
  for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i)) continue;
    const side = ctx.fromClient(flow, i) ? 0 : 1,
      peer = side ^ 1;
    const len = ix.payloadLen(i);
    const r = released[side];
    if (r && len > 0) {
      const gap = ctx.seconds(r.ack, i);
      if (gap <= RELEASE_MAX) stalls[side].push({ ...r, release: i, pause: ctx.seconds(r.data, r.ack) });
    }
    released[side] = undefined;
    const flags = ctx.tcpFlags(i);
    const p = pending[peer];
    if (p >= 0 && len === 0 && !(flags & (TH_SYN | TH_FIN | TH_RST)) && ix.ack[i] === (ix.seq[p] + ix.payloadLen(p)) >>> 0) {
      const pause = ctx.seconds(p, i);
      if (pause >= DELACK_MIN && pause <= DELACK_MAX && !(pause < 10 * rtt)) released[peer] = { data: p, ack: i };
    }
    pending[peer] = -1;
    pending[side] = len > 0 ? i : pending[side];
  }
  const { client, server, stream } = flow.summary;
  const out: Draft[] = [];
  for (const side of [0, 1] as const) {
    const found = stalls[side];
    if (found.length < MIN_STALLS) continue;
    const sender = side ? `server ${server}` : `client ${client}`;
    const peer = side ? `client ${client}` : `server ${server}`;
    const total = found.reduce((sum, x) => sum + x.pause, 0);
    const first = found[0];
    const typical = found.map((x) => x.pause).sort((a, b) => a - b)[found.length >> 1];
    out.push({
      severity: 'warning',
      confidence: 'high',
      stream,
      client,
      server,
      side: side ? 'server' : 'client',
      packets: [first.data + 1, first.ack + 1, first.release + 1],
      about: { peer: side ? 'client' : 'server' },
      title: `Nagle × delayed ACK: the ${sender} waited ~${(typical * 1000).toFixed(0)} ms for an ACK before each of ${found.length} small writes (${(total * 1000).toFixed(0)} ms in all)`,
      explanation: `The ${sender} sent a small segment (frame ${first.data + 1}) and its next one left only when the ${peer}'s bare ACK came back ${(first.pause * 1000).toFixed(1)} ms later (frames ${first.ack + 1} → ${first.release + 1})${rtt > 0 ? `, while the round trip is ${(rtt * 1000).toFixed(2)} ms` : ''}. Nagle's algorithm holds a small write while earlier data is unacknowledged; the ${peer}, with nothing to send until the message is complete, delays its ACK (Linux: 40 ms, Windows: 200 ms). Each exchange written in two or more pieces pays that delay: ${found.length} times on this connection. The fix is in the application that writes: TCP_NODELAY, or one write per message.`,
      references: [RFC9293_3_7_4],
      groupTitle: (n) => `Nagle × delayed-ACK stalls on ${n} connections with ${server}`,
    });
  }
  return out;
}
