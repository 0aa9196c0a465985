import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { analysisBit } from '../index/analysisFlags';
import type { PacketIndex } from '../index/packetIndex';
import type { StreamRef } from './streamRef';
import { isFromClient, tcpFlagsOf } from './streamRef';
import type { TimestampEcho } from './timestampEcho';

/**
 * One measured round trip between the capture point and one side: `from` passed the capture point
 * towards that side, `to` is that side's answer passing it back.
 */
export interface LegSample {
  seconds: number;
  from: number;
  to: number;
  how: 'handshake' | 'data-ack';
}

/**
 * The round trip between the capture point and each side, the floor any answer from that side
 * needs: SYN → SYN/ACK measures the server's leg, SYN/ACK → ACK the client's, and a segment →
 * the pure ACK that acknowledges it either (the smallest: delayed ACKs only add). RSTs, SYN/ACKs
 * answering nothing and ACKs of retransmitted data never count — they are what is being judged or
 * ambiguous (Karn). The two smallest samples per side are kept, so a packet under judgement can
 * be left out of its own floor.
 */
export interface PathRtt {
  question: 'path-rtt';
  client: LegSample[];
  server: LegSample[];
}

const A_RESENT = analysisBit('retransmission') | analysisBit('fast_retransmission') | analysisBit('spurious_retransmission') | analysisBit('out_of_order');
const KEPT = 2;

export function pathRtt(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, echoes: readonly TimestampEcho[]): PathRtt {
  const out: PathRtt = { question: 'path-rtt', client: [], server: [] };
  const add = (side: LegSample[], s: LegSample) => {
    if (!(s.seconds >= 0)) return;
    side.push(s);
    side.sort((a, b) => a.seconds - b.seconds);
    if (side.length > KEPT) side.length = KEPT;
  };
  const echoOf = new Map(echoes.map((e) => [e.synAck, e]));
  let lastSyn = -1;
  for (const i of ref.control) {
    const flags = tcpFlagsOf(ix, i);
    if (flags & TH_RST) continue;
    const fromClient = isFromClient(ix, ref, i);
    if ((flags & (TH_SYN | TH_ACK)) === TH_SYN && fromClient) lastSyn = i;
    else if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !fromClient) {
      // The SYN a SYN/ACK answers: the one its TSecr echoes, else the latest whose ISN it acknowledges.
      const e = echoOf.get(i);
      const syn = e?.echoed ?? (lastSyn >= 0 && ix.ack[i] === (ix.seq[lastSyn] + 1) >>> 0 ? lastSyn : -1);
      if (syn >= 0) add(out.server, { seconds: ix.secondsBetween(syn, i), from: syn, to: i, how: 'handshake' });
      const ack = e?.client === 'accepted' ? e.answer! : e ? -1 : acceptingAck(ix, extras, ref, i);
      if (ack >= 0) add(out.client, { seconds: ix.secondsBetween(i, ack), from: i, to: ack, how: 'handshake' });
    }
  }
  for (let i = extras.firstInStream[ref.stream]; i >= 0; i = extras.nextInStream[i]) {
    const j = extras.acksFrame[i];
    // A SYN/ACK and the ACK of it are the handshake's samples already.
    if (j < 0 || ix.payloadLen(i) !== 0 || tcpFlagsOf(ix, i) & (TH_SYN | TH_FIN | TH_RST) || tcpFlagsOf(ix, j) & TH_SYN || ix.analysis[j] & A_RESENT) continue;
    const fromClient = isFromClient(ix, ref, i);
    if (isFromClient(ix, ref, j) === fromClient) continue;
    add(fromClient ? out.client : out.server, { seconds: ix.secondsBetween(j, i), from: j, to: i, how: 'data-ack' });
  }
  return out;
}

/** The client's first pure ACK after a SYN/ACK, acknowledging it. */
function acceptingAck(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, sa: number): number {
  for (let i = extras.nextInStream[sa], n = 0; i >= 0 && n < 64; i = extras.nextInStream[i], n++) {
    if (!isFromClient(ix, ref, i)) continue;
    const flags = tcpFlagsOf(ix, i);
    return (flags & (TH_SYN | TH_RST | TH_ACK)) === TH_ACK && ix.ack[i] === (ix.seq[sa] + 1) >>> 0 ? i : -1;
  }
  return -1;
}

/** The floor for an answer from one side, leaving out the packet being judged. */
export function legFloor(samples: readonly LegSample[], exclude = -1): LegSample | undefined {
  return samples.find((s) => s.to !== exclude);
}
