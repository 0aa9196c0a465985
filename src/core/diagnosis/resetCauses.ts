import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { gtSeq, ltSeq } from '../flows/seqMath';
import type { SenderCheck } from '../verdicts/senderCheck';
import type { DiagnosisContext } from './context';

/**
 * Why a RST after the handshake was sent, one cause per RST, tried in this order:
 * - injected: its claimed sender could not have sent it (the sender verdict: too soon after its
 *   trigger for the round trip, or a TTL from another path, or the sender talks on after it);
 * - after-fin: its sender had closed already (normal close by reset);
 * - out-of-window: the peer ignores it (RFC 5961 §3.2);
 * - half-open: its sender shows no state for the connection (first packet of its side, no ACK flag,
 *   or after more than a minute of silence);
 * - abortive: an abort instead of a FIN, with or without unread data.
 */
export type ResetCause = 'injected' | 'after-fin' | 'out-of-window' | 'half-open' | 'abortive';

export interface ResetFact {
  rst: number;
  cause: ResetCause;
  fromClient: boolean;
  sender: SenderCheck;
  /** out-of-window: the peer's last ACK and window. */
  peerAck?: { ack: number; window: number; packet: number };
  /** half-open: the sender's previous packet (-1 none) and the silence before the RST. */
  previous: number;
  silence: number;
  /** abortive: the peer's last data, still unread when the RST came (-1 none). */
  unread: number;
}

/** Seconds of silence after which a RST means the sender forgot the connection. */
const HALF_OPEN_SILENCE = 60;

/** The causes of a flow's RSTs, computed once per flow and read by the five reset rules. */
export function resetCauses(ctx: DiagnosisContext, flow: TcpFlow): ResetFact[] {
  return ctx.memo(flow, 'resetCauses', () => classify(ctx, flow));
}

function classify(ctx: DiagnosisContext, flow: TcpFlow): ResetFact[] {
  const o = flow.summary.outcome;
  if (o === 'refused' || o === 'no-answer' || o === 'handshake-reset-by-client' || o === 'handshake-incomplete') return [];
  const ix = ctx.index;
  const out: ResetFact[] = [];
  const finFrom = [false, false];
  for (const r of flow.control) {
    const flags = ctx.tcpFlags(r);
    const fromClient = ctx.fromClient(flow, r);
    const side = fromClient ? 0 : 1;
    if (flags & TH_FIN) {
      finFrom[side] = true;
      continue;
    }
    if (!(flags & TH_RST) || flags & TH_SYN) continue;
    const sender = ctx.verdicts.sender(flow, r);
    const fact: ResetFact = { rst: r, cause: 'abortive', fromClient, sender, previous: -1, silence: Infinity, unread: -1 };
    out.push(fact);
    if (!sender.plausible) {
      fact.cause = 'injected';
      continue;
    }
    if (finFrom[side] || (finFrom[side ^ 1] && flags & TH_ACK && ix.payloadLen(r) === 0 && finFrom[0] && finFrom[1])) {
      fact.cause = 'after-fin';
      continue;
    }
    const peerAck = lastAckFromPeer(ctx, flow, r, fromClient);
    if (peerAck && (ltSeq(ix.seq[r], peerAck.ack) || gtSeq(ix.seq[r], (peerAck.ack + peerAck.window) >>> 0))) {
      fact.cause = 'out-of-window';
      fact.peerAck = peerAck;
      continue;
    }
    fact.previous = previousFrom(ctx, flow, r, fromClient);
    fact.silence = fact.previous < 0 ? Infinity : ctx.seconds(fact.previous, r);
    if (!(flags & TH_ACK) || fact.previous < 0 || fact.silence > HALF_OPEN_SILENCE) {
      fact.cause = 'half-open';
      continue;
    }
    const peerSide = side ^ 1;
    const last = flow.lastData[peerSide];
    if (last >= 0 && last < r && last > flow.lastData[side]) fact.unread = last;
  }
  return out;
}

function lastAckFromPeer(ctx: DiagnosisContext, flow: TcpFlow, r: number, rstFromClient: boolean): { ack: number; window: number; packet: number } | undefined {
  let found = -1;
  for (let i = ctx.firstOf(flow); i >= 0 && i < r; i = ctx.next(i)) {
    if (ctx.fromClient(flow, i) !== rstFromClient && ctx.tcpFlags(i) & TH_ACK) found = i;
  }
  if (found < 0) return undefined;
  return { ack: ctx.index.ack[found], window: ctx.verdicts.effectiveWindow(found).bytes, packet: found };
}

/** The sender's packet before r in this flow, or -1. */
export function previousFrom(ctx: DiagnosisContext, flow: TcpFlow, r: number, fromClient: boolean): number {
  let found = -1;
  for (let i = ctx.firstOf(flow); i >= 0 && i < r; i = ctx.next(i)) if (ctx.fromClient(flow, i) === fromClient) found = i;
  return found;
}
