import { TH_ACK, TH_FIN, TH_SYN } from '../decode/tcp';
import { gtSeq } from '../flows/seqMath';
import type { DiagnosisContext } from './context';

/**
 * Longest an ACK may precede, in the capture, the data it acknowledges for the two to count as
 * reordered by the capture. Anything later is not that data's copy arriving late but the sender
 * resending it, which needs a retransmission timeout (≥ 200 ms on Linux, RFC 6298 §2.4: 1 s).
 */
const MAX_LEAD_SECONDS = 0.2;

/** One packet that acknowledged bytes the capture only showed afterwards. */
export interface EarlyAck {
  /** The packet (0-based) that acknowledges (or answers) data not yet in the capture. */
  ack: number;
  /** The packet that then brought the last of that data, first time in the capture. */
  data: number;
  /** Seconds the acknowledgment came before its data. */
  lead: number;
  stream: number;
}

/**
 * What a capture that reorders its two directions leaves behind (a SPAN port's separate queues for
 * the frames a port receives and sends): a packet acknowledging bytes that appear in the capture
 * only afterwards, for the first time, moments later. A receiver can only acknowledge what it got,
 * so on a capture point on the path the data always comes first; when it comes after, the capture
 * put it there. Bytes acknowledged and never captured are a different thing (capture.drops).
 */
export interface AckedAhead {
  early: EarlyAck[];
  /** ACKs of `early`, for rules that read tshark's "ACKed unseen segment" flags. */
  earlyAcks: Set<number>;
  /** Data packets that first appeared after an ACK already covered them: late copies, not resends. */
  late: Set<number>;
}

const cache = new WeakMap<DiagnosisContext, AckedAhead>();

/** Computed once per capture, read by capture.reorder, capture.drops and the transfer rules. */
export function ackedAhead(ctx: DiagnosisContext): AckedAhead {
  let facts = cache.get(ctx);
  if (!facts) cache.set(ctx, (facts = compute(ctx)));
  return facts;
}

function compute(ctx: DiagnosisContext): AckedAhead {
  const ix = ctx.index;
  const out: AckedAhead = { early: [], earlyAcks: new Set(), late: new Set() };
  for (const flow of ctx.flows) {
    // Per side: the end of the highest byte captured, whether any was, the highest ACK for its
    // bytes from the other side, and the ACKs still waiting for its bytes (in increasing order).
    const end = [0, 0],
      seen = [false, false],
      ackedTo = [0, 0],
      acked = [false, false];
    const waiting: [number[], number[]] = [[], []];
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const side = ctx.fromClient(flow, i) ? 0 : 1,
        peer = side ^ 1;
      const flags = ctx.tcpFlags(i);
      const len = ix.payloadLen(i);
      if (len > 0 || flags & (TH_SYN | TH_FIN)) {
        const last = (ix.seq[i] + len + (flags & (TH_SYN | TH_FIN) ? 1 : 0)) >>> 0;
        if (!seen[side] || gtSeq(last, end[side])) {
          if (seen[side] && acked[side] && !gtSeq(last, ackedTo[side])) out.late.add(i);
          end[side] = last;
          seen[side] = true;
          const w = waiting[side];
          while (w.length && !gtSeq(ix.ack[w[0]], last)) {
            const a = w.shift()!;
            const lead = ctx.seconds(a, i);
            if (lead <= MAX_LEAD_SECONDS) {
              out.early.push({ ack: a, data: i, lead, stream: flow.stream });
              out.earlyAcks.add(a);
              out.late.add(i);
            }
          }
        }
      }
      if (!(flags & TH_ACK)) continue;
      const ack = ix.ack[i];
      if (!acked[peer] || gtSeq(ack, ackedTo[peer])) {
        ackedTo[peer] = ack;
        acked[peer] = true;
      }
      const w = waiting[peer];
      if (seen[peer] && gtSeq(ack, end[peer]) && (!w.length || gtSeq(ack, ix.ack[w[w.length - 1]]))) w.push(i);
    }
  }
  out.early.sort((x, y) => x.ack - y.ack);
  return out;
}
