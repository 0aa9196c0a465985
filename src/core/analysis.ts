import type { Capture } from './capture/openCapture';
import type { Finding } from './diagnosis/finding';
import { diagnose } from './diagnosis/diagnose';
import type { FlowSummary } from './flows/flowTypes';
import { buildTcpFlows } from './flows/tcpConversations';
import type { TcpAnalysisExtras } from './flows/tcpSequenceAnalysis';
import { analyzeTcpSequences } from './flows/tcpSequenceAnalysis';
import { buildIcmpFlows } from './flows/icmpConversations';
import { buildUdpFlows } from './flows/udpConversations';
import { findBadChecksums } from './flows/badChecksums';
import { captureSackReader } from './summary/tcpInfo';
import { CaptureVerdicts } from './verdicts/captureVerdicts';

export interface AnalysisResult {
  flows: FlowSummary[];
  findings: Finding[];
  /** Per-packet analysis beyond the flag bits (ack RTT, bytes in flight, dup-ACK numbers). */
  extras: TcpAnalysisExtras;
  /**
   * The verdicts behind the findings (timestamp echo, window scaling, option negotiation, roles,
   * vantage, round trips, plausible senders), per conversation on demand: tooltips, hovers and the
   * diagram render these and never judge again.
   */
  verdicts: CaptureVerdicts;
}

export interface AnalysisOptions {
  /**
   * Give each TCP flow its handshake (every SYN and SYN/ACK) and the options each side offered, as
   * `flows --json` prints them (default). The editor leaves them out: nothing in its analysis
   * reads them, the diagram reads the packets, and on a capture of many short connections they are
   * most of the flows' memory.
   */
  flowDetail?: boolean;
  /**
   * Zeek's state and history as Zeek computes them by default: packets with a bad IPv4, TCP or UDP
   * checksum are left out (a bad TCP/UDP one recorded as C/c). Off by default, which is `zeek -C`:
   * it re-reads every TCP and UDP packet from the file, and captures taken on the sending host carry
   * checksum-offload placeholders in what it sent, which Zeek's documentation has users ignore.
   */
  verifyChecksums?: boolean;
}

const done = new WeakMap<Capture, { result: AnalysisResult; flowDetail: boolean; verifyChecksums: boolean }>();

/**
 * Explains a capture: TCP sequence analysis into the index's analysis column,
 * conversations, then the diagnosis rules. One pass over the index plus lazy
 * re-reads of the few packets rules look at; cached per capture.
 */
export function analyzeCapture(capture: Capture, options: AnalysisOptions = {}): AnalysisResult {
  const flowDetail = options.flowDetail ?? true;
  const verifyChecksums = options.verifyChecksums ?? false;
  const cached = done.get(capture);
  // Sequence analysis only sets bits, so running it again for the other variant is harmless.
  if (cached && cached.flowDetail === flowDetail && cached.verifyChecksums === verifyChecksums) return cached.result;
  const extras = analyzeTcpSequences(capture.index, captureSackReader(capture));
  const bad = verifyChecksums ? findBadChecksums(capture) : undefined;
  const tcp = buildTcpFlows(capture, extras, flowDetail, bad);
  const clientDirs = new Int8Array(capture.index.tcpStreams.count).fill(-1);
  for (const f of tcp) clientDirs[f.stream] = f.clientDir;
  const verdicts = new CaptureVerdicts(capture, extras, clientDirs);
  const findings = diagnose(capture, tcp, extras, verdicts);
  const result: AnalysisResult = {
    flows: [...tcp.map((f) => f.summary), ...buildUdpFlows(capture, bad), ...buildIcmpFlows(capture)],
    findings,
    extras,
    verdicts,
  };
  done.set(capture, { result, flowDetail, verifyChecksums });
  return result;
}
