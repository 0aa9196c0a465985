import { strict as assert } from 'node:assert';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import {
  MalformedReply,
  RemoteFailure,
  RequestCancelled,
  RequestChannel,
  RequestSuperseded,
  RequestTimedOut,
  requestFailed,
  type Envelope,
  type ReplyChecks,
} from '../../../src/channel';
import { VIEW_REPLY_CHECKS } from '../../../src/replyChecks';
import type { ViewCalls, ViewRequest } from '../../../src/protocol';

type Req = { type: 'square'; n: number } | { type: 'name'; of: number };
interface Calls {
  square: { type: 'square'; n: number; squared: number };
  name: { type: 'name'; text: string };
}
const CHECKS: ReplyChecks<Calls> = {
  square: (m): m is Calls['square'] =>
    typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'square' && typeof (m as { squared?: unknown }).squared === 'number',
  name: (m): m is Calls['name'] =>
    typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'name' && typeof (m as { text?: unknown }).text === 'string',
};

/**
 * Two ends of a real MessageChannel (structured clone, asynchronous delivery, as between threads):
 * the asking side's channel on one port, a hand-driven answering side on the other, which holds the
 * requests until the test answers them (in any order, late, wrong or not at all).
 */
function pair(): { channel: RequestChannel<Req, Calls>; asked: () => Promise<Envelope<Req>>; answer: (m: unknown) => void; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  const channel = new RequestChannel<Req, Calls>((m) => port1.postMessage(m), CHECKS);
  port1.on('message', (m) => {
    if (!channel.receive(m)) throw new Error(`not a reply: ${JSON.stringify(m)}`);
  });
  const queue: Array<Envelope<Req>> = [];
  const waiting: Array<(m: Envelope<Req>) => void> = [];
  port2.on('message', (m: Envelope<Req>) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return {
    channel,
    asked: () =>
      new Promise((resolve) => {
        const m = queue.shift();
        if (m) resolve(m);
        else waiting.push(resolve);
      }),
    answer: (m) => port2.postMessage(m),
    close: () => {
      port1.close();
      (port2 as MessagePort).close();
    },
  };
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
/** Lets the messages in flight arrive (MessagePort delivers on a later turn). */
const flush = () => new Promise((r) => setTimeout(r, 20));

describe('request channel over a real MessageChannel', () => {
  it('pairs each reply with its own request, whatever order the replies come in', async () => {
    const { channel, asked, answer, close } = pair();
    const a = channel.request('square', { n: 3 });
    const b = channel.request('square', { n: 4 });
    const c = channel.request('name', { of: 7 });
    const [ra, rb, rc] = [await asked(), await asked(), await asked()];
    assert.deepEqual([ra.type, rb.type, rc.type], ['square', 'square', 'name']);
    assert.equal(new Set([ra.id, rb.id, rc.id]).size, 3, 'each request has its own id');
    answer({ type: 'name', id: rc.id, text: 'seven' });
    answer({ type: 'square', id: rb.id, n: 4, squared: 16 });
    answer({ type: 'square', id: ra.id, n: 3, squared: 9 });
    assert.equal((await a).squared, 9);
    assert.equal((await b).squared, 16);
    assert.equal((await c).text, 'seven');
    assert.equal(channel.pendingCount, 0);
    assert.equal(channel.dropped, 0);
    close();
  });

  it('a cancelled request rejects at once, and its late reply is dropped', async () => {
    const { channel, asked, answer, close } = pair();
    const abort = new AbortController();
    const p = settle(channel.request('square', { n: 5 }, { signal: abort.signal }));
    const req = await asked();
    abort.abort();
    const r = await p;
    assert.ok(!r.ok && r.e instanceof RequestCancelled);
    answer({ type: 'square', id: req.id, n: 5, squared: 25 });
    await flush();
    assert.equal(channel.dropped, 1);
    assert.equal(channel.pendingCount, 0);
    close();
  });

  it('a request given up by its signal tells the other side its id, once; one that was answered does not', async () => {
    const told: number[] = [];
    const sent: Array<Envelope<Req>> = [];
    const channel = new RequestChannel<Req, Calls>(
      (m) => sent.push(m),
      CHECKS,
      (id) => told.push(id),
    );
    const abort = new AbortController();
    const given = settle(channel.request('square', { n: 2 }, { signal: abort.signal }));
    const answeredAbort = new AbortController();
    const answered = channel.request('square', { n: 3 }, { signal: answeredAbort.signal });
    channel.receive({ type: 'square', id: sent[1].id, n: 3, squared: 9 });
    assert.equal((await answered).squared, 9);
    abort.abort();
    answeredAbort.abort();
    abort.abort();
    const r = await given;
    assert.ok(!r.ok && r.e instanceof RequestCancelled);
    assert.deepEqual(told, [sent[0].id]);
    channel.cancelAll();
    assert.deepEqual(told, [sent[0].id], 'cancelAll is the asking side giving up on everything: not a per-request cancel');
  });

  it('cancelAll rejects everything pending with the reason given', async () => {
    const { channel, close } = pair();
    const gone = new Error('the worker stopped');
    const ps = [settle(channel.request('square', { n: 1 })), settle(channel.request('name', { of: 1 }))];
    channel.cancelAll(gone);
    for (const r of await Promise.all(ps)) assert.ok(!r.ok && r.e === gone);
    close();
  });

  it('a late reply of an old generation is dropped, never applied; the new generation is answered', async () => {
    const { channel, asked, answer, close } = pair();
    const old = settle(channel.request('square', { n: 2 }));
    const oldReq = await asked();
    channel.supersede(); // the file was reloaded
    assert.equal(channel.generation, 1);
    const fresh = channel.request('square', { n: 6 });
    const freshReq = await asked();
    answer({ type: 'square', id: oldReq.id, n: 2, squared: 4 }); // the old answer arrives after the reload
    answer({ type: 'square', id: freshReq.id, n: 6, squared: 36 });
    const r = await old;
    assert.ok(!r.ok && r.e instanceof RequestSuperseded, 'the old request is rejected as superseded');
    assert.equal((await fresh).squared, 36);
    assert.equal(channel.dropped, 1, 'the old reply was dropped');
    close();
  });

  it("an error reply rejects with the other side's message", async () => {
    const { channel, asked, answer, close } = pair();
    const p = settle(channel.request('name', { of: -1 }));
    const req = await asked();
    answer(requestFailed(req.id, new Error('no packet -1')));
    const r = await p;
    assert.ok(!r.ok && r.e instanceof RemoteFailure);
    assert.equal((r.e as Error).message, 'no packet -1');
    close();
  });

  it('a reply that is not what its request kind promises is an error, not a cast', async () => {
    const { channel, asked, answer, close } = pair();
    const wrongKind = settle(channel.request('square', { n: 2 }));
    const a = await asked();
    answer({ type: 'name', id: a.id, text: 'four' }); // a name reply to a square request
    const missing = settle(channel.request('square', { n: 2 }));
    const b = await asked();
    answer({ type: 'square', id: b.id, n: 2 }); // squared missing
    for (const r of [await wrongKind, await missing]) assert.ok(!r.ok && r.e instanceof MalformedReply, String(!r.ok && r.e));
    close();
  });

  it('a request nobody answers times out', async () => {
    const { channel, close } = pair();
    const r = await settle(channel.request('square', { n: 1 }, { timeoutMs: 30 }));
    assert.ok(!r.ok && r.e instanceof RequestTimedOut);
    assert.equal(channel.pendingCount, 0);
    close();
  });

  it('messages without an id are not replies: the caller handles them', () => {
    const channel = new RequestChannel<Req, Calls>(() => {}, CHECKS);
    assert.equal(channel.receive({ type: 'progress', bytes: 1 }), false);
    assert.equal(channel.receive('text'), false);
    assert.equal(channel.receive(null), false);
  });
});

describe("the view protocol's reply checks", () => {
  const view = () => {
    const sent: Array<Envelope<ViewRequest>> = [];
    return { sent, channel: new RequestChannel<ViewRequest, ViewCalls>((m) => sent.push(m), VIEW_REPLY_CHECKS) };
  };

  it("request('setFilter') resolves with the filter reply; a rows reply with a broken row is rejected", async () => {
    const { sent, channel } = view();
    const filter = channel.request('setFilter', { text: 'tcp' });
    channel.receive({ type: 'filter', id: sent[0].id, gen: 2, text: 'tcp', count: 5, total: 9, ms: 1 });
    assert.equal((await filter).count, 5);
    const rows = settle(channel.request('rows', { gen: 2, start: 0, count: 2 }));
    const row = { packet: 0, abs: '', rel: '0.000000', delta: '0', src: 'a', dst: 'b', protocol: 'TCP', length: 60, info: 'x', color: 'tcp' };
    channel.receive({ type: 'rows', id: sent[1].id, gen: 2, start: 0, rows: [row, { ...row, info: 7 }] });
    const r = await rows;
    assert.ok(!r.ok && r.e instanceof MalformedReply);
  });

  it('a detail reply whose bytes are not bytes is rejected', async () => {
    const { sent, channel } = view();
    const detail = settle(channel.request('detail', { packet: 0 }));
    channel.receive({ type: 'detail', id: sent[0].id, packet: 0, tree: [], bytes: [1, 300] });
    const r = await detail;
    assert.ok(!r.ok && r.e instanceof MalformedReply);
  });
});
