import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { activatedWithScratchDir } from './suiteHelpers';

/**
 * TLS key logs in a real VS Code: one found beside the capture, one chosen with "Use TLS Key Log…"
 * (the command's arguments stand in for its open dialog). The worker decrypts: the display filter
 * reaches the decrypted requests and the detail carries the plaintext for the second hex pane.
 */
describe('TLS key logs in a real VS Code (pcapInspector.useTlsKeyLog, key logs beside the capture)', () => {
  let root: string;
  let dir: string;
  let api: PcapInspectorApi;
  before(async () => {
    ({ api, root, dir } = await activatedWithScratchDir('pcapi-tls-keylog-'));
    fs.mkdirSync(path.join(dir, 'beside'));
    fs.mkdirSync(path.join(dir, 'alone'));
    for (const d of ['beside', 'alone']) fs.copyFileSync(path.join(root, 'test/fixtures/tls-keylog.pcap'), path.join(dir, d, 'tls-keylog.pcap'));
    fs.copyFileSync(path.join(root, 'test/fixtures/tls-keylog.keys'), path.join(dir, 'beside', 'sslkeylog.txt'));
    fs.copyFileSync(path.join(root, 'test/fixtures/tls-keylog.keys'), path.join(dir, 'chosen.keys'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string) {
    const capture = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', capture, 'pcapInspector.capture');
    const doc = await api.editors.whenOpen(capture, 30_000);
    assert.ok(doc, 'the editor opened');
    await doc.whenSettled();
    return { capture, doc };
  }

  // Read through a function: the header changes under the test when the command reloads the capture.
  const keyLogOf = (doc: Awaited<ReturnType<typeof open>>['doc']) => doc.header?.tlsKeyLog;
  const requests = async (doc: Awaited<ReturnType<typeof open>>['doc']) => (await doc.ask({ type: 'text', filter: 'http.request' })).text;

  it('a key log beside the capture (sslkeylog.txt) is used without being asked: the requests are decrypted', async () => {
    const { doc } = await open(path.join(dir, 'beside', 'tls-keylog.pcap'));
    assert.equal(keyLogOf(doc)?.file, path.join(dir, 'beside', 'sslkeylog.txt'));
    assert.equal(keyLogOf(doc)?.sessions, 6);
    assert.deepEqual(keyLogOf(doc)?.problems, []);
    const text = await requests(doc);
    assert.equal(text.match(/GET \/tls-44\d\d HTTP\/1\.1/g)?.length, 6, text);
    const detail = await doc.query({ type: 'detail', packet: 10 });
    assert.equal(Buffer.from(detail!.decrypted![0].bytes).toString('latin1').split('\r\n')[0], 'GET /tls-4441 HTTP/1.1');
  });

  it('without a key log nothing is decrypted; "Use TLS Key Log…" reloads the capture decrypted and remembers the choice', async () => {
    const { capture, doc } = await open(path.join(dir, 'alone', 'tls-keylog.pcap'));
    assert.equal(keyLogOf(doc), undefined);
    assert.doesNotMatch(await requests(doc), /GET/);
    assert.equal((await doc.query({ type: 'detail', packet: 10 }))!.decrypted, undefined);
    await vscode.commands.executeCommand('pcapInspector.useTlsKeyLog', capture, vscode.Uri.file(path.join(dir, 'chosen.keys')));
    assert.equal(keyLogOf(doc)?.file, path.join(dir, 'chosen.keys'));
    assert.equal((await requests(doc)).match(/GET \/tls-44\d\d HTTP\/1\.1/g)?.length, 6);
    // The choice outlives the editor: reopened, the capture is decrypted again.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const again = await open(capture.fsPath);
    assert.equal(keyLogOf(again.doc)?.file, path.join(dir, 'chosen.keys'));
  });
});
