import { OPT_TIMESTAMP } from '../decode/fields';
import { TH_ACK, TH_RST, TH_SYN } from '../decode/tcp';
import { gtSeq, leSeq } from '../flows/seqMath';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import type { PacketIndex } from '../index/packetIndex';
import type { StreamRef } from './streamRef';
import { isFromClient, tcpFlagsOf } from './streamRef';
import type { ClientAnswer, TimestampEchoKind } from './verdictKinds';

export type { ClientAnswer, TimestampEchoKind } from './verdictKinds';

/** The timestamp-echo verdict of one SYN/ACK (the kinds: verdictKinds.ts). */
export interface TimestampEcho {
  question: 'timestamp-echo';
  kind: TimestampEchoKind;
  synAck: number;
  tsval: number;
  tsecr: number;
  /** The latest client SYN before the SYN/ACK (with a timestamp option, when one had it), and its TSval. */
  syn: number | undefined;
  synTsval: number | undefined;
  /** The SYN whose TSval the SYN/ACK echoes. */
  echoed: number | undefined;
  /** What RFC 7323 §3.2 says; undefined when the SYN is not in the capture. */
  conformant: boolean | undefined;
  /**
   * What a Linux client does with it: tcp_rcv_synsent_state_process() rejects (with a RST) only a
   * non-zero TSecr outside [retrans_stamp, now] — the time its SYNs of this attempt were sent.
   */
  linux: 'accepts' | 'rejects';
  client: ClientAnswer;
  /** The client's RST, ACK or repeated SYN that is its answer. */
  answer: number | undefined;
}

/** Timestamp ticks of slack on "now": the capture point is not the client, and the clock ticks in ms. */
const NOW_SLACK_TICKS = 1000;
/** Client packets looked at after a SYN/ACK for its answer. */
const ANSWER_WINDOW = 64;

/** The client's SYNs seen so far: the latest, and those with a timestamp option in order. */
interface SynsSoFar {
  latest: number;
  withTs: number[];
}

/** One verdict per SYN/ACK from the server that carries a timestamp option, in order. */
export function timestampEchoes(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef): TimestampEcho[] {
  const out: TimestampEcho[] = [];
  const syns: SynsSoFar = { latest: -1, withTs: [] };
  for (const i of ref.control) {
    const flags = tcpFlagsOf(ix, i);
    if (flags & TH_RST) continue;
    const fromClient = isFromClient(ix, ref, i);
    if ((flags & (TH_SYN | TH_ACK)) === TH_SYN && fromClient) {
      syns.latest = i;
      if (ix.optMask[i] & OPT_TIMESTAMP) syns.withTs.push(i);
    } else if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !fromClient && ix.optMask[i] & OPT_TIMESTAMP) out.push(judge(ix, extras, ref, i, syns));
  }
  return out;
}

function judge(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, sa: number, syns: SynsSoFar): TimestampEcho {
  const tsval = ix.tsval[sa];
  const tsecr = ix.syns.tsecr[ix.syns.find(sa)];
  const { client, answer } = clientAnswer(ix, extras, ref, sa);
  const { withTs } = syns;
  const latest = withTs.length ? withTs[withTs.length - 1] : -1;
  let kind: TimestampEchoKind,
    echoed: number | undefined,
    inRange = false;
  if (syns.latest < 0) kind = 'no-syn';
  else if (latest < 0) kind = 'syn-without-ts';
  else {
    for (let k = withTs.length - 1; k >= 0 && echoed === undefined; k--) if (ix.tsval[withTs[k]] === tsecr) echoed = withTs[k];
    kind = echoed === latest ? 'echoes' : echoed !== undefined ? 'echoes-earlier' : tsecr === 0 ? (tsval === 0 ? 'zero-both' : 'zero-tsecr') : 'mismatch';
    // The attempt's SYNs share the latest one's ISN; retrans_stamp is when the first of them was sent.
    let first = latest;
    for (let k = withTs.length - 2; k >= 0 && ix.seq[withTs[k]] === ix.seq[latest]; k--) first = withTs[k];
    const elapsedTicks = Math.ceil(Math.max(0, ix.secondsBetween(latest, sa) || 0) * 1000);
    inRange = leSeq(ix.tsval[first], tsecr) && !gtSeq(tsecr, (ix.tsval[latest] + elapsedTicks + NOW_SLACK_TICKS) >>> 0);
  }
  // One object shape for every verdict (thousands per capture).
  return {
    question: 'timestamp-echo',
    kind,
    synAck: sa,
    tsval,
    tsecr,
    syn: kind === 'no-syn' ? undefined : kind === 'syn-without-ts' ? syns.latest : latest,
    synTsval: latest >= 0 ? ix.tsval[latest] : undefined,
    echoed,
    conformant: kind === 'no-syn' ? undefined : kind === 'echoes' || kind === 'echoes-earlier',
    linux: kind === 'syn-without-ts' || tsecr === 0 || inRange ? 'accepts' : 'rejects',
    client,
    answer,
  };
}

/** The client's first packet after the SYN/ACK says what it made of it. */
function clientAnswer(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, sa: number): { client: ClientAnswer; answer: number | undefined } {
  let seen = 0;
  for (let i = extras.nextInStream[sa]; i >= 0 && seen < ANSWER_WINDOW; i = extras.nextInStream[i], seen++) {
    if (!isFromClient(ix, ref, i)) continue;
    const flags = tcpFlagsOf(ix, i);
    // RFC 9293 §3.10.7.3: the reset to an unacceptable SYN/ACK carries seq = its ack.
    if (flags & TH_RST) return ix.seq[i] === ix.ack[sa] || flags & TH_ACK ? { client: 'rejected', answer: i } : { client: 'unknown', answer: undefined };
    if (flags & TH_SYN) return flags & TH_ACK ? { client: 'unknown', answer: undefined } : { client: 'ignored', answer: i };
    if (flags & TH_ACK && ix.ack[i] === (ix.seq[sa] + 1) >>> 0) return { client: 'accepted', answer: i };
    return { client: 'unknown', answer: undefined };
  }
  return { client: 'unknown', answer: undefined };
}

/** A short tag naming the verdict, carried by every surface that renders it. */
export function timestampEchoTag(v: TimestampEcho): string {
  return `timestamp-echo:${v.kind}:${v.client}`;
}
