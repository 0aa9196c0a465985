import type { AnalysisDeviation } from './analysisDeviations';
import { explainInfoTagDifference } from './analysisDeviations';
import type { PacketRecord } from '../../../src/core/summary/packetRecord';
import type { GoldenRow } from './tsharkGolden';

/**
 * Why our Protocol/Info may differ from tshark 4.0 on a packet. Each is a
 * deliberate, listed deviation; anything else is a bug and fails the test.
 */
export type InfoDeviation =
  | 'two-pass-echo-pairing' // we show "(reply in N)" on echo requests like Wireshark's GUI; single-pass tshark cannot
  | 'app-reassembly' // tshark reassembles HTTP/TLS PDUs across segments and labels the last one; we label the segment that starts the PDU
  | 'ip-reassembly' // tshark reassembles IP fragments and shows the datagram on the last fragment
  | 'echo-protocol' // tshark names RFC 862 Echo (UDP port 7) "ECHO Request/Response"; we decode no Echo and show the UDP datagram
  | 'tls-client-hello-details' // our ClientHello Info adds SNI and ALPN (the product needs them; tshark 4.0 shows "Client Hello")
  | AnalysisDeviation; // tshark 4.0 misreads Linux here (analysisDeviations.ts)

/** Strips the reassembly marker (see 'app-reassembly') and trailing blanks; analysis tags must match. */
export function normalizeTsharkInfo(info: string): string {
  return info.replace(/ ?\[TCP segment of a reassembled PDU\]/g, '').trim();
}

export function classifyInfoDifference(ours: PacketRecord, t: GoldenRow): InfoDeviation | 'same' | 'unexplained' {
  const tp = t['_ws.col.Protocol'];
  const ti = normalizeTsharkInfo(t['_ws.col.Info']);
  const oi = ours.info.trim();
  if (ours.proto === tp && oi === ti) return 'same';
  if (ours.proto === tp && oi.replace(/ \((reply in \d+|no response found!)\)$/, '') === ti) return 'two-pass-echo-pairing';
  const tagDeviation = ours.proto === tp ? explainInfoTagDifference(oi, ti) : undefined;
  if (tagDeviation) return tagDeviation;
  if (/Fragmented IP protocol|IPv6 fragment/.test(oi) || /Fragmented IP protocol|IPv6 fragment/.test(ti)) return 'ip-reassembly';
  if (tp === 'ECHO' && ours.proto === 'UDP' && /^\d+ → \d+ Len=\d+$/.test(oi)) return 'echo-protocol';
  if (/^TLS/.test(ours.proto) && /^TLS/.test(tp) && oi.startsWith(ti) && /\((SNI|ALPN)=/.test(oi)) return 'tls-client-hello-details';
  const appProtos = /^(HTTP|TLS)/;
  const segmentOfPdu = /\[TCP segment of a reassembled PDU\]/.test(t['_ws.col.Info']);
  if ((appProtos.test(ours.proto) || appProtos.test(tp)) && (ours.proto !== tp || segmentOfPdu)) return 'app-reassembly';
  if (ours.proto === 'TCP' && tp === 'TCP' && segmentOfPdu) return 'app-reassembly';
  return 'unexplained';
}
