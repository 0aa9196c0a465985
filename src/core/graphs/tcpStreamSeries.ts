import { OPT_SACK } from '../decode/fields';
import { TH_ACK, TH_FIN, TH_SYN } from '../decode/tcp';
import type { SackReader, TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { ackRttOf, isTcpProto } from '../flows/tcpSequenceAnalysis';
import { analysisBit } from '../index/analysisFlags';
import type { PacketIndex } from '../index/packetIndex';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { clientDirection } from '../verdicts/roles';
import { effectiveWindow } from '../verdicts/windowScaling';

const RETRANSMITTED = analysisBit('retransmission') | analysisBit('fast_retransmission') | analysisBit('spurious_retransmission');
const OUT_OF_ORDER = analysisBit('out_of_order');
const ZERO_WINDOW = analysisBit('zero_window');

/** Packets of one side, as columns: `packet` is the 0-based packet index, `time` seconds from the capture's first packet. */
export interface PacketSeries {
  packet: number[];
  time: number[];
}

/** The segments the data sender sent: relative sequence numbers (tcp.seq) and lengths (tcp.len). */
export interface SegmentSeries extends PacketSeries {
  seq: number[];
  len: number[];
  /** SYN or FIN: the segment takes one sequence number more than its payload. */
  control: boolean[];
  /** tcp.analysis.retransmission (fast and spurious ones included). */
  retransmitted: boolean[];
  /** tcp.analysis.out_of_order (a segment below the highest sequence sent that the analysis did not call a retransmission). */
  outOfOrder: boolean[];
  /** tcp.analysis.bytes_in_flight, 0 when tshark shows none. */
  inFlight: number[];
}

/** The receiver's packets: what they acknowledge and the window they offer (tcp.ack, tcp.window_size). */
export interface AckSeries extends PacketSeries {
  ack: number[];
  window: number[];
  /** tcp.analysis.zero_window. */
  zeroWindow: boolean[];
  /** tcp.analysis.ack_rtt in seconds, NaN when this packet acknowledges no segment. */
  rtt: number[];
}

/** SACK blocks the receiver reported, relative to the data sender's sequence numbers. */
export interface SackSeries extends PacketSeries {
  left: number[];
  right: number[];
}

/**
 * One direction of one TCP stream, ready for the stream graphs: the data sender's segments and
 * the receiver's ACKs, windows and SACK blocks. Everything comes from the index and the sequence
 * analysis (the same verdicts the packet list and the findings show), never recomputed here.
 */
export interface TcpStreamSeries {
  stream: number;
  /** The index's direction (0: the stream's first packet's sender) of the data sender. */
  dataDir: number;
  /** Whether the data sender is the client (the SYN's sender, as the flows view decides). */
  fromClient: boolean;
  segments: SegmentSeries;
  acks: AckSeries;
  sacks: SackSeries;
}

/** `client`/`server`: the data sender; undefined: whichever sent more payload (the transfer). */
export type GraphDirection = 'client' | 'server' | undefined;

/**
 * Sequence numbers are 32-bit and wrap: each relative value is taken as the one nearest the
 * previous value of the same series (a jump of more than 2 GiB either way is a wrap), so a 5 GB
 * transfer keeps climbing and a segment just before the base is slightly negative, not 4 G.
 */
function unwrap(previous: number, rel32: number): number {
  const diff = ((rel32 - previous) | 0) as number;
  return previous + diff;
}

/**
 * The series of stream `stream` whose data flows from `direction` (see GraphDirection). Needs
 * the sequence analysis's extras (acks_frame, bytes in flight, the per-stream packet chain);
 * `sacks` reads SACK blocks from the packets that carry the option (only those are re-read).
 */
export function tcpStreamSeries(ix: PacketIndex, extras: TcpAnalysisExtras, stream: number, direction?: GraphDirection, sacks?: SackReader): TcpStreamSeries {
  if (!(stream >= 0 && stream < ix.tcpStreams.count)) throw new RangeError(`no TCP stream ${stream} (the capture has ${ix.tcpStreams.count})`);
  const first = extras.firstInStream[stream];
  const dirOf = (i: number) => (ix.flags[i] & PF_DIRECTION_B ? 1 : 0);
  const clientDir = first >= 0 ? clientDirection(ix.flags[first] & 0x0fff, dirOf(first), ix.sport[first], ix.dport[first]).dir : 0;
  let dataDir: number;
  if (direction === 'client') dataDir = clientDir;
  else if (direction === 'server') dataDir = clientDir ^ 1;
  else {
    const sent = [0, 0];
    for (let i = first; i >= 0; i = extras.nextInStream[i]) sent[dirOf(i)] += ix.payloadLen(i);
    dataDir = sent[clientDir] >= sent[clientDir ^ 1] ? clientDir : clientDir ^ 1;
  }

  const t = ix.tcpStreams;
  const segments: SegmentSeries = { packet: [], time: [], seq: [], len: [], control: [], retransmitted: [], outOfOrder: [], inFlight: [] };
  const acks: AckSeries = { packet: [], time: [], ack: [], window: [], zeroWindow: [], rtt: [] };
  const sackSeries: SackSeries = { packet: [], time: [], left: [], right: [] };
  const time = (i: number) => (ix.firstTimed < 0 ? NaN : ix.secondsBetween(ix.firstTimed, i));
  let lastSeq = 0,
    lastAck = 0;
  for (let i = first; i >= 0; i = extras.nextInStream[i]) {
    if (!isTcpProto(ix.proto[i])) continue;
    const flags = ix.flags[i] & 0x0fff;
    if (dirOf(i) === dataDir) {
      lastSeq = unwrap(lastSeq, t.relative(stream, dataDir, ix.seq[i], i));
      segments.packet.push(i);
      segments.time.push(time(i));
      segments.seq.push(lastSeq);
      segments.len.push(ix.payloadLen(i));
      segments.control.push((flags & (TH_SYN | TH_FIN)) !== 0);
      segments.retransmitted.push((ix.analysis[i] & RETRANSMITTED) !== 0);
      segments.outOfOrder.push((ix.analysis[i] & OUT_OF_ORDER) !== 0);
      segments.inFlight.push(extras.bytesInFlight[i]);
      continue;
    }
    // The receiver's packets: only those that acknowledge something carry an ACK and a window to draw.
    if (!(flags & TH_ACK)) continue;
    lastAck = unwrap(lastAck, t.relative(stream, dataDir, ix.ack[i], i));
    acks.packet.push(i);
    acks.time.push(time(i));
    acks.ack.push(lastAck);
    acks.window.push(effectiveWindow(ix, i).bytes);
    acks.zeroWindow.push((ix.analysis[i] & ZERO_WINDOW) !== 0);
    acks.rtt.push(ackRttOf(ix, extras, i) ?? NaN);
    if (sacks && ix.optMask[i] & OPT_SACK) {
      for (const [l, r] of sacks(i)) {
        sackSeries.packet.push(i);
        sackSeries.time.push(time(i));
        sackSeries.left.push(unwrap(lastAck, t.relative(stream, dataDir, l, i)));
        sackSeries.right.push(unwrap(lastAck, t.relative(stream, dataDir, r, i)));
      }
    }
  }
  return { stream, dataDir, fromClient: dataDir === clientDir, segments, acks, sacks: sackSeries };
}

/** Bytes per second of the sender's segments per interval, and their moving average. */
export interface ThroughputSeries {
  /** Interval width in seconds. */
  interval: number;
  /** Each interval's start (seconds from the capture's first packet) and its rate in bytes/s. */
  start: number[];
  rate: number[];
  /** The mean of the last `averageOver` intervals' rates, at each interval. */
  average: number[];
  averageOver: number;
  /** The first segment's packet (0-based) in each interval, −1 for an empty one. */
  first: number[];
}

/** Interval widths the throughput graph picks from: 1 ms … 10 min, as the I/O graph offers. */
const INTERVALS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];

