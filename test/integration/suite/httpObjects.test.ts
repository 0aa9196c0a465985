import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HttpExportResult } from '../../../src/extension/exportHttpObjects';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { activatedWithScratchDir } from './suiteHelpers';
import { saveHttpBody } from '../../../src/extension/saveHttpBody';

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

describe('Export Objects → HTTP in a real VS Code (pcapInspector.exportHttpObjects)', () => {
  let root: string;
  let dir: string;
  let api: PcapInspectorApi;
  before(async () => {
    ({ api, root, dir } = await activatedWithScratchDir('pcapi-http-objects-'));
    fs.copyFileSync(path.join(root, 'test/fixtures/http-objects.pcap'), path.join(dir, 'http-objects.pcap'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves every body through workspace.fs, decoded, byte-identical to what the server served, without overwriting', async () => {
    const capture = vscode.Uri.file(path.join(dir, 'http-objects.pcap'));
    const out = vscode.Uri.file(path.join(dir, 'objects'));
    fs.mkdirSync(out.fsPath);
    fs.writeFileSync(path.join(out.fsPath, 'app.js'), 'already here');
    const result = await vscode.commands.executeCommand<HttpExportResult>('pcapInspector.exportHttpObjects', capture, out);
    assert.ok(result, 'the command returned what it did');
    assert.equal(result.saved.length, 16);
    assert.ok(result.saved.includes('app(1).js'));
    assert.equal(fs.readFileSync(path.join(out.fsPath, 'app.js'), 'utf8'), 'already here');
    assert.ok(result.problems.some((p) => /^broken\.gz: the gzip body could not be decoded/.test(p)));
    const served: Array<{ uri: string; sha256: string }> = JSON.parse(
      fs.readFileSync(path.join(root, 'test/fixtures/goldens/http-objects.served.json'), 'utf8'),
    );
    const want = (uri: string) => served.find((s) => s.uri === uri)!.sha256;
    const file = (name: string) => sha(fs.readFileSync(path.join(out.fsPath, name)));
    assert.equal(file('app(1).js'), want('/app.js'));
    assert.equal(file('style.css'), want('/style.css'));
    assert.equal(file('data.json'), want('/data.json'));
    assert.equal(file('blob.bin'), want('/blob.bin'));
    assert.equal(file('p2.txt'), want('/p2.txt'));
    assert.equal(file('report 2026.txt'), want('/download?id=7'));
    assert.ok(!fs.existsSync(path.join(dir, 'etc')), 'a hostile Content-Disposition name stays inside the folder');
  });

  it("the HTTP tab's Save body… writes one body, decoded or as sent, where the dialog says; the name offered is the export's", async () => {
    const capture = vscode.Uri.file(path.join(dir, 'http-objects.pcap'));
    await vscode.commands.executeCommand('vscode.openWith', capture, 'pcapInspector.capture');
    const doc = await api.editors.whenOpen(capture, 30_000);
    assert.ok(doc, 'the capture opened in the editor');
    await doc.whenSettled();
    const served: Array<{ uri: string; sha256: string; wireSha256: string }> = JSON.parse(
      fs.readFileSync(path.join(root, 'test/fixtures/goldens/http-objects.served.json'), 'utf8'),
    );
    const data = served.find((s) => s.uri === '/data.json')!;
    const offered: string[] = [];
    const to = (name: string) => async (suggested: vscode.Uri) => {
      offered.push(path.basename(suggested.fsPath));
      return vscode.Uri.file(path.join(dir, name));
    };
    const decoded = await saveHttpBody(doc, { type: 'saveHttpBody', stream: 0, exchange: 2, part: 'response', decoded: true }, to('decoded.json'));
    assert.equal(decoded?.fsPath, path.join(dir, 'decoded.json'));
    assert.equal(sha(fs.readFileSync(path.join(dir, 'decoded.json'))), data.sha256, 'the deflate coding undone');
    await saveHttpBody(doc, { type: 'saveHttpBody', stream: 0, exchange: 2, part: 'response', decoded: false }, to('sent.bin'));
    assert.equal(sha(fs.readFileSync(path.join(dir, 'sent.bin'))), data.wireSha256, 'the bytes as the server sent them');
    assert.deepEqual(offered, ['data.json', 'data.json']);
    // The page is not trusted: a made-up body is refused before anything is asked.
    await assert.rejects(
      saveHttpBody(doc, { type: 'saveHttpBody', stream: -1, exchange: 0.5, part: 'response', decoded: true }, to('never')),
      /not a body to save/,
    );
    assert.ok(!fs.existsSync(path.join(dir, 'never')));
  });
});
