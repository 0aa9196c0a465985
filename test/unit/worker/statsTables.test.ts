import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RequestChannel } from '../../../src/channel';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { endpoints } from '../../../src/core/stats/endpoints';
import { layerStatsOf } from '../../../src/core/stats/layerStatsPass';
import { protocolHierarchy, type ProtocolNode } from '../../../src/core/stats/protocolHierarchy';
import { SortedRows } from '../../../src/extension/worker/sortedRows';
import { StatsTables } from '../../../src/extension/worker/statsTables';
import type { HostToWorker, ViewCalls, ViewRequest, WorkerToHost } from '../../../src/protocol';
import { VIEW_REPLY_CHECKS } from '../../../src/replyChecks';

const ROOT = path.resolve(__dirname, '../../..');
const FIX = path.join(ROOT, 'test/fixtures');

interface Row {
  address: string;
  port?: number;
  packets: number;
}

describe('statistics tables in the worker: computed once, sorted and windowed', () => {
  it('sorts addresses as addresses (IPv4 numerically, then IPv6, then MAC), numbers as numbers, ties in first-seen order', () => {
    const rows: Row[] = [
      { address: '10.0.0.10', port: 80, packets: 5 },
      { address: 'fe80::1', port: 443, packets: 7 },
      { address: '10.0.0.9', packets: 5 },
      { address: '2001:db8::2', port: 22, packets: 1 },
      { address: '10.0.0.9', port: 8080, packets: 9 },
    ];
    const t = new SortedRows(rows, { address: (r) => r.address, port: (r) => r.port, packets: (r) => r.packets });
    const ids = (list: Row[]) => list.map((r) => rows.indexOf(r));
    assert.deepEqual(ids(t.window('address', false, 0, 10)), [2, 4, 0, 3, 1], '10.0.0.9 < 10.0.0.10 < 2001:db8::2 < fe80::1');
    assert.deepEqual(ids(t.window('address', true, 0, 10)), [1, 3, 0, 2, 4], 'descending; equal addresses keep their order');
    assert.deepEqual(ids(t.window('packets', true, 0, 10)), [4, 1, 0, 2, 3], 'ties (5, 5) keep first-seen order');
    assert.deepEqual(ids(t.window('port', false, 0, 10)), [3, 0, 1, 4, 2], 'a row without a port sorts last ascending…');
    assert.deepEqual(ids(t.window('port', true, 0, 10)), [4, 1, 0, 3, 2], '…and descending');
    assert.deepEqual(ids(t.window('first', false, 0, 10)), [0, 1, 2, 3, 4], "'first': tshark's order");
    assert.deepEqual(ids(t.window('first', true, 1, 2)), [3, 2], 'a window of the reversed order');
    assert.deepEqual(t.window('packets', false, 4, 10).length, 1, 'a window past the end is cut');
    assert.deepEqual(t.window('packets', false, -3, 2).length, 2, 'a negative start is the first row');
  });

  it('100 000 endpoints: sorting by address reads each row once (ranked, no per-pair work), and the next window reuses the order', () => {
    const rows: Row[] = [];
    for (let k = 0; k < 100_000; k++) rows.push({ address: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`, port: (k * 7919) % 65536, packets: k % 97 });
    rows.reverse();
    // Counted reads, not a stopwatch: the figure that matters on any machine.
    let reads = 0;
    const t = new SortedRows(rows, {
      address: (r) => (reads++, r.address),
      port: (r) => r.port,
      packets: (r) => r.packets,
    });
    const first = t.window('address', false, 0, 3);
    assert.equal(reads, rows.length, 'each address read once for the sort');
    const later = t.window('address', false, 50_000, 3);
    assert.equal(reads, rows.length, 'a later window of the same order sorts nothing again');
    assert.deepEqual(
      first.map((r) => r.address),
      ['10.0.0.0', '10.0.0.1', '10.0.0.2'],
    );
    assert.deepEqual(
      later.map((r) => r.address),
      ['10.0.195.80', '10.0.195.81', '10.0.195.82'],
    );
    t.window('address', true, 0, 3);
    assert.equal(reads, 2 * rows.length, 'the other direction is a new order');
  });

  describe('on a real capture', () => {
    let cap: Capture;
    before(async () => {
      cap = await openCaptureFile(path.join(FIX, 'http-ipv4.pcap'));
    });
    after(() => cap.close());

    it("endpoints: the engine's rows, each with its filter; windows of one order add up to the whole order", () => {
      const t = new StatsTables(cap).endpoints('tcp');
      const engine = endpoints(cap.index, 'tcp');
      assert.equal(t.count, engine.length);
      assert.deepEqual(
        t.window('first', false, 0, t.count).map(({ filter: _f, ...e }) => e),
        engine,
      );
      const whole = t.window('packets', true, 0, t.count);
      const pieces = [0, 2, 4, 6].flatMap((s) => t.window('packets', true, s, 2));
      assert.deepEqual(pieces, whole.slice(0, 8));
      for (let k = 1; k < whole.length; k++) assert.ok(whole[k - 1].packets >= whole[k].packets, 'descending by packets');
      assert.match(whole[0].filter, /^ip\.addr == [\d.]+ && tcp\.port == \d+$/);
    });

    it('conversations: TCP rows filter on their stream', () => {
      const rows = new StatsTables(cap).conversations('tcp').window('first', false, 0, 100);
      assert.ok(rows.length >= 1);
      rows.forEach((r, k) => assert.equal(r.filter, `tcp.stream eq ${k}`));
    });

    it("protocol hierarchy: tshark's tree depth first with shares of the capture; a sort orders siblings, never breaks the tree", () => {
      const t = new StatsTables(cap);
      const roots = protocolHierarchy(cap.index, layerStatsOf(cap).paths);
      const flat: Array<[string, number, number]> = [];
      const walk = (nodes: ProtocolNode[], depth: number) => nodes.forEach((n) => (flat.push([n.protocol, depth, n.frames]), walk(n.children, depth + 1)));
      walk(roots, 0);
      const tree = t.phs({ key: 'tree', descending: false });
      assert.deepEqual(
        tree.map((r) => [r.protocol, r.depth, r.frames]),
        flat,
      );
      assert.equal(tree[0].protocol, 'eth');
      assert.equal(tree[0].framesPercent, 100);
      assert.equal(tree[0].filter, 'eth');
      const tcp = tree.find((r) => r.protocol === 'tcp')!;
      assert.equal(tcp.framesPercent, (tcp.frames / cap.index.count) * 100);
      const byFrames = t.phs({ key: 'frames', descending: false });
      assert.equal(byFrames.length, tree.length);
      // Each row's parent is the nearest shallower row before it, in both orders: same parents, same tree.
      const parents = (rows: typeof tree) =>
        rows
          .map(
            (r, k) =>
              `${r.protocol}<${
                rows
                  .slice(0, k)
                  .reverse()
                  .find((p) => p.depth === r.depth - 1)?.protocol ?? ''
              }`,
          )
          .sort()
          .join(' ');
      assert.equal(parents(byFrames), parents(tree));
      for (let k = 1; k < byFrames.length; k++) {
        const a = byFrames[k - 1],
          b = byFrames[k];
        if (a.depth === b.depth) assert.ok(a.frames <= b.frames, `siblings ${a.protocol} ≤ ${b.protocol}`);
      }
    });

    it('protocol hierarchy folded: a collapsed path keeps its row and drops the rows under it, in any order; paths name the nodes', () => {
      const t = new StatsTables(cap);
      const tree = t.phs({ key: 'tree', descending: false });
      assert.deepEqual(
        tree.map((r) => [r.path, r.children]),
        [
          ['eth', 2],
          ['eth/arp', 0],
          ['eth/ip', 2],
          ['eth/ip/udp', 1],
          ['eth/ip/udp/dns', 0],
          ['eth/ip/tcp', 1],
          ['eth/ip/tcp/http', 0],
        ],
      );
      assert.deepEqual(t.phsShown({ key: 'tree', descending: false }, []), tree);
      const paths = (rows: typeof tree) => rows.map((r) => r.path);
      assert.deepEqual(paths(t.phsShown({ key: 'tree', descending: false }, ['eth/ip/udp'])), [
        'eth',
        'eth/arp',
        'eth/ip',
        'eth/ip/udp',
        'eth/ip/tcp',
        'eth/ip/tcp/http',
      ]);
      // Folded inside a folded node: the outer fold hides both; sorted by packets, the same subtree goes.
      assert.deepEqual(paths(t.phsShown({ key: 'tree', descending: false }, ['eth/ip', 'eth/ip/tcp'])), ['eth', 'eth/arp', 'eth/ip']);
      assert.deepEqual(paths(t.phsShown({ key: 'frames', descending: true }, ['eth/ip/tcp'])), [
        'eth',
        'eth/ip',
        'eth/ip/tcp',
        'eth/ip/udp',
        'eth/ip/udp/dns',
        'eth/arp',
      ]);
      assert.deepEqual(paths(t.phsShown({ key: 'tree', descending: false }, ['eth'])), ['eth']);
    });
  });

  it('a malformed statistics reply fails its check where it arrives (a row without its filter, a port out of range, an unknown kind)', () => {
    const row = { address: '10.0.0.1', port: 80, packets: 1, bytes: 60, txPackets: 1, txBytes: 60, rxPackets: 0, rxBytes: 0, filter: 'ip.addr == 10.0.0.1' };
    const reply = (rows: unknown[], kind = 'tcp') => ({
      type: 'endpoints',
      kind,
      sort: { key: 'first', descending: false },
      start: 0,
      total: rows.length,
      rows,
    });
    assert.ok(VIEW_REPLY_CHECKS.endpoints(reply([row])));
    const { filter: _f, ...noFilter } = row;
    assert.ok(!VIEW_REPLY_CHECKS.endpoints(reply([noFilter])));
    assert.ok(!VIEW_REPLY_CHECKS.endpoints(reply([{ ...row, port: 70000 }])));
    assert.ok(!VIEW_REPLY_CHECKS.endpoints(reply([row], 'sctp')));
    assert.ok(!VIEW_REPLY_CHECKS.phs({ type: 'phs', sort: { key: 'tree', descending: false }, start: 0, total: 1, rows: [{ protocol: 'eth', depth: -1 }] }));
  });

  it('the bundled worker serves the overview, the tables and their CSV through the checked channel', async function () {
    const script = path.join(ROOT, 'dist/worker.js');
    if (!fs.existsSync(script)) this.skip();
    const w = new Worker(script);
    const channel = new RequestChannel<ViewRequest, ViewCalls>(
      (msg) => w.postMessage({ type: 'request', view: 'a', msg } satisfies HostToWorker),
      VIEW_REPLY_CHECKS,
    );
    const analysed = new Promise<void>((resolve, reject) => {
      w.on('error', reject);
      w.on('message', (m: WorkerToHost) => {
        if (m.type === 'reply') channel.receive(m.msg);
        if (m.type === 'analysis' && m.analysis.status === 'ready') resolve();
      });
    });
    try {
      w.postMessage({
        type: 'open',
        source: { kind: 'path', path: path.join(FIX, 'loss.pcap'), fileName: 'loss.pcap' },
        stop: new SharedArrayBuffer(4),
      } satisfies HostToWorker);
      await analysed;
      const { overview } = await channel.request('overview', {});
      assert.equal(overview.fileName, 'loss.pcap');
      assert.ok(overview.packets > 0 && overview.bytes > overview.packets);
      assert.ok(overview.findings && overview.analysisFlags, 'the analysis has run');
      assert.ok(
        overview.analysisFlags.some((f) => f.flag === 'retransmission' && f.packets > 0),
        'a lossy capture has retransmissions',
      );
      const ep = await channel.request('endpoints', { kind: 'ip', sort: { key: 'bytes', descending: true }, start: 0, count: 10 });
      assert.equal(ep.total, 2);
      assert.ok(ep.rows[0].bytes >= ep.rows[1].bytes);
      const conv = await channel.request('conversations', { kind: 'tcp', sort: { key: 'first', descending: false }, start: 0, count: 10 });
      assert.equal(conv.rows[0].filter, 'tcp.stream eq 0');
      const phs = await channel.request('phs', { sort: { key: 'tree', descending: false }, start: 1, count: 2 });
      assert.equal(phs.start, 1);
      assert.equal(phs.rows.length, 2);
      const csv = await channel.request('statsCsv', { table: 'conversations', kind: 'tcp', sort: { key: 'first', descending: false } });
      const lines = csv.text.trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'address_a,port_a,address_b,port_b,packets_a_to_b,bytes_a_to_b,packets_b_to_a,bytes_b_to_a,packets,bytes,rel_start,duration,filter',
      );
      assert.equal(lines.length, conv.total + 1);
      assert.equal(lines[1].split(',')[8], String(conv.rows[0].packets));
    } finally {
      await w.terminate();
    }
  });
});
