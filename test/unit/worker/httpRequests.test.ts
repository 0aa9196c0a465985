import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RemoteFailure, RequestChannel } from '../../../src/channel';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { HttpStreams, MAX_BODY_WINDOW, MAX_HTTP_ITEMS } from '../../../src/extension/worker/httpStreams';
import type { HostToWorker, ViewCalls, ViewRequest, WorkerToHost } from '../../../src/protocol';
import { VIEW_REPLY_CHECKS } from '../../../src/replyChecks';
import { httpConversation } from '../http/httpConversation';

const ROOT = path.resolve(__dirname, '../../..');
const FILE = path.join(ROOT, 'test/fixtures/http-objects.pcap');
const SERVED: Array<{ uri: string; sha256: string }> = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/goldens/http-objects.served.json'), 'utf8'));
const served = (uri: string) => SERVED.find((s) => s.uri === uri)!.sha256;
const sha = (b: ArrayLike<number>) => crypto.createHash('sha256').update(Uint8Array.from(b)).digest('hex');

describe('the worker answers HTTP requests (httpMessages, httpBody, httpObjects)', () => {
  let cap: Capture;
  before(async () => {
    cap = await openCaptureFile(FILE);
  });
  after(() => cap.close());

  it('httpMessages: the exchanges of a stream, each message with its packets and body facts; replies pass the reply checks', () => {
    const h = new HttpStreams(cap);
    const all = h.exchanges(0, 0, MAX_HTTP_ITEMS)!;
    const exchanges = all.items;
    assert.deepEqual([all.start, all.total, exchanges.length], [0, 14, 14]);
    const reply = { type: 'httpMessages' as const, stream: 0, start: all.start, total: all.total, exchanges };
    assert.ok(VIEW_REPLY_CHECKS.httpMessages(reply));
    const app = exchanges[1];
    assert.equal(app.request!.startLine, 'GET /app.js HTTP/1.1');
    assert.deepEqual(
      [app.response!.framing, app.response!.contentEncoding, app.response!.firstPacket + 1, app.response!.bodyKind],
      ['chunked', ['gzip'], 9, undefined],
    );
    assert.deepEqual(app.response!.trailers, [{ name: 'X-Trailer', value: 'done' }]);
    assert.equal(exchanges[4].response!.bodyKind, 'image');
    assert.deepEqual(
      exchanges[12].interim.map((m) => m.startLine),
      ['HTTP/1.1 100 Continue'],
    );
    assert.equal(h.exchanges(99, 0, 10), undefined);
    // A stream that is not HTTP would give none (every stream of this fixture is).
    assert.equal(h.exchanges(1, 0, 10)!.total, 3);
  });

  it('httpMessages is paged: windows of the real stream join to the whole list; out-of-range asks are clamped', () => {
    const h = new HttpStreams(cap);
    const whole = h.exchanges(0, 0, MAX_HTTP_ITEMS)!.items;
    const joined = [];
    for (let start = 0; start < 14; start += 5) {
      const w = h.exchanges(0, start, 5)!;
      assert.deepEqual([w.start, w.total, w.items.length], [start, 14, Math.min(5, 14 - start)]);
      joined.push(...w.items);
    }
    assert.deepEqual(joined, whole);
    assert.deepEqual(
      h.exchanges(0, 10, 2)!.items.map((x) => x.request?.startLine),
      whole.slice(10, 12).map((x) => x.request?.startLine),
    );
    // Past the end: none, at the end; before the start: from 0; a count of 0: only how many.
    assert.deepEqual(h.exchanges(0, 99, 5), { start: 14, total: 14, items: [] });
    assert.equal(h.exchanges(0, -3, 2)!.items[0].request!.startLine, whole[0].request!.startLine);
    assert.deepEqual(h.exchanges(0, 0, 0), { start: 0, total: 14, items: [] });
  });

  it('httpObjects is paged like httpMessages: windows join to the whole Export Objects list', () => {
    const h = new HttpStreams(cap);
    const whole = h.objectList(0, MAX_HTTP_ITEMS);
    assert.equal(whole.total, 16);
    const joined = [...h.objectList(0, 7).items, ...h.objectList(7, 7).items, ...h.objectList(14, 7).items];
    assert.deepEqual(joined, whole.items);
    const reply = { type: 'httpObjects' as const, ...h.objectList(14, 7), objects: h.objectList(14, 7).items };
    assert.ok(VIEW_REPLY_CHECKS.httpObjects(reply));
    assert.ok(!VIEW_REPLY_CHECKS.httpObjects({ type: 'httpObjects', objects: whole.items } as never), 'a reply without its window is refused');
  });

  it('a keep-alive stream of 100,000 pipelined exchanges: any window of it, never more than MAX_HTTP_ITEMS per reply', () => {
    const N = 100_000;
    const requests: string[] = [];
    const responses: string[] = [];
    for (let i = 0; i < N; i++) {
      requests.push(`GET /item/${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
      responses.push(`HTTP/1.1 ${i % 7 === 3 ? '404 Not Found' : '200 OK'}\r\nContent-Length: ${String(i).length}\r\n\r\n${i}`);
    }
    const { capture } = httpConversation([
      [true, requests.join('')],
      [false, responses.join('')],
    ]);
    try {
      const h = new HttpStreams(capture);
      const head = h.exchanges(0, 0, 0)!;
      assert.equal(head.total, N);
      const end = h.exchanges(0, N - 10, 10 * MAX_HTTP_ITEMS)!;
      assert.deepEqual([end.start, end.items.length], [N - 10, 10]);
      assert.equal(end.items[9].request!.startLine, `GET /item/${N - 1} HTTP/1.1`);
      assert.equal(end.items[9].response!.bodySize, String(N - 1).length);
      assert.equal(end.items[6].response!.startLine, (N - 4) % 7 === 3 ? 'HTTP/1.1 404 Not Found' : 'HTTP/1.1 200 OK');
      const big = h.exchanges(0, 50_000, 10 * MAX_HTTP_ITEMS)!;
      assert.equal(big.items.length, MAX_HTTP_ITEMS);
      assert.equal(big.items[0].request!.startLine, 'GET /item/50000 HTTP/1.1');
      assert.ok(VIEW_REPLY_CHECKS.httpMessages({ type: 'httpMessages', stream: 0, start: big.start, total: big.total, exchanges: big.items }));
    } finally {
      capture.close();
    }
  });

  it('httpBody: windows of the decoded body join to exactly what the server served; as-sent windows are the gzip bytes', () => {
    const h = new HttpStreams(cap);
    const parts: number[] = [];
    for (let start = 0; ;) {
      const r = h.body({ type: 'httpBody', stream: 0, exchange: 1, part: 'response', decoded: true, start, count: 1000 });
      assert.ok(typeof r !== 'string');
      assert.ok(VIEW_REPLY_CHECKS.httpBody({ type: 'httpBody', ...r }));
      parts.push(...r.bytes);
      start += r.bytes.length;
      if (start >= r.total || !r.bytes.length) break;
    }
    assert.equal(sha(parts), served('/app.js'));
    const raw = h.body({ type: 'httpBody', stream: 0, exchange: 1, part: 'response', decoded: false, start: 0, count: 2 });
    assert.ok(typeof raw !== 'string');
    assert.deepEqual(raw.bytes, [0x1f, 0x8b]);
    const big = h.body({ type: 'httpBody', stream: 0, exchange: 10, part: 'response', decoded: true, start: 0, count: 10 * MAX_BODY_WINDOW });
    assert.ok(typeof big !== 'string');
    assert.equal(big.total, 30000);
    assert.equal(sha(big.bytes), served('/blob.bin'));
    const json = h.body({ type: 'httpBody', stream: 0, exchange: 2, part: 'response', decoded: true, start: 0, count: 10 });
    assert.ok(typeof json !== 'string');
    assert.equal(json.kind, 'json');
  });

  it('httpBody of a corrupt gzip body: an error in the reply, no bytes; a missing message: a reason', () => {
    const h = new HttpStreams(cap);
    const r = h.body({ type: 'httpBody', stream: 0, exchange: 11, part: 'response', decoded: true, start: 0, count: 100 });
    assert.ok(typeof r !== 'string');
    assert.match(r.error!, /the gzip body could not be decoded/);
    assert.deepEqual(r.bytes, []);
    assert.equal(
      h.body({ type: 'httpBody', stream: 0, exchange: 99, part: 'response', decoded: true, start: 0, count: 1 }),
      'stream 0 has no response in exchange 99',
    );
  });

  it('the bundled worker (dist/worker.js) answers httpObjects and httpBody through the checked channel', async function () {
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
        source: { kind: 'path', path: FILE, fileName: 'http-objects.pcap' },
        stop: new SharedArrayBuffer(4),
      } satisfies HostToWorker);
      await loaded;
      const { objects, total } = await channel.request('httpObjects', { start: 0, count: 100 });
      assert.deepEqual([objects.length, total], [16, 16]);
      const style = objects.find((o) => o.filename === 'style.css')!;
      const body = await channel.request('httpBody', {
        stream: style.stream,
        exchange: style.exchange,
        part: style.part,
        decoded: true,
        start: 0,
        count: MAX_BODY_WINDOW,
      });
      assert.equal(sha(body.bytes), served('/style.css'));
      assert.equal(body.kind, 'text');
      const msgs = await channel.request('httpMessages', { stream: 2, start: 0, count: 10 });
      assert.equal(msgs.exchanges[0].response!.framing, 'close');
      const tail = await channel.request('httpMessages', { stream: 0, start: 12, count: 10 });
      assert.deepEqual([tail.start, tail.total, tail.exchanges.length], [12, 14, 2]);
      await assert.rejects(
        channel.request('httpMessages', { stream: 7, start: 0, count: 10 }),
        (e: unknown) => e instanceof RemoteFailure && /no TCP stream 7/.test(e.message),
      );
    } finally {
      await w.terminate();
    }
  });
});
