import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { until, workspaceFile } from './suiteHelpers';

const EXTENSION_ID = 'pcap-inspector.pcap-inspector';

async function readCapture(uri: vscode.Uri) {
  return openCaptureBytes(await vscode.workspace.fs.readFile(uri));
}

describe('Export Specified Packets, Merge, marks and comments in a real VS Code', () => {
  let api: PcapInspectorApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<PcapInspectorApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    api = await ext.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('exports the displayed packets and the selected one’s conversation through workspace.fs, comments included', async () => {
    const uri = workspaceFile('http-ipv4.pcap');
    await vscode.commands.executeCommand('pcapInspector.applyFilter', uri, 'http');
    const doc = await until('the document', () => api.editors.documents.get(uri.toString()));
    await until('the filter applied', () => doc.viewStates().some((s) => s.filter === 'http'));
    await until('the analysis', () => doc.analysisState.status === 'ready');

    const displayed = workspaceFile('out-displayed.pcapng');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'pcapInspector.exportPackets',
      uri,
      { kind: 'displayed', filter: 'http' },
      displayed,
    );
    assert.equal(written?.toString(), displayed.toString());
    const back = await readCapture(displayed);
    assert.equal(back.index.count, 6, 'three requests and their responses, as tshark -Y http shows');

    await vscode.commands.executeCommand('pcapInspector.commentPacket', uri, 5, 'handshake done');
    const stream = workspaceFile('out-stream.pcap');
    await vscode.commands.executeCommand('pcapInspector.exportPackets', uri, { kind: 'streamOf', packet: 5 }, stream);
    const s = await readCapture(stream);
    assert.equal(s.index.count, 47, 'the one TCP conversation, as tshark -z conv,tcp counts it');
    const ng = workspaceFile('out-stream.pcapng');
    await vscode.commands.executeCommand('pcapInspector.exportPackets', uri, { kind: 'streamOf', packet: 5 }, ng);
    const withComment = await readCapture(ng);
    // Packet 5 is the conversation's 2nd packet (the SYN is packet 4).
    assert.deepEqual(withComment.index.comments.get(1), ['handshake done']);
  });

  it('merges captures chosen in the Explorer in time order', async () => {
    const a = workspaceFile('founding-tsecr.pcap');
    const b = workspaceFile('http-ipv4.pcap');
    const out = workspaceFile('out-merged.pcapng');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('pcapInspector.mergeCaptures', a, [a, b], out);
    assert.equal(written?.toString(), out.toString());
    const merged = await readCapture(out);
    const [ca, cb] = [await readCapture(a), await readCapture(b)];
    assert.equal(merged.index.count, ca.index.count + cb.index.count);
    assert.equal(merged.index.interfaces.length, 2, 'pcapng keeps the inputs’ interfaces apart');
    for (let i = 1; i < merged.index.count; i++) assert.ok(merged.index.secondsBetween(i - 1, i) >= 0, `packet ${i + 1} is in time order`);
  });

  it('Ctrl+M marks the selected packet in the active editor and Export writes the marked ones', async () => {
    const uri = workspaceFile('http-ipv4.pcap');
    await vscode.commands.executeCommand('pcapInspector.revealPacket', uri, 21);
    const doc = await until('the document', () => api.editors.documents.get(uri.toString()));
    await until('frame 21 selected', () => doc.viewStates().some((s) => s.selected === 20));
    // Ctrl+M is bound only while a capture editor is active ("when" clause); executeCommand skips that
    // check, and the panel's active state reaches this host on its own channel, after or before the
    // selection: wait for it as the keybinding would (CI once ran the command a moment too early).
    await until('the capture editor active', () => doc.isActive);
    await vscode.commands.executeCommand('pcapInspector.toggleMark');
    const marked = await until('the mark in the worker', async () => {
      const r = await doc.query({ type: 'exportPackets', selection: { kind: 'marked' }, format: 'pcapng' });
      return r && r.packets === 1 ? r : undefined;
    });
    const back = openCaptureBytes(marked.bytes);
    assert.equal(back.index.count, 1);
    assert.equal(back.index.caplen[0], doc.header ? (await doc.query({ type: 'detail', packet: 20 }))!.bytes.length : -1);
  });
});
