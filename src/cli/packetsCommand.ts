import { analyzeTcpSequences } from '../core/flows/tcpSequenceAnalysis';
import type { Capture } from '../core/capture/openCapture';
import { packetRecord } from '../core/summary/packetRecord';
import { packetLine } from '../core/summary/packetLine';
import { captureSackReader } from '../core/summary/tcpInfo';
import type { Output } from './output';

/** `pcap-inspector packets FILE [--json]`: Wireshark's columns, or one JSON object per line. */
export function packetsCommand(capture: Capture, json: boolean, out: Output): void {
  const ix = capture.index;
  // Like tshark, the listing carries the tcp.analysis flags and their Info tags.
  const extras = analyzeTcpSequences(ix, captureSackReader(capture));
  if (json) {
    for (let i = 0; i < ix.count; i++) out.line(JSON.stringify(packetRecord(capture, i, extras)));
    return;
  }
  const width = String(ix.count).length;
  for (let i = 0; i < ix.count; i++) out.line(packetLine(capture, i, width));
}
