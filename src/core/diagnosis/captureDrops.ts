import type { Capture } from '../capture/openCapture';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { TH_SYN } from '../decode/tcp';
import { A_REUSED_PORTS, analysisBit } from '../index/analysisFlags';
import { tcpFlagsOf } from '../verdicts/streamRef';
import { ackedAhead } from './ackedAhead';
import type { DiagnosisContext, Draft } from './context';

const A_ACKED_UNSEEN = analysisBit('ack_lost_segment');
const A_GAP = analysisBit('lost_segment');
const A_RESENT = analysisBit('retransmission') | analysisBit('fast_retransmission');
const EVIDENCE = 10;

/**
 * capture.drops: a receiver acknowledged data the capture never saw (tcp.analysis.ack_lost_segment).
 * The data reached the receiver — it says so — so the capture, not the network, lost it: a
 * capture buffer that overflowed (tcpdump's "packets dropped by kernel"), or a path that bypasses
 * the capture point. Said once for the capture; the gaps it leaves are not transfer problems.
 */
export function captureDropsRule(ctx: DiagnosisContext, capture: Capture): Draft[] {
  const ix = capture.index;
  // ACKs whose data the capture shows moments later were reordered, not dropped (capture.reorder).
  const { earlyAcks } = ackedAhead(ctx);
  const frames: number[] = [];
  const streams = new Set<number>();
  let acked = 0,
    gaps = 0;
  const resentIn = new Set<number>();
  // A SYN on a reused 4-tuple puts the old connection's sequence space next to the new one: its
  // "gaps" and "unseen" ACKs are the reuse (tcp.handshake.port-reuse), not missing packets.
  const reused = new Set<number>();
  for (let i = 0; i < ix.count; i++) {
    if (isTcpProto(ix.proto[i]) && tcpFlagsOf(ix, i) & TH_SYN && ix.analysis[i] & (A_GAP | A_REUSED_PORTS)) reused.add(ix.stream[i]);
  }
  for (let i = 0; i < ix.count; i++) {
    if (!isTcpProto(ix.proto[i]) || reused.has(ix.stream[i])) continue;
    const a = ix.analysis[i];
    if (a & A_RESENT) resentIn.add(ix.stream[i]);
    if (a & A_GAP) gaps++;
    if (!(a & A_ACKED_UNSEEN) || earlyAcks.has(i)) continue;
    acked++;
    streams.add(ix.stream[i]);
    if (frames.length < EVIDENCE) frames.push(i + 1);
  }
  if (!acked) return [];
  // Retransmissions on those connections leave room for real loss next to the capture's own.
  const resent = [...streams].some((s) => resentIn.has(s));
  return [
    {
      severity: resent ? 'info' : 'warning',
      confidence: resent ? 'medium' : 'high',
      stream: -1,
      packets: frames,
      covers: [...streams].sort((x, y) => x - y),
      title: `The capture missed packets: ${acked} ACK${acked === 1 ? '' : 's'} for data it never saw, on ${streams.size} connection${streams.size === 1 ? '' : 's'}`,
      explanation: `${acked} segment${acked === 1 ? '' : 's'} acknowledge data that is not in the capture (tcp.analysis.ack_lost_segment, first frame ${frames[0]})${gaps ? `, and ${gaps} sequence gap${gaps === 1 ? '' : 's'} (previous segment not captured)` : ''}. The receiver got that data — it acknowledged it — so the capture dropped it, not the network${resent ? '' : ': nothing was retransmitted'}. Usually the capturing host could not keep up (tcpdump reports "packets dropped by kernel"), or the capture point sees only part of the path (asymmetric routing, a SPAN port that drops under load). Gaps and missing data in this capture say nothing about loss on the wire; throughput and retransmission figures are measured on what was captured.`,
      about: { frames: frames.join(' ') },
      references: ['https://www.tcpdump.org/manpages/tcpdump.1.html'],
    },
  ];
}
