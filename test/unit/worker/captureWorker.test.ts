import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { captureFieldSource } from '../../../src/core/filter/compileFilter';
import { CaptureView } from '../../../src/extension/worker/captureView';
import { detailItems } from '../../../src/extension/worker/detailItems';
import { RowBuilder, rowColor } from '../../../src/extension/worker/packetRows';
import { RemoteFailure, RequestChannel } from '../../../src/channel';
import type { DetailItem, HostToWorker, ViewCalls, ViewRequest, WorkerToHost } from '../../../src/protocol';
import { VIEW_REPLY_CHECKS } from '../../../src/replyChecks';
import { FIXTURES } from '../golden/tsharkGolden';

const ROOT = path.resolve(__dirname, '../../..');

describe('capture worker pieces (no VS Code needed)', () => {
  let cap: Capture;
  before(async () => {
    cap = await openCaptureFile(path.join(FIXTURES, 'founding-tsecr.pcap'));
  });
  after(() => cap.close());

  it('colours rows like Wireshark: ARP, SYN/FIN, RST', () => {
    assert.deepEqual(
      Array.from({ length: 5 }, (_, i) => rowColor(cap, i)),
      ['arp', 'arp', 'synfin', 'synfin', 'rst'],
    );
  });

  it('builds rows only for the window asked, with relative and displayed-delta times', () => {
    const view = new CaptureView(cap.index.count);
    view.setFilter('tcp.flags.reset == 1', cap, captureFieldSource(cap));
    const rows = new RowBuilder(cap).rows(view.packets, 1, 3);
    assert.deepEqual(
      rows.map((r) => r.packet + 1),
      [8, 11],
    );
    assert.equal(rows[0].rel, '1.026777');
    // Delta to the previous *shown* packet (frame 5), not to frame 7.
    assert.equal(rows[0].delta, '1.008107');
    assert.equal(rows[0].protocol, 'TCP');
    assert.match(rows[0].info, /\[RST\]/);
  });

  it('a view maps frames to positions, and an invalid filter keeps the previous view', () => {
    const view = new CaptureView(cap.index.count);
    const ok = view.setFilter('tcp.flags.reset == 1', cap, captureFieldSource(cap));
    assert.equal(ok.count, 6);
    assert.deepEqual(view.positionOf(7), { position: 1, exact: true });
    assert.deepEqual(view.positionOf(8), { position: 2, exact: false }, 'a hidden packet maps to the next shown one');
    const bad = view.setFilter('tcp.flags.reset ==', cap, captureFieldSource(cap));
    assert.ok(bad.error);
    assert.equal(bad.gen, ok.gen);
    assert.equal(view.count, 6);
  });

  it('detail items explain TCP options in tooltips', () => {
    const items = detailItems(dissectPacket(cap, 3));
    const find = (list: DetailItem[], field: string): DetailItem | undefined => {
      for (const it of list) {
        if (it.field === field) return it;
        const c = it.children && find(it.children, field);
        if (c) return c;
      }
      return undefined;
    };
    assert.match(find(items, 'tcp.options.timestamp.tsecr')!.tooltip!, /^Timestamps — TCP option kind 8 \(RFC 7323 §3\)/);
    assert.match(find(items, 'tcp.options.mss_val')!.tooltip!, /Maximum segment size/);
    assert.equal(find(items, 'tcp.srcport')!.tooltip, undefined);
  });

  it('the bundled worker (dist/worker.js) loads a capture and answers a row window', async function () {
    const script = path.join(ROOT, 'dist/worker.js');
    if (!fs.existsSync(script)) this.skip();
    const w = new Worker(script);
    const got: WorkerToHost[] = [];
    await new Promise<void>((resolve, reject) => {
      w.on('error', reject);
      w.on('message', (m: WorkerToHost) => {
        got.push(m);
        if (m.type === 'loaded') w.postMessage({ type: 'request', view: 'a', msg: { type: 'setFilter', id: 1, text: 'arp' } });
        if (m.type === 'reply' && m.msg.type === 'filter')
          w.postMessage({ type: 'request', view: 'a', msg: { type: 'rows', id: 2, gen: m.msg.gen, start: 0, count: 10 } });
        if (m.type === 'reply' && m.msg.type === 'rows') resolve();
      });
      w.postMessage({
        type: 'open',
        source: { kind: 'path', path: path.join(FIXTURES, 'founding-tsecr.pcap'), fileName: 'founding-tsecr.pcap' },
        stop: new SharedArrayBuffer(4),
      });
    });
    await w.terminate();
    const loaded = got.find((m) => m.type === 'loaded');
    assert.equal(loaded?.type === 'loaded' && loaded.header.packets, 22);
    const rows = got.find((m) => m.type === 'reply' && m.msg.type === 'rows');
    assert.deepEqual(rows?.type === 'reply' && rows.msg.type === 'rows' && rows.msg.rows.map((r) => r.packet + 1), [1, 2, 12, 13]);
  });

  it('the bundled worker answers every request through the channel: checked replies, and a reason when it cannot', async function () {
    const script = path.join(ROOT, 'dist/worker.js');
    if (!fs.existsSync(script)) this.skip();
    const w = new Worker(script);
    const channel = new RequestChannel<ViewRequest, ViewCalls>(
      (msg) => w.postMessage({ type: 'request', view: 'a', msg } satisfies HostToWorker),
      VIEW_REPLY_CHECKS,
    );
    const loaded = new Promise<void>((resolve, reject) => {
      w.on('error', reject);
      w.on('message', (m: WorkerToHost) => {
        if (m.type === 'reply') channel.receive(m.msg);
        if (m.type === 'loaded') resolve();
      });
    });
    try {
      w.postMessage({
        type: 'open',
        source: { kind: 'path', path: path.join(FIXTURES, 'founding-tsecr.pcap'), fileName: 'founding-tsecr.pcap' },
        stop: new SharedArrayBuffer(4),
      } satisfies HostToWorker);
      await loaded;
      const filter = await channel.request('setFilter', { text: 'tcp.flags.reset == 1' });
      assert.equal(filter.count, 6);
      const detail = await channel.request('detail', { packet: 4 });
      assert.equal(detail.bytes.length, 54);
      // Positions asked under an older filter: refused with a reason, not left unanswered.
      await assert.rejects(
        channel.request('rows', { gen: filter.gen - 1, start: 0, count: 5 }),
        (e: unknown) => e instanceof RemoteFailure && /newer generation/.test(e.message),
      );
      await assert.rejects(channel.request('detail', { packet: 22 }), (e: unknown) => e instanceof RemoteFailure && /no packet 22/.test(e.message));
      const rows = await channel.request('rows', { gen: filter.gen, start: 0, count: 10 });
      assert.deepEqual(
        rows.rows.map((r) => r.packet + 1),
        [5, 8, 11, 16, 19, 22],
      );
      assert.equal(channel.pendingCount, 0);
    } finally {
      await w.terminate();
    }
  });
});
