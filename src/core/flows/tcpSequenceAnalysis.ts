import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import { analysisBit } from '../index/analysisFlags';
import type { PacketIndex } from '../index/packetIndex';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { OPT_SACK, ProtoCode } from '../decode/fields';
import { gtSeq, leSeq, ltSeq } from './seqMath';
import { UnackedSegments } from './unackedSegments';

const A_RETRANSMISSION = analysisBit('retransmission');
const A_FAST_RETRANSMISSION = analysisBit('fast_retransmission');
const A_SPURIOUS = analysisBit('spurious_retransmission');
const A_OUT_OF_ORDER = analysisBit('out_of_order');
const A_LOST = analysisBit('lost_segment');
const A_ACK_LOST = analysisBit('ack_lost_segment');
const A_DUP_ACK = analysisBit('duplicate_ack');
const A_ZERO_WINDOW = analysisBit('zero_window');
const A_ZWP = analysisBit('zero_window_probe');
const A_ZWP_ACK = analysisBit('zero_window_probe_ack');
const A_WINDOW_FULL = analysisBit('window_full');
const A_WINDOW_UPDATE = analysisBit('window_update');
const A_KEEP_ALIVE = analysisBit('keep_alive');
const A_KEEP_ALIVE_ACK = analysisBit('keep_alive_ack');

/** packet-tcp.c caps the unacked list so a one-way capture cannot grow it forever. */
const MAX_UNACKED_SEGMENTS = 10000;
const NO_WINDOW = 0xffffffff;

/** Per-direction state (packet-tcp.c's tcp_flow_t and its tcp_analyze_seq_info). */
class Direction {
  /** ISN of the last SYN or SYN/ACK sent in this direction, -1 before any. */
  isn = -1;
  nextseq = 0;
  nextseqFrame = -1;
  nextseqTime = 0;
  maxSeqToBeAcked = 0;
  lastAck = 0;
  lastAckTime = 0;
  window = NO_WINDOW;
  lastSegmentFlags = 0;
  dupAckNum = 0;
  lastNonDupAck = -1;
  validBif = false;
  /**
   * Bytes covered by the SACK blocks (at most three) of the last segment this side sent: the peer's
   * bytes in flight leave them out, as tshark 4.0 does. A segment without SACK blocks clears them
   * (tshark 4.0.17: after an ACK without SACK the peer's next segment counts its full flight).
   */
  sacked = 0;
  /**
   * Made on the first segment and dropped once everything is acknowledged: a finished connection
   * keeps no list, so tens of thousands of short flows cost a few numbers each.
   */
  unacked: UnackedSegments | undefined;
}

/** Per-packet outputs beyond the flag bits. */
export interface TcpAnalysisExtras {
  /**
   * 0-based index of the segment this packet acknowledges (tcp.analysis.acks_frame); -1 when none.
   * The ACK RTT is the time between the two (ackRttOf): no column of its own.
   */
  acksFrame: Int32Array;
  /** Bytes in flight after this segment (tcp.analysis.bytes_in_flight); 0 when not computed. */
  bytesInFlight: Uint32Array;
  /** For duplicate ACKs: [dup number, 0-based index of the original ACK]. */
  dupAck: Map<number, [number, number]>;
  /**
   * ACKs beyond what the other side was seen sending, reported "ACKed unseen segment" or not: tshark's
   * check gives each a [SEQ/ACK analysis] of its own (with the iRTT) even when it stays quiet.
   */
  aheadAcks: Set<number>;
  /** Per stream: initial RTT in seconds (SYN → first pure ACK), NaN when not seen. */
  irtt: Float64Array;
  /**
   * The next packet of the same TCP stream (-1 at the end), and each stream's
   * first packet: rules walk one conversation without scanning the others.
   */
  nextInStream: Int32Array;
  firstInStream: Int32Array;
}

/** Seconds from the segment packet i acknowledges to packet i (tcp.analysis.ack_rtt), or undefined. */
export function ackRttOf(ix: PacketIndex, extras: TcpAnalysisExtras, i: number): number | undefined {
  const j = extras.acksFrame[i];
  if (j < 0) return undefined;
  if (!ix.hasTime(i) || !ix.hasTime(j)) return undefined;
  return Math.round((ix.seconds(i) - ix.seconds(j)) * 1e9 + (ix.nsec[i] - ix.nsec[j])) / 1e9;
}

export function isTcpProto(proto: number): boolean {
  return proto === ProtoCode.Tcp || proto === ProtoCode.Http || proto === ProtoCode.Tls;
}

