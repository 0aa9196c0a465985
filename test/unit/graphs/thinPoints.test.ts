import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { captureFieldSource } from '../../../src/core/filter/compileFilter';
import { thinPoints } from '../../../src/core/graphs/thinPoints';
import { GraphRequests } from '../../../src/extension/worker/graphRequests';

const FIX = path.resolve(__dirname, '../../fixtures');

describe('thinPoints: at most four points per pixel column, the extremes kept', () => {
  it('keeps every point when there are few, and the nearest one outside on each side', () => {
    const x = [0, 1, 2, 3, 4, 5];
    assert.deepEqual(thinPoints(x, x, x, 1.5, 3.5, 10), [1, 2, 3, 4]);
  });

  it('keeps per column the first, last, lowest and highest of many points', () => {
    // 1000 points in 2 columns: a saw tooth with one spike down and one up.
    const x = Array.from({ length: 1000 }, (_, k) => k);
    const y = x.map((k) => k % 7);
    y[123] = -50;
    y[777] = 99;
    const keep = thinPoints(x, y, y, 0, 999, 2);
    assert.ok(keep.length <= 8, `${keep.length} points`);
    for (const k of [0, 499, 500, 999, 123, 777]) assert.ok(keep.includes(k), `point ${k} kept: ${keep.join(',')}`);
  });

  it('keeps a bar by its own span: the lowest start and the highest end', () => {
    const x = Array.from({ length: 100 }, (_, k) => k / 100);
    const lo = x.map(() => 10);
    const hi = x.map(() => 20);
    lo[40] = 1;
    hi[60] = 90;
    const keep = thinPoints(x, lo, hi, 0, 1, 1);
    assert.ok(keep.includes(40) && keep.includes(60));
  });
});

/**
 * The worker's TCP stream graphs on loss.pcap (a transfer with loss): a narrow reply is thinned
 * but keeps the retransmission marks and the highest sequence number; asking for a zoomed range
 * gives the detail of that range; each point names its packet.
 */
describe('GraphRequests.tcpGraph: thinned in the worker, detail on zoom', () => {
  it('loss.pcap tcptrace: thinning keeps extremes and marks, zoom re-requests detail', async () => {
    const capture = await openCaptureFile(path.join(FIX, 'loss.pcap'));
    try {
      const graphs = new GraphRequests(capture, captureFieldSource(capture), analyzeCapture(capture));
      const full = graphs.tcpGraph({ type: 'tcpGraph', stream: 0, direction: 'auto', graph: 'tcptrace', width: 100000 });
      assert.ok(typeof full !== 'string' && full.chart);
      const seg = full.chart.series.find((s) => s.name === 'segments')!;
      const retrans = full.chart.series.find((s) => s.name === 'retransmissions')!;
      assert.equal(seg.x.length, seg.total, 'wide enough: nothing thinned');
      assert.ok(seg.total > 100, `${seg.total} segments`);
      assert.ok(retrans.total > 0, 'loss.pcap has retransmissions');
      // Every point names a packet of stream 0 sent by the data sender.
      for (const p of seg.packet) assert.equal(capture.index.stream[p], 0);

      const narrow = graphs.tcpGraph({ type: 'tcpGraph', stream: 0, direction: 'auto', graph: 'tcptrace', width: 10 });
      assert.ok(typeof narrow !== 'string' && narrow.chart);
      const nseg = narrow.chart.series.find((s) => s.name === 'segments')!;
      assert.ok(nseg.x.length <= 4 * 10 + 2, `${nseg.x.length} points for 10 columns`);
      assert.equal(Math.max(...nseg.y2!), Math.max(...seg.y2!), 'the highest sequence survives thinning');
      assert.deepEqual(narrow.chart.series.find((s) => s.name === 'retransmissions')!.x, retrans.x, 'few marks: all kept');
      assert.deepEqual(narrow.chart.extent, full.chart.extent, 'the extent is the whole graph');

      // Zoom into the middle tenth at the same width: more detail there than the whole graph gave it.
      const { x0, x1 } = full.chart.extent;
      const range: [number, number] = [x0 + (x1 - x0) * 0.45, x0 + (x1 - x0) * 0.55];
      const zoomed = graphs.tcpGraph({ type: 'tcpGraph', stream: 0, direction: 'auto', graph: 'tcptrace', width: 10, range });
      assert.ok(typeof zoomed !== 'string' && zoomed.chart);
      const zseg = zoomed.chart.series.find((s) => s.name === 'segments')!;
      const inRange = (xs: number[]) => xs.filter((v) => v >= range[0] && v <= range[1]).length;
      assert.ok(inRange(zseg.x) > inRange(nseg.x), `${inRange(zseg.x)} > ${inRange(nseg.x)} points in the zoomed range`);
      assert.equal(zseg.total, inRange(seg.x), 'total counts the range');
    } finally {
      capture.close();
    }
  });

  it('an evidence packet picks the direction: an ACK with a zero window means the peer sends', async () => {
    const capture = await openCaptureFile(path.join(FIX, 'zero-window.pcap'));
    try {
      const analysis = analyzeCapture(capture);
      const graphs = new GraphRequests(capture, captureFieldSource(capture), analysis);
      const f = analysis.findings.find((x) => x.rule === 'tcp.transfer.zero-window');
      assert.ok(f, 'zero-window.pcap has a zero-window finding');
      const packet = f.packets[0] - 1;
      assert.equal(capture.index.payloadLen(packet), 0, 'the evidence is a window advertisement');
      const r = graphs.tcpGraph({ type: 'tcpGraph', stream: f.streams[0], direction: 'auto', graph: 'tcptrace', evidence: packet, width: 2000 });
      assert.ok(typeof r !== 'string' && r.chart);
      const zero = r.chart.series.find((s) => s.name === 'zero window')!;
      assert.ok(zero.packet.includes(packet), 'the graph marks the evidence packet as a zero window');
      assert.ok(r.evidenceTime !== undefined && r.evidenceTime >= r.chart.extent.x0 && r.evidenceTime <= r.chart.extent.x1);
    } finally {
      capture.close();
    }
  });
});
