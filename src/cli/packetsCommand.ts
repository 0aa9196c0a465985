import { analyzeTcpSequences } from '../core/flows/tcpSequenceAnalysis';
import type { Capture } from '../core/capture/openCapture';
import { decodeRow } from '../core/summary/decodedRow';
import { packetRecord } from '../core/summary/packetRecord';
import { summarize } from '../core/summary/packetSummary';
import { deltaText } from '../core/summary/timeText';
import type { Output } from './output';

/** `pcap-inspector packets FILE [--json]`: Wireshark's columns, or one JSON object per line. */
export function packetsCommand(capture: Capture, json: boolean, out: Output): void {
  const ix = capture.index;
  // Like tshark, the listing carries the tcp.analysis flags and their Info tags.
  const extras = analyzeTcpSequences(ix);
  if (json) {
    for (let i = 0; i < ix.count; i++) out.line(JSON.stringify(packetRecord(capture, i, extras)));
    return;
  }
  const width = String(ix.count).length;
  for (let i = 0; i < ix.count; i++) {
    const row = decodeRow(capture, i);
    const { protocol, info } = summarize(capture, i, row);
    const time = deltaText(ix.sec[i], ix.nsec[i], ix.sec[0], ix.nsec[0]);
    const src = ix.addresses.text(ix.src[i]);
    const dst = ix.addresses.text(ix.dst[i]);
    const truncated = ix.caplen[i] < ix.origLen[i] ? ' [Packet size limited during capture]' : '';
    out.line(`${String(i + 1).padStart(width)} ${time.padStart(13)} ${src.padStart(15)} → ${dst.padEnd(15)} ${protocol.padEnd(6)} ${String(ix.origLen[i]).padStart(5)} ${info}${truncated}`);
  }
}
