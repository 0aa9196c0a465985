import { analysisBit, ANALYSIS_FLAG_NAMES } from '../index/analysisFlags';
import type { AnalysisFlagName } from '../index/analysisFlags';
import type { PacketIndex } from '../index/packetIndex';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { ackRttOf } from '../flows/tcpSequenceAnalysis';
import type { DetailNode } from './detailNode';
import { NodeList } from './detailNode';
import { TH_ACK, TH_SYN } from '../decode/tcp';

/** packet-tcp.c's expert messages for each analysis flag, and their severity (Chat has none here). */
const EXPERT: Record<AnalysisFlagName, [string, DetailNode['severity']]> = {
  retransmission: ['This frame is a (suspected) retransmission', 'note'],
  fast_retransmission: ['This frame is a (suspected) fast retransmission', 'note'],
  spurious_retransmission: ['This frame is a (suspected) spurious retransmission', 'note'],
  out_of_order: ['This frame is a (suspected) out-of-order segment', 'warning'],
  lost_segment: ['Previous segment(s) not captured (common at capture start)', 'warning'],
  ack_lost_segment: ["ACKed segment that wasn't captured (common at capture start)", 'warning'],
  duplicate_ack: ['Duplicate ACK', 'note'],
  zero_window: ['TCP Zero Window segment', 'warning'],
  zero_window_probe: ['TCP Zero Window Probe', 'note'],
  zero_window_probe_ack: ['ACK to a TCP Zero Window Probe', 'note'],
  window_full: ['TCP window specified by the receiver is now completely full', 'warning'],
  window_update: ['TCP window update', undefined],
  keep_alive: ['TCP keep-alive segment', 'note'],
  keep_alive_ack: ['ACK to a TCP keep-alive segment', 'note'],
  reused_ports: ['A new tcp session is started with the same ports as an earlier session in this trace', 'note'],
};

const seconds = (s: number) => `${s.toFixed(9)} seconds`;

/**
 * Whether the initial RTT was known when packet i was seen: tshark measures it at the stream's
 * first pure ACK and shows it from there on. The walk stops at that ACK, a few packets in.
 */
function irttKnownAt(ix: PacketIndex, extras: TcpAnalysisExtras, stream: number, i: number): boolean {
  for (let j = extras.firstInStream[stream]; j >= 0 && j <= i; j = extras.nextInStream[j]) {
    if ((ix.flags[j] & (TH_SYN | TH_ACK)) === TH_ACK) return true;
  }
  return false;
}

/**
 * Wireshark's "[SEQ/ACK analysis]" subtree for TCP packet i: the initial RTT, which segment this
 * ACKs and how long that took, bytes in flight, duplicate-ACK numbers and the analysis flags with
 * their expert messages. Generated fields, so they cover no bytes. Undefined when there is nothing
 * to say (as Wireshark shows no subtree then).
 */
export function seqAckAnalysisNode(ix: PacketIndex, extras: TcpAnalysisExtras, i: number, tcpOffset: number): DetailNode | undefined {
  const n = new NodeList();
  const rtt = ackRttOf(ix, extras, i);
  if (rtt !== undefined) {
    n.add('tcp.analysis.acks_frame', `[This is an ACK to the segment in frame: ${extras.acksFrame[i] + 1}]`, tcpOffset, 0, extras.acksFrame[i] + 1);
    n.add('tcp.analysis.ack_rtt', `[The RTT to ACK the segment was: ${seconds(rtt)}]`, tcpOffset, 0, rtt);
  }
  if (extras.bytesInFlight[i]) n.add('tcp.analysis.bytes_in_flight', `[Bytes in flight: ${extras.bytesInFlight[i]}]`, tcpOffset, 0, extras.bytesInFlight[i]);
  const dup = extras.dupAck.get(i);
  if (dup) {
    n.add('tcp.analysis.duplicate_ack_num', `[Duplicate ACK #: ${dup[0]}]`, tcpOffset, 0, dup[0]);
    n.add('tcp.analysis.duplicate_ack_frame', `[Duplicate to the ACK in frame: ${dup[1] + 1}]`, tcpOffset, 0, dup[1] + 1);
  }
  const bits = ix.analysis[i];
  if (bits) {
    const f = new NodeList();
    for (const name of ANALYSIS_FLAG_NAMES) {
      if (!(bits & analysisBit(name))) continue;
      const [text, severity] = EXPERT[name];
      const message = name === 'duplicate_ack' && dup ? `${text} (#${dup[0]})` : text;
      const node = f.add(
        `tcp.analysis.${name}`,
        `[Expert Info${severity ? ` (${severity === 'warning' ? 'Warning' : 'Note'}/Sequence)` : ' (Chat/Sequence)'}: ${message}]`,
        tcpOffset,
        0,
        true,
      );
      if (severity) node.severity = severity;
    }
    n.nodes.push({ field: 'tcp.analysis.flags', text: '[TCP Analysis Flags]', offset: tcpOffset, length: 0, children: f.nodes });
  }
  // tshark makes the subtree only for packets with something of their own to show (a data segment
  // always has: its bytes since the last PSH; so has an ACK ahead of the data seen, flagged or
  // not), and puts the iRTT first in it.
  if (!n.nodes.length && ix.payloadLen(i) === 0 && !extras.aheadAcks.has(i)) return undefined;
  const stream = ix.stream[i];
  const irtt = stream >= 0 ? extras.irtt[stream] : NaN;
  if (!Number.isNaN(irtt) && irttKnownAt(ix, extras, stream, i))
    n.nodes.unshift({ field: 'tcp.analysis.initial_rtt', text: `[iRTT: ${seconds(irtt)}]`, offset: tcpOffset, length: 0, value: irtt });
  if (!n.nodes.length) return undefined;
  return { field: 'tcp.analysis', text: '[SEQ/ACK analysis]', offset: tcpOffset, length: 0, children: n.nodes };
}