/**
 * Wireshark's tcp.analysis.* rules (packet-tcp.c, tcp_analyze_sequence_number),
 * evaluated in the same order and over the same state, in one pass over the
 * index. Sets the analysis bits of every TCP packet.
 */
/** The SACK blocks of packet i as [left, right) raw sequence numbers (read from its bytes). */
export type SackReader = (i: number) => ReadonlyArray<readonly [number, number]>;

/** tshark keeps the first three blocks of a SACK option for the bytes-in-flight count (MAX_TCP_SACK_RANGES − 1). */
const SACK_BLOCKS_KEPT = 3;
const NO_SACK_BLOCKS: ReadonlyArray<readonly [number, number]> = [];

export function analyzeTcpSequences(ix: PacketIndex, sackBlocks?: SackReader): TcpAnalysisExtras {
  const n = ix.count;
  const streams = ix.tcpStreams;
  // Packed from the start (every slot filled) so element access stays on V8's fast path.
  const dirs: Array<Direction | undefined> = new Array<Direction | undefined>(streams.count * 2).fill(undefined);
  const mruSyn = new Float64Array(streams.count).fill(NaN);
  const out: TcpAnalysisExtras = {
    acksFrame: new Int32Array(n).fill(-1),
    bytesInFlight: new Uint32Array(n),
    dupAck: new Map(),
    aheadAcks: new Set(),
    irtt: new Float64Array(streams.count).fill(NaN),
    nextInStream: new Int32Array(n).fill(-1),
    firstInStream: new Int32Array(streams.count).fill(-1),
  };
  const lastInStream = new Int32Array(streams.count).fill(-1);
  const sec0 = ix.firstTimed >= 0 ? ix.seconds(ix.firstTimed) : 0;
  const untimed = ix.untimed;
  let now = 0;
  let drop = new Uint8Array(64);
  // Columns in locals: the loop reads them for every packet.
  const {
    stream: streamCol,
    proto: protoCol,
    flags: flagsCol,
    seq: seqCol,
    ack: ackCol,
    payloadLen16: lenCol,
    win: winCol,
    sec: secCol,
    nsec: nsecCol,
    analysis: analysisCol,
  } = ix;

  for (let i = 0; i < n; i++) {
    const s = streamCol[i];
    if (s < 0 || !isTcpProto(protoCol[i])) continue;
    if (lastInStream[s] < 0) out.firstInStream[s] = i;
    else out.nextInStream[lastInStream[s]] = i;
    lastInStream[s] = i;
    const pf = flagsCol[i];
    const d = pf & PF_DIRECTION_B ? 1 : 0;
    let fwd = dirs[s * 2 + d];
    if (!fwd) fwd = dirs[s * 2 + d] = new Direction();
    let rev = dirs[s * 2 + (d ^ 1)];
    if (!rev) rev = dirs[s * 2 + (d ^ 1)] = new Direction();

    const flags = pf & 0x0fff;
    const seq = seqCol[i];
    const ack = ackCol[i];
    const pl = lenCol[i];
    const seglen = pl === 0xffff ? ix.payloadLen(i) : pl;
    const window = winCol[i];
    // Nanoseconds since the first timed packet's second: exact for captures up to ~104 days.
    // A packet without timestamp (pcapng Simple Packet Block) keeps the time of the one before it.
    if (untimed.size === 0 || !untimed.has(i)) {
      const sec = secCol[i];
      now = ((sec === 0xffffffff ? ix.seconds(i) : sec) - sec0) * 1e9 + nsecCol[i];
    }
    let a = analysisCol[i];

    if (flags & TH_ACK) rev.validBif = true;

    // Deviation from tshark 4.0: a SYN/ACK with a new ISN answers a SYN retried after the
    // client's RST. It opens a new attempt, so this direction's sequence state starts over
    // instead of reporting a lost segment (and tshark's "port numbers reused").
    if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && fwd.isn >= 0 && seq !== fwd.isn) {
      fwd = dirs[s * 2 + d] = new Direction();
    }
    if (flags & TH_SYN) fwd.isn = seq;

    analysis: {
      if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
        a |= A_ZWP;
        break analysis;
      }
      // Deviation from tshark 4.0, which calls this a keep-alive: Linux probes a zero window
      // with a segment one byte behind and no data (tcp_xmit_probe_skb), so with the peer's
      // window at zero it is a zero-window probe.
      if (seglen <= 1 && fwd.nextseq && seq === (fwd.nextseq - 1) >>> 0 && rev.window === 0 && (flags & (TH_SYN | TH_FIN | TH_RST)) === 0) {
        a |= A_ZWP;
        break analysis;
      }
      if (window === 0 && (flags & (TH_RST | TH_FIN | TH_SYN)) === 0) a |= A_ZERO_WINDOW;
      if (fwd.nextseq && gtSeq(seq, fwd.nextseq) && (flags & TH_RST) === 0) {
        a |= A_LOST;
        fwd.validBif = false;
      }
      const noSynFinRst = (flags & (TH_SYN | TH_FIN | TH_RST)) === 0;
      if ((seglen === 0 || seglen === 1) && seq === (fwd.nextseq - 1) >>> 0 && noSynFinRst) a |= A_KEEP_ALIVE;
      if (seglen === 0 && window && window !== fwd.window && seq === fwd.nextseq && ack === fwd.lastAck && noSynFinRst) a |= A_WINDOW_UPDATE;
      const revScale = streams.windowShiftAt(s, d ^ 1, i);
      if (seglen > 0 && revScale !== -1 && noSynFinRst && (seq + seglen) >>> 0 === (rev.lastAck + rev.window * 2 ** (revScale === -2 ? 0 : revScale)) >>> 0)
        a |= A_WINDOW_FULL;
      if (seglen === 0 && window && window === fwd.window && seq === fwd.nextseq && ack === fwd.lastAck && rev.lastSegmentFlags & A_KEEP_ALIVE && noSynFinRst) {
        a |= A_KEEP_ALIVE_ACK;
        break analysis;
      }
      if (seglen === 0 && window === 0 && window === fwd.window && seq === fwd.nextseq && ack === fwd.lastAck && rev.lastSegmentFlags & A_ZWP && noSynFinRst) {
        a |= A_ZWP_ACK;
        break analysis;
      }
      if (seglen === 0 && window && window === fwd.window && seq === fwd.nextseq && ack === fwd.lastAck && noSynFinRst) {
        // -1: this side's "ACKed unseen segment" was already reported (below); a dup ACK restarts at 1.
        fwd.dupAckNum = fwd.dupAckNum === -1 ? 1 : fwd.dupAckNum + 1;
        a |= A_DUP_ACK;
        out.dupAck.set(i, [fwd.dupAckNum, fwd.lastNonDupAck]);
      }
    }

    // finished_fwd: a changed ack number resets the duplicate-ACK count.
    if (ack !== fwd.lastAck) {
      fwd.lastNonDupAck = i;
      fwd.dupAckNum = 0;
    }

    // ACKed unseen segment, as tshark 4.0 decides it (checked against it on hand-made captures): when
    // the other side's continuous sequence lags its highest (a gap), report and catch up; when it
    // does not (the data simply comes later, e.g. a capture that reorders), report only the first
    // ACK ahead until the other side's own ACK changes — not every ACK of the run.
    if (rev.maxSeqToBeAcked && gtSeq(ack, rev.maxSeqToBeAcked) && flags & TH_ACK) {
      out.aheadAcks.add(i);
      if (ltSeq(rev.maxSeqToBeAcked, rev.nextseq)) {
        rev.maxSeqToBeAcked = rev.nextseq;
        a |= A_ACK_LOST;
      } else {
        if (rev.dupAckNum === 0) a |= A_ACK_LOST;
        rev.dupAckNum = -1;
      }
    }

    if (seglen > 0 || flags & (TH_SYN | TH_FIN)) {
      retransmission: {
        let seqNotAdvanced = fwd.nextseq !== 0 && ltSeq(seq, fwd.nextseq);
        if (a & A_KEEP_ALIVE) break retransmission;
        // One byte behind with new data after it: the previous segment was probably a window probe.
        if (seglen > 1 && (fwd.nextseq - 1) >>> 0 === seq) seqNotAdvanced = false;
        if (seqNotAdvanced && rev.dupAckNum >= 2 && rev.lastAck === seq && now - rev.lastAckTime < 20e6) {
          // tshark 4.0 reports a fast retransmission as a retransmission too.
          a |= A_FAST_RETRANSMISSION | A_RETRANSMISSION;
          break retransmission;
        }
        const irtt = out.irtt[s];
        const oooThreshold = Number.isNaN(irtt) || irtt === 0 ? 3e6 : irtt * 1e9;
        if (seqNotAdvanced && now - fwd.nextseqTime < oooThreshold && fwd.nextseq !== (seq + seglen) >>> 0) {
          a |= A_OUT_OF_ORDER;
          break retransmission;
        }
        if (seglen > 0 && rev.lastAck && leSeq((seq + seglen) >>> 0, rev.lastAck)) {
          // tshark 4.0 reports a spurious retransmission as a retransmission too (its tree and fields).
          a |= A_SPURIOUS | A_RETRANSMISSION;
          break retransmission;
        }
        if (seqNotAdvanced) a |= A_RETRANSMISSION;
      }
    }

    let nextseq = (seq + seglen) >>> 0;
    if ((seglen || flags & (TH_SYN | TH_FIN)) && (fwd.unacked?.length ?? 0) < MAX_UNACKED_SEGMENTS) {
      if (flags & (TH_SYN | TH_FIN)) nextseq = (nextseq + 1) >>> 0;
      (fwd.unacked ??= new UnackedSegments()).push(i, seq, nextseq);
    }
    if ((gtSeq(nextseq, fwd.nextseq) || !fwd.nextseq) && !(a & A_ZWP)) {
      fwd.nextseq = nextseq;
      fwd.nextseqFrame = i;
      fwd.nextseqTime = now;
    }
    if ((seq === fwd.maxSeqToBeAcked || !fwd.maxSeqToBeAcked) && !(a & A_ZWP)) fwd.maxSeqToBeAcked = fwd.nextseq;

    fwd.window = window;
    fwd.lastAck = ack;
    fwd.lastAckTime = now;
    fwd.lastSegmentFlags = a;

    // Acknowledged segments leave the reverse list; an exact match gives the ACK RTT.
    const list = rev.unacked;
    if (list) {
      let removed = 0;
      for (let k = list.length - 1; k >= 0; k--) {
        if (ack === list.nextseq[k]) {
          out.acksFrame[i] = list.frame[k];
        } else if (gtSeq(ack, list.seq[k]) && leSeq(ack, list.nextseq[k])) {
          list.seq[k] = ack;
          continue;
        } else if (gtSeq(list.nextseq[k], ack)) {
          continue;
        }
        if (drop.length < list.length) drop = new Uint8Array(list.length * 2);
        drop[k] = 1;
        removed++;
      }
      if (removed) {
        list.removeMarked(drop);
        drop.fill(0, 0, list.length + removed);
        if (list.length === 0) rev.unacked = undefined;
      }
    }

    const mine = fwd.unacked;
    if (seglen !== 0 && mine?.length && fwd.validBif) {
      const base = streams.baseSeq[s * 2 + d];
      let first = (mine.seq[mine.length - 1] - base) >>> 0;
      let last = (mine.nextseq[mine.length - 1] - base) >>> 0;
      if (mine.ordered) first = (mine.seq[0] - base) >>> 0;
      else {
        for (let k = mine.length - 1; k >= 0; k--) {
          const ns = (mine.nextseq[k] - base) >>> 0;
          const ss = (mine.seq[k] - base) >>> 0;
          if (ns > last) last = ns;
          if (ss < first) first = ss;
        }
      }
      // What the peer's SACK blocks say was delivered is not in flight (uint32, as in tshark).
      const inFlight = (last - first - rev.sacked) >>> 0;
      // A SYN's or FIN's sequence number is no byte in flight.
      if (inFlight > 0 && inFlight < 2000000000) out.bytesInFlight[i] = inFlight - (flags & (TH_SYN | TH_FIN) ? 1 : 0);
    }

    // This packet's own SACK blocks count for the peer's later segments (tshark reads options after
    // the analysis); a packet without them clears the last ones.
    if (sackBlocks) {
      const blocks = ix.optMask[i] & OPT_SACK ? sackBlocks(i) : NO_SACK_BLOCKS;
      let sacked = 0;
      for (let k = 0; k < Math.min(SACK_BLOCKS_KEPT, blocks.length); k++) sacked = (sacked + blocks[k][1] - blocks[k][0]) >>> 0;
      fwd.sacked = sacked;
    }

    // Initial RTT: the first pure ACK after the most recent SYN (dissect_tcp, after this analysis).
    if ((flags & (TH_SYN | TH_ACK)) === TH_SYN) mruSyn[s] = now;
    if ((flags & (TH_SYN | TH_ACK)) === TH_ACK && !Number.isNaN(mruSyn[s]) && Number.isNaN(out.irtt[s])) out.irtt[s] = (now - mruSyn[s]) / 1e9;

    analysisCol[i] = a;
  }
  ix.analyzed = true;
  ix.dupAcks = out.dupAck;
  return out;
}
