import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { collectLayerStats, layerStatsOf } from '../../../src/core/stats/layerStatsPass';
import { protocolHierarchy } from '../../../src/core/stats/protocolHierarchy';

const FIX = path.resolve(__dirname, '../../fixtures');

/** The layer paths and MAC pairs come from a second pass over the records, run when asked for. */
describe('layer statistics pass', () => {
  it('walks every record the index has: the hierarchy counts each packet once under its link layer', async () => {
    const capture = await openCaptureFile(path.join(FIX, 'tunnel-vxlan.pcap'));
    try {
      const roots = protocolHierarchy(capture.index, collectLayerStats(capture).paths);
      assert.equal(
        roots.reduce((n, r) => n + r.frames, 0),
        capture.index.count,
      );
      // VXLAN: the inner Ethernet frame is a second eth node below udp → vxlan.
      const flat: string[] = [];
      const walk = (n: (typeof roots)[number], at: string) => {
        flat.push(`${at}${n.protocol}`);
        n.children.forEach((c) => walk(c, `${at}${n.protocol}/`));
      };
      roots.forEach((r) => walk(r, ''));
      assert.ok(
        flat.some((p) => /^eth\/ip\/udp\/vxlan\/eth\/ip/.test(p)),
        flat.join(' '),
      );
    } finally {
      capture.close();
    }
  });

  it('stops at the rows of an index whose reading was cancelled', async () => {
    // Cut after the two ARP frames: the DNS and TCP frames that follow in the file have other paths.
    const capture = await openCaptureFile(path.join(FIX, 'http-ipv4.pcap'), { progressEveryPackets: 2, shouldStop: () => true });
    try {
      assert.equal(capture.index.count, 2);
      const stats = collectLayerStats(capture);
      assert.equal(stats.paths.runCount, 1, 'one path (eth → arp) for the two rows');
      const roots = protocolHierarchy(capture.index, stats.paths);
      assert.deepEqual(
        roots.map((r) => [r.protocol, r.frames, r.children.map((c) => c.protocol)]),
        [['eth', 2, ['arp']]],
      );
    } finally {
      capture.close();
    }
  });

  it('is run once per capture: later statistics reuse it', async () => {
    const capture = await openCaptureFile(path.join(FIX, 'http-ipv4.pcap'));
    try {
      assert.equal(layerStatsOf(capture), layerStatsOf(capture));
    } finally {
      capture.close();
    }
  });
});
