import { analyzeCapture } from '../../src/core/analysis';
import type { Capture } from '../../src/core/capture/openCapture';
import { indexPrepared, prepareBytesSource } from '../../src/core/capture/openCapture';
import { compareCaptures } from '../../src/core/compare/compareCaptures';
import { dissectPacket } from '../../src/core/dissect/dissector';
import type { DetailNode } from '../../src/core/dissect/detailNode';
import { ladderModel } from '../../src/core/diagram/ladderModel';
import { captureFieldSource, compileFilter, filterPackets } from '../../src/core/filter/compileFilter';
import { FilterError } from '../../src/core/filter/filterError';
import { captureInfo } from '../../src/core/summary/captureInfo';
import { packetLine } from '../../src/core/summary/packetLine';
import { packetRecord } from '../../src/core/summary/packetRecord';
import { summarize } from '../../src/core/summary/packetSummary';
import { reassembledDatagram } from '../../src/core/summary/reassembledDatagram';

/** Display filters over fast columns, slow re-decoded fields and payload bytes. */
export const FUZZ_FILTERS = [
  'tcp',
  'udp || icmp || icmpv6',
  'ip.addr == 10.77.1.1',
  'ipv6.addr == fd00::1',
  'tcp.flags.syn == 1 && tcp.flags.ack == 1',
  'tcp.analysis.flags',
  'tcp.analysis.retransmission || tcp.analysis.zero_window',
  'tcp.options.timestamp.tsecr == 0',
  'tcp.options.mss_val < 1400',
  'tcp.options.wscale.shift > 14',
  'tcp.payload contains "GET"',
  'frame.len > 100 && !tcp',
  'tcp.stream eq 0',
  'tcp.port in {80 443 8080}',
  'icmp.type == 3',
  'vxlan.vni == 42 || gre.key == 1001 || mpls.label == 17',
  'geneve || gtp.teid > 0 || erspan.spanid == 9',
  'ip.src == 10.77.0.1',
];

/** Packets per input whose summary, JSON record and detail tree are built (all of a seed's, typically). */
const MAX_PACKETS = 400;
const MAX_STREAMS = 20;

/** Every node lies within the bytes it addresses: the frame's, or a reassembled datagram's (`source`). */
function checkTree(nodes: DetailNode[], caplen: number, reassembled: number, where: string): void {
  for (const n of nodes) {
    const limit = n.source === 'reassembled' ? reassembled : caplen;
    if (!(n.offset >= 0 && n.length >= 0 && n.offset + n.length <= limit))
      throw new Error(
        `${where}: detail node ${n.field} covers ${n.offset}+${n.length}, past the ${limit} ${n.source === 'reassembled' ? 'reassembled' : 'captured'} bytes`,
      );
    if (n.field === '_ws.malformed') throw new Error(`${where}: a tree builder threw: ${n.text}`);
    if (n.children) checkTree(n.children, caplen, reassembled, where);
  }
}

/**
 * `compare` of the capture with a second reading of the same bytes: two points with nothing between.
 * The pairing must stay one to one, whatever the input.
 */
function compareWithItself(capture: Capture, bytes: Uint8Array): void {
  const again = indexPrepared(prepareBytesSource(bytes));
  try {
    const r = compareCaptures(capture, again);
    for (let i = 0; i < r.a.peer.length; i++) {
      const j = r.a.peer[i];
      if (j >= 0 && r.b.peer[j] !== i) throw new Error(`compare: A packet ${i + 1} pairs with B ${j + 1}, which pairs with ${r.b.peer[j] + 1}`);
    }
    JSON.stringify(r.findings);
  } finally {
    again.close();
  }
}

/**
 * Everything the editor, the CLI and the Problems panel do with a capture, on one input held in
 * memory: gunzip and index, capture info, both analyses, each packet's summary, line, JSON record
 * and detail tree, ladder diagrams, display filters and compare. Throws on any failure; a hang is the
 * caller's watchdog's to catch. Returns the packet count read.
 */
export function exerciseEngine(bytes: Uint8Array): number {
  const capture = indexPrepared(prepareBytesSource(bytes));
  try {
    const n = capture.index.count;
    captureInfo(capture);
    const lean = analyzeCapture(capture, { flowDetail: false });
    const full = analyzeCapture(capture);
    if (lean.findings.length !== full.findings.length)
      throw new Error(`the lean and full analyses disagree: ${lean.findings.length} vs ${full.findings.length} findings`);
    for (let i = 0; i < Math.min(n, MAX_PACKETS); i++) {
      summarize(capture, i);
      packetLine(capture, i);
      JSON.stringify(packetRecord(capture, i, full.extras));
      checkTree(dissectPacket(capture, i, full.extras), capture.index.caplen[i], reassembledDatagram(capture, i)?.payload.length ?? 0, `packet ${i + 1}`);
    }
    const streams = new Set<number>();
    for (const f of full.flows) if (f.transport === 'tcp' && streams.size < MAX_STREAMS) streams.add(f.stream);
    for (const s of streams) ladderModel(capture, full, s);
    const src = captureFieldSource(capture);
    for (const text of FUZZ_FILTERS) {
      let test;
      try {
        test = compileFilter(text, src);
      } catch (e) {
        if (e instanceof FilterError) throw new Error(`fuzz filter "${text}" does not compile: ${e.message}`);
        throw e;
      }
      if (test) filterPackets(test, n);
    }
    compareWithItself(capture, bytes);
    return n;
  } finally {
    capture.close();
  }
}
