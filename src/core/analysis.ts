import type { Capture } from './capture/openCapture';
import type { Finding } from './diagnosis/finding';
import { diagnose } from './diagnosis/diagnose';
import type { FlowSummary } from './flows/flowTypes';
import { buildTcpFlows } from './flows/tcpConversations';
import type { TcpAnalysisExtras } from './flows/tcpSequenceAnalysis';
import { analyzeTcpSequences } from './flows/tcpSequenceAnalysis';
import { buildIcmpFlows } from './flows/icmpConversations';
import { RowCache } from './summary/rowCache';
import { buildUdpFlows } from './flows/udpConversations';

export interface AnalysisResult {
  flows: FlowSummary[];
  findings: Finding[];
  /** Per-packet analysis beyond the flag bits (ack RTT, bytes in flight, dup-ACK numbers). */
  extras: TcpAnalysisExtras;
}

const done = new WeakMap<Capture, AnalysisResult>();

/**
 * Explains a capture: TCP sequence analysis into the index's analysis column,
 * conversations, then the diagnosis rules. One pass over the index plus lazy
 * re-reads of the few packets rules look at; cached per capture.
 */
export function analyzeCapture(capture: Capture): AnalysisResult {
  const cached = done.get(capture);
  if (cached) return cached;
  const extras = analyzeTcpSequences(capture.index);
  const rows = new RowCache(capture);
  const tcp = buildTcpFlows(capture, extras);
  const findings = diagnose(capture, tcp, extras, rows);
  const result: AnalysisResult = { flows: [...tcp.map((f) => f.summary), ...buildUdpFlows(capture), ...buildIcmpFlows(capture)], findings, extras };
  done.set(capture, result);
  return result;
}
