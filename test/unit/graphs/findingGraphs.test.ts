import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { captureFieldSource } from '../../../src/core/filter/compileFilter';
import { GraphRequests } from '../../../src/extension/worker/graphRequests';
import { findingGraph } from '../../../webview/findingGraphs';

const FIX = path.resolve(__dirname, '../../fixtures');

/**
 * "Show in stream graph" on real findings: the graph a finding links to shows its evidence packet
 * (the series the worker sends name it), in the direction the evidence decides. Graph and diagnosis
 * read the same analysis, so a link to a graph without the evidence would be a wrong link.
 */
describe('findings link to the stream graph that shows their evidence', () => {
  const cases: Array<[string, string[]]> = [
    ['loss.pcap', ['tcp.transfer.retransmissions', 'tcp.transfer.throughput-limit']],
    ['zero-window.pcap', ['tcp.transfer.zero-window']],
    ['rwnd-limited.pcap', ['tcp.transfer.throughput-limit']],
    ['rto-stall.pcap', ['tcp.transfer.rto-stall']],
  ];
  for (const [name, mustLink] of cases) {
    it(name, async () => {
      const capture = await openCaptureFile(path.join(FIX, name));
      try {
        const analysis = analyzeCapture(capture);
        const graphs = new GraphRequests(capture, captureFieldSource(capture), analysis);
        const linked: string[] = [];
        for (const f of analysis.findings) {
          const g = findingGraph(f);
          if (!g) continue;
          linked.push(f.rule);
          const r = graphs.tcpGraph({ type: 'tcpGraph', stream: g.stream, direction: 'auto', graph: g.graph, evidence: g.evidence, width: 100000 });
          assert.ok(typeof r !== 'string' && r.chart, `${f.rule}: a graph`);
          const named = r.chart.series.filter((s) => s.packet.includes(g.evidence!)).map((s) => s.name);
          assert.ok(named.length > 0, `${f.rule}: the ${g.graph} graph shows evidence packet ${g.evidence! + 1}`);
          assert.ok(r.evidenceTime !== undefined);
        }
        for (const rule of mustLink) assert.ok(linked.includes(rule), `${rule} links to a graph (linked: ${linked.join(', ')})`);
      } finally {
        capture.close();
      }
    });
  }
});
