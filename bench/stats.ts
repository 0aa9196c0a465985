import * as path from 'node:path';
import { openCaptureFile } from '../src/core/capture/openCapture';
import { captureFieldSource, compileFilter } from '../src/core/filter/compileFilter';
import { analyzeTcpSequences } from '../src/core/flows/tcpSequenceAnalysis';
import { conversations } from '../src/core/stats/conversations';
import { endpoints } from '../src/core/stats/endpoints';
import { ioStats } from '../src/core/stats/ioStats';
import { protocolHierarchy } from '../src/core/stats/protocolHierarchy';
import { collectLayerStats } from '../src/core/stats/layerStatsPass';
import { captureSackReader } from '../src/core/summary/tcpInfo';
import { ensureBenchCapture } from './ensureCapture';

/**
 * `npm run bench:stats`: each statistic on the one-million-packet capture, timed after the index
 * is built (what the I/O graph and the statistics views wait for once the capture is open).
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const file = path.join(root, 'bench/.cache/bench-1m.pcap');
  const why = ensureBenchCapture(root, file);
  if (why) {
    console.log(`SKIP: ${why}`);
    return;
  }
  let t = performance.now();
  const capture = await openCaptureFile(file);
  const ix = capture.index;
  console.log(`index: ${ix.count.toLocaleString('en-US')} packets in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  t = performance.now();
  const layers = collectLayerStats(capture);
  console.log(
    `layer paths and MAC pairs (a second pass over the records): ${((performance.now() - t) / 1000).toFixed(2)} s; path runs ${layers.paths.runCount.toLocaleString('en-US')} (${(layers.paths.retainedBytes / ix.count).toFixed(2)} B/packet)`,
  );
  analyzeTcpSequences(ix, captureSackReader(capture));
  const src = captureFieldSource(capture);
  const timed = (name: string, run: () => unknown) => {
    t = performance.now();
    run();
    console.log(`${name.padEnd(60)} ${(performance.now() - t).toFixed(0).padStart(6)} ms`);
  };
  timed('protocol hierarchy', () => protocolHierarchy(ix, layers.paths));
  for (const k of ['eth', 'ip', 'ipv6', 'tcp', 'udp'] as const) {
    timed(`endpoints ${k}`, () => endpoints(ix, k, layers.ethernet));
    timed(`conversations ${k}`, () => conversations(ix, k, layers.ethernet));
  }
  timed('I/O 1 s', () => ioStats(ix, 1));
  timed('I/O 1 ms', () => ioStats(ix, 0.001));
  const filters = ['tcp.analysis.retransmission', 'tcp.flags.reset==1', 'udp', 'tcp.len > 1000', 'ip.addr == 198.18.0.1'];
  timed(`I/O 1 s, 5 filters`, () =>
    ioStats(
      ix,
      1,
      filters.map((text) => ({ text, test: compileFilter(text, src)! })),
    ),
  );
  capture.close();
}

void main();