/** An interval that gives the stream's span about `target` intervals. */
export function autoInterval(span: number, target = 100): number {
  for (const w of INTERVALS) if (span / w <= target) return w;
  return INTERVALS[INTERVALS.length - 1];
}

/**
 * Throughput of the data sender: payload bytes (tcp.len, retransmissions included, as Wireshark's
 * throughput graph counts them) per interval, counted from the stream's first segment, over the
 * interval width; the moving average smooths over `averageOver` intervals.
 */
export function throughputSeries(s: TcpStreamSeries, interval?: number, averageOver = 5): ThroughputSeries {
  const seg = s.segments;
  const times = seg.time.filter((x) => Number.isFinite(x));
  const t0 = times.length ? times[0] : 0;
  const span = times.length ? times[times.length - 1] - t0 : 0;
  const w = interval ?? autoInterval(span);
  const bins = Math.max(1, Math.floor(span / w + 1e-9) + 1);
  const bytes = new Float64Array(bins);
  const first: number[] = new Array<number>(bins).fill(-1);
  for (let k = 0; k < seg.time.length; k++) {
    if (!Number.isFinite(seg.time[k])) continue;
    const b = Math.min(bins - 1, Math.floor((seg.time[k] - t0) / w + 1e-9));
    bytes[b] += seg.len[k];
    if (first[b] < 0) first[b] = seg.packet[k];
  }
  const start: number[] = [],
    rate: number[] = [],
    average: number[] = [];
  let sum = 0;
  for (let b = 0; b < bins; b++) {
    start.push(t0 + b * w);
    rate.push(bytes[b] / w);
    sum += bytes[b];
    if (b >= averageOver) sum -= bytes[b - averageOver];
    average.push(sum / (Math.min(b + 1, averageOver) * w));
  }
  return { interval: w, start, rate, average, averageOver, first };
}
