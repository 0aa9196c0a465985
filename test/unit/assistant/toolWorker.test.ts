import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RemoteFailure, RequestCancelled, RequestChannel } from '../../../src/channel';
import type { ToAnalysisWorker, ToolCalls, ToolRequest } from '../../../src/protocol';
import { TOOL_REPLY_CHECKS } from '../../../src/replyChecks';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');

/**
 * The language-model tools' worker (dist/analysisWorker.js) asked over the one request/reply channel,
 * as the extension host asks it (assistant/languageModelTools.ts): replies checked, failures as
 * sentences, a given-up call told to the worker.
 */
describe('language-model tools in the analysis worker, over the request channel', function () {
  let worker: Worker;
  let channel: RequestChannel<ToolRequest, ToolCalls>;
  const sent: ToAnalysisWorker[] = [];

  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/analysisWorker.js'))) this.skip();
    worker = new Worker(path.join(ROOT, 'dist/analysisWorker.js'));
    const post = (m: ToAnalysisWorker) => {
      sent.push(m);
      worker.postMessage(m);
    };
    channel = new RequestChannel<ToolRequest, ToolCalls>(post, TOOL_REPLY_CHECKS, (id) => post({ type: 'cancel', id }));
    worker.on('message', (m: unknown) => assert.ok(channel.receive(m), `the worker only replies: ${JSON.stringify(m)}`));
  });
  after(() => worker?.terminate());

  it('prepares and runs a call on a real capture: the findings name the TSecr fault, frames are reveal links', async () => {
    const file = path.join(FIXTURES, 'founding-tsecr.pcap');
    const prepared = await channel.request('toolPrepare', { name: 'pcap_findings', input: { path: file }, roots: [FIXTURES] });
    assert.equal(prepared.file, file);
    assert.equal(prepared.displayName, 'Capture diagnosis');
    const run = await channel.request('toolRun', { name: 'pcap_findings', input: { path: 'founding-tsecr.pcap' }, roots: [FIXTURES] });
    assert.match(run.text, /TSecr/);
    assert.match(run.text, /\]\(command:pcapInspector\.revealPacket\?/);
  });

  it('a call that cannot run fails with the sentence for the model: outside the roots, no such file, unknown tool', async () => {
    const fail = async (req: Omit<Extract<ToolRequest, { type: 'toolRun' }>, 'type'>, expected: RegExp) => {
      await assert.rejects(channel.request('toolRun', req), (e: unknown) => e instanceof RemoteFailure && expected.test(e.message));
    };
    await fail({ name: 'pcap_summary', input: { path: '/etc/passwd' }, roots: [FIXTURES] }, /outside the folders/);
    await fail({ name: 'pcap_summary', input: { path: 'missing.pcap' }, roots: [FIXTURES] }, /No such file: missing\.pcap/);
    await fail({ name: 'pcap_nothing', input: { path: 'founding-tsecr.pcap' }, roots: [FIXTURES] }, /pcap_nothing/);
  });

  it('a call given up by its caller rejects at once, the worker is told, and the next call is answered', async () => {
    const abort = new AbortController();
    const running = channel.request('toolRun', { name: 'pcap_packets', input: { path: 'loss.pcap' }, roots: [FIXTURES] }, { signal: abort.signal });
    const id = (sent[sent.length - 1] as { id: number }).id;
    abort.abort();
    await assert.rejects(running, RequestCancelled);
    assert.deepEqual(sent[sent.length - 1], { type: 'cancel', id });
    const next = await channel.request('toolRun', { name: 'pcap_summary', input: { path: 'loss.pcap' }, roots: [FIXTURES] });
    assert.match(next.text, /packets/);
  });
});
