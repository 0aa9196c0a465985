import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { until, workspaceFile } from './suiteHelpers';

const EXTENSION_ID = 'pcap-inspector.pcap-inspector';
const TOOLS = ['pcap_summary', 'pcap_findings', 'pcap_packets', 'pcap_packet_detail', 'pcap_follow', 'pcap_flows', 'pcap_compare'];

/** Calls a tool as an agent in chat would (no chat request: no invocation token) and returns its text. */
async function invoke(name: string, input: object, token?: vscode.CancellationToken): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
  assert.equal(result.content.length, 1);
  const part = result.content[0];
  assert.ok(part instanceof vscode.LanguageModelTextPart, 'a text part');
  return part.value;
}

/** The frame a reveal link in a tool result points at, with its capture. */
function revealLinks(text: string): Array<{ label: string; args: [string, number] }> {
  return [...text.matchAll(/\[(\d+)\]\(command:pcapInspector\.revealPacket\?([^)]+)\)/g)].map((m) => ({
    label: m[1],
    args: JSON.parse(decodeURIComponent(m[2])),
  }));
}

describe('language-model tools (vscode.lm) over the workspace captures', () => {
  let api: PcapInspectorApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<PcapInspectorApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    api = await ext.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers the seven tools with the schemas package.json declares', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    for (const name of TOOLS) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is registered`);
      const declared = pkg.contributes.languageModelTools.find((t: { name: string }) => t.name === name);
      assert.deepEqual(tool.inputSchema, declared.inputSchema);
      assert.equal(tool.description, declared.modelDescription);
    }
  });

  it('pcap_summary: the founding case, by a path relative to the workspace', async () => {
    const text = await invoke('pcap_summary', { path: 'founding-tsecr.pcap' });
    assert.match(text, /^Packets: 22 \(/m);
    assert.match(text, /1 TCP conversation \(1 handshake-reset-by-client\)/);
    assert.match(text, /\[error\] SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965/);
  });

  it('pcap_findings: evidence frames are links that reveal the frame in the capture editor', async () => {
    const uri = workspaceFile('founding-tsecr.pcap');
    const text = await invoke('pcap_findings', { path: uri.fsPath });
    assert.match(text, /Rule tcp\.handshake\.tsecr-mismatch; confidence high/);
    assert.match(text, /net\.ipv4\.tcp_timestamps = 0 \(on the client\)/);
    const links = revealLinks(text);
    assert.deepEqual(
      links.slice(0, 4).map((l) => l.label),
      ['3', '4', '5', '6'],
    );
    assert.equal(vscode.Uri.parse(links[1].args[0]).fsPath, uri.fsPath);
    assert.equal(links[1].args[1], 4);
    // Following the link does what a click does: runs the command with its arguments.
    await vscode.commands.executeCommand('pcapInspector.revealPacket', ...links[1].args);
    const doc = await until('the capture editor', () => api.editors.documents.get(uri.toString()));
    await until('frame 4 selected', () => doc.viewStates().some((s) => s.selected === 3));
  });

  it('pcap_compare: two captures of the founding case in the workspace; frames of A are links into A', async () => {
    // Copied in for this test only: the workspace-wide analysis of the other suites does not count them.
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const copies = ['a', 'b'].map((side) => {
      const target = workspaceFile(`compare-founding-${side}.pcap`).fsPath;
      fs.copyFileSync(path.join(ext.extensionPath, `test/fixtures/compare/founding-${side}.pcap`), target);
      return target;
    });
    try {
      const text = await invoke('pcap_compare', { path: 'compare-founding-a.pcap', other: 'compare-founding-b.pcap' });
      assert.match(text, /\[error\] Rewrites TSecr of 3 SYN\/ACKs .*→ 2174718965 \(rule compare\.rewritten;/);
      assert.match(text, /\[error\] Forges 1 RST .*\(rule compare\.appeared-between;/);
      const links = revealLinks(text);
      assert.ok(links.length > 0, 'evidence frames of A are links');
      assert.ok(links.every((l) => vscode.Uri.parse(l.args[0]).fsPath === copies[0]));
    } finally {
      for (const f of copies) fs.rmSync(f, { force: true });
    }
  });

  it('pcap_packets: a display filter, a page and the next offset', async () => {
    const text = await invoke('pcap_packets', { path: 'founding-tsecr.pcap', filter: 'tcp.flags.reset == 1', limit: 2 });
    assert.match(text, /^6 of 22 packets match the filter "tcp\.flags\.reset == 1"\./);
    assert.deepEqual(
      revealLinks(text).map((l) => l.label),
      ['5', '8'],
    );
    assert.match(text, /call pcap_packets again with offset 2/);
  });

  it('pcap_packet_detail, pcap_follow and pcap_flows on real captures (a gzip one too)', async () => {
    assert.match(
      await invoke('pcap_packet_detail', { path: 'founding-tsecr.pcap', frame: 4 }),
      /Timestamp echo reply: 2174718965 \[tcp\.options\.timestamp\.tsecr\]/,
    );
    const follow = await invoke('pcap_follow', { path: 'http-ipv4.pcap.gz', stream: 0, maxBytes: 100 });
    assert.match(follow, /GET \/big HTTP\/1\.1/);
    assert.match(follow, /call pcap_follow again with offset 100/);
    assert.match(await invoke('pcap_flows', { path: 'http-ipv4.pcap', transport: 'tcp' }), /- tcp stream 0: 10\.77\.0\.1:36526 → 10\.77\.0\.2:80, /);
  });

  it('errors reach the caller as sentences: missing file, outside the workspace, bad filter, frame out of range', async () => {
    await assert.rejects(invoke('pcap_summary', { path: 'missing.pcap' }), /No such file: missing\.pcap/);
    await assert.rejects(invoke('pcap_summary', { path: '/etc/passwd' }), /outside the folders/);
    await assert.rejects(invoke('pcap_summary', { path: '../outside.pcap' }), /outside the folders/);
    await assert.rejects(invoke('pcap_packets', { path: 'founding-tsecr.pcap', filter: 'tcp.port ==' }), /display filter "tcp\.port ==" is not valid/);
    await assert.rejects(invoke('pcap_packet_detail', { path: 'founding-tsecr.pcap', frame: 99 }), /Frame 99 is out of range: the capture has 22 packets/);
  });

  it('a call cancelled while it runs stops with a cancellation, and the next call is answered', async () => {
    const cancelled = (e: Error) => e instanceof vscode.CancellationError || /cancel/i.test(e.message);
    const before = new vscode.CancellationTokenSource();
    before.cancel();
    await assert.rejects(invoke('pcap_summary', { path: 'founding-tsecr.pcap' }, before.token), cancelled);
    // The large capture takes far longer than 100 ms to index and filter: the cancellation lands mid-call.
    const during = new vscode.CancellationTokenSource();
    const call = invoke('pcap_packets', { path: 'big-founding.pcap', filter: 'tcp.analysis.retransmission && frame.len > 60' }, during.token);
    setTimeout(() => during.cancel(), 100);
    await assert.rejects(call, cancelled);
    assert.match(await invoke('pcap_summary', { path: 'founding-tsecr.pcap' }), /^Packets: 22 \(/m);
  });
});
