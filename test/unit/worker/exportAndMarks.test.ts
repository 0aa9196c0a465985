import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RequestChannel } from '../../../src/channel';
import type { HostToWorker, ViewCalls, ViewRequest, WorkerToHost } from '../../../src/protocol';
import { VIEW_REPLY_CHECKS } from '../../../src/replyChecks';
import { tsharkPackets } from '../export/tsharkPackets';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');

/** The bundled worker with one capture open, and a channel to it as the editor has. */
async function openInWorker(fixture: string): Promise<{ channel: RequestChannel<ViewRequest, ViewCalls>; close: () => Promise<number> }> {
  const w = new Worker(path.join(ROOT, 'dist/worker.js'));
  const channel = new RequestChannel<ViewRequest, ViewCalls>(
    (msg) => w.postMessage({ type: 'request', view: 'a', msg } satisfies HostToWorker),
    VIEW_REPLY_CHECKS,
  );
  const ready = new Promise<void>((resolve, reject) => {
    w.on('error', reject);
    w.on('message', (m: WorkerToHost) => {
      if (m.type === 'reply') channel.receive(m.msg);
      // Marks and exports of a stream read the analysis' results: wait for it like the editor does.
      if (m.type === 'analysis' && m.analysis.status !== 'running') resolve();
    });
  });
  w.postMessage({
    type: 'open',
    source: { kind: 'path', path: path.join(FIXTURES, fixture), fileName: fixture },
    stop: new SharedArrayBuffer(4),
  } satisfies HostToWorker);
  await ready;
  return { channel, close: () => w.terminate() };
}

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-export-')), name);
}

describe('Export Specified Packets, marks and comments in the capture worker', function () {
  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/worker.js'))) this.skip();
  });

  it('marks packets, finds the next and previous mark in the view (wrapping), and shows them in the rows', async () => {
    const { channel, close } = await openInWorker('http-ipv4.pcap');
    try {
      assert.equal((await channel.request('mark', { packets: [4, 9, 20], marked: true })).count, 3);
      // A packet that does not exist is ignored, an unmark removes.
      assert.equal((await channel.request('mark', { packets: [9, 5000], marked: false })).count, 2);
      const all = await channel.request('setFilter', { text: '' });
      const rows = await channel.request('rows', { gen: all.gen, start: 0, count: 30 });
      assert.deepEqual(
        rows.rows.filter((r) => r.marked).map((r) => r.packet),
        [4, 20],
      );
      assert.equal((await channel.request('nextMark', { gen: all.gen, position: 4, backwards: false })).position, 20);
      assert.equal((await channel.request('nextMark', { gen: all.gen, position: 20, backwards: false })).position, 4, 'wraps to the first');
      assert.equal((await channel.request('nextMark', { gen: all.gen, position: 4, backwards: true })).position, 20, 'wraps to the last');
      // Under a filter the positions are the view's, and a hidden marked packet is skipped.
      const tcp = await channel.request('setFilter', { text: 'tcp && frame.number > 10' });
      const tcpRows = await channel.request('rows', { gen: tcp.gen, start: 0, count: 100 });
      const expected = tcpRows.rows.findIndex((r) => r.packet === 20);
      assert.ok(expected > 0);
      assert.equal((await channel.request('nextMark', { gen: tcp.gen, position: -1, backwards: false })).position, expected);
      assert.equal((await channel.request('nextMark', { gen: tcp.gen, position: expected, backwards: false })).position, expected, 'the only one shown');
      const arp = await channel.request('setFilter', { text: 'arp' });
      assert.equal((await channel.request('nextMark', { gen: arp.gen, position: 0, backwards: false })).position, -1, 'no marked packet shown');
      // Ctrl+M flips the packet at a view position (the editor may not have its row yet).
      await assert.rejects(channel.request('toggleMark', { gen: tcp.gen, position: 0 }), /newer generation/, 'a position of an old view is not guessed at');
      const again = await channel.request('setFilter', { text: 'tcp && frame.number > 10' });
      const flipped = await channel.request('toggleMark', { gen: again.gen, position: expected });
      assert.deepEqual([flipped.packet, flipped.marked, flipped.count], [20, false, 1]);
      const first = await channel.request('toggleMark', { gen: again.gen, position: 0 });
      assert.deepEqual([first.packet, first.marked, first.count], [tcpRows.rows[0].packet, true, 2]);
      await assert.rejects(channel.request('toggleMark', { gen: again.gen, position: tcpRows.rows.length + 5 }), /no packet at position/);
    } finally {
      await close();
    }
  });

  it('exports the marked packets with a comment the user added, as tshark reads them back', async () => {
    const { channel, close } = await openInWorker('http-ipv4.pcap');
    try {
      await channel.request('mark', { packets: [4, 20], marked: true });
      assert.deepEqual((await channel.request('comment', { packet: 20, comments: ['slow response starts here'] })).comments, ['slow response starts here']);
      const rows = await channel.request('rows', { gen: (await channel.request('setFilter', { text: '' })).gen, start: 20, count: 1 });
      assert.equal(rows.rows[0].commented, true);
      const reply = await channel.request('exportPackets', { selection: { kind: 'marked' }, format: 'pcapng' });
      assert.equal(reply.packets, 2);
      const out = tmpFile('marked.pcapng');
      fs.writeFileSync(out, reply.bytes);
      const got = tsharkPackets(out);
      const want = tsharkPackets(path.join(FIXTURES, 'http-ipv4.pcap'), 'frame.number == 5 || frame.number == 21');
      assert.deepEqual(got.bytes, want.bytes);
      // The user's comment is written as the packet's pcapng comment (tshark's frame.comment).
      assert.equal(got.frames[1].split('\t')[3], 'slow response starts here');
      assert.equal(got.frames[0].split('\t')[3], '');
    } finally {
      await close();
    }
  });

  it('exports one direction of the selected packet’s conversation, and says why when it cannot', async () => {
    const { channel, close } = await openInWorker('http-ipv4.pcap');
    try {
      const file = path.join(FIXTURES, 'http-ipv4.pcap');
      for (const [direction, filter] of [
        ['client', 'tcp.stream eq 0 && ip.src == 10.77.0.1'],
        ['server', 'tcp.stream eq 0 && ip.src == 10.77.0.2'],
      ] as const) {
        const reply = await channel.request('exportPackets', { selection: { kind: 'streamOf', packet: 10, direction }, format: 'pcap' });
        const out = tmpFile(`${direction}.pcap`);
        fs.writeFileSync(out, reply.bytes);
        const want = tsharkPackets(file, filter);
        assert.ok(want.frames.length > 10);
        assert.equal(reply.packets, want.frames.length);
        assert.deepEqual(tsharkPackets(out), want);
      }
      const bad = await channel.request('exportPackets', { selection: { kind: 'displayed', filter: 'tcp.port ==' }, format: 'pcapng' });
      assert.equal(bad.packets, 0);
      assert.match(bad.error ?? '', /filter is not valid/);
      // ARP packets belong to no conversation: nothing selected, an empty but valid file.
      const none = await channel.request('exportPackets', { selection: { kind: 'streamOf', packet: 0 }, format: 'pcapng' });
      assert.equal(none.packets, 0);
      assert.equal(none.error, undefined);
    } finally {
      await close();
    }
  });
});
