import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { packetTextUri } from '../../../src/extension/problems/packetTextView';
import { until, workspaceFile } from './suiteHelpers';

const EXTENSION_ID = 'pcap-inspector.pcap-inspector';
const RULE = 'tcp.handshake.tsecr-mismatch';


function write(name: string, text: string): vscode.Uri {
  const uri = workspaceFile(name);
  fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
  fs.writeFileSync(uri.fsPath, text);
  return uri;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'PCAP Inspector');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** The position of `needle` on a line of a document. */
function at(doc: vscode.TextDocument, line: number, needle: string, offset = 1): vscode.Position {
  const col = doc.lineAt(line).text.indexOf(needle);
  assert.ok(col >= 0, `${needle} not on line ${line}: ${doc.lineAt(line).text}`);
  return new vscode.Position(line, col + offset);
}

const SYSCTL_D = 'infra/etc/sysctl.d/99-network.conf';
const SYSCTL_D_TEXT = '# network tuning\nnet.core.somaxconn = 4096\nnet.ipv4.tcp_timestamps = 1\nnet.ipv4.tcp_sack = 1\n';
const SYSCTL_CONF = 'infra/etc/sysctl.conf';
const SYSCTL_CONF_TEXT = 'kernel.panic = 10\n';
const ANSIBLE = 'infra/roles/net/tasks/main.yml';
const ANSIBLE_TEXT = '- name: keep timestamps on\n  ansible.posix.sysctl:\n    name: net.ipv4.tcp_timestamps\n    value: "1"\n    state: present\n';
const BROKEN = 'infra/k8s/broken.yaml';
const BROKEN_TEXT = 'spec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_timestamps\n        value: [1\n';

describe('PCAP Inspector problems, quick fixes and hovers in a real VS Code', () => {
  let api: PcapInspectorApi;
  const capture = () => workspaceFile('founding-tsecr.pcap');
  const textUri = () => packetTextUri(capture());
  /** Calls to the capture editor's reveal command; recorded by a stand-in only while the real command is absent. */
  const revealed: Array<[string, number]> = [];
  let standIn: vscode.Disposable | undefined;

  before(async () => {
    write(SYSCTL_D, SYSCTL_D_TEXT);
    write(SYSCTL_CONF, SYSCTL_CONF_TEXT);
    write(ANSIBLE, ANSIBLE_TEXT);
    write(BROKEN, BROKEN_TEXT);
    api = await vscode.extensions.getExtension<PcapInspectorApi>(EXTENSION_ID)!.activate();
    if (!(await vscode.commands.getCommands(true)).includes('pcapInspector.revealPacket')) {
      standIn = vscode.commands.registerCommand('pcapInspector.revealPacket', (uri: vscode.Uri, frame: number) => { revealed.push([uri.toString(), frame]); });
    }
  });

  after(async () => {
    standIn?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(workspaceFile('infra').fsPath, { recursive: true, force: true });
  });

  it('opening the founding-case capture puts its timestamp finding in the Problems panel', async () => {
    await vscode.commands.executeCommand('vscode.open', capture());
    const d = await until('the tsecr-mismatch diagnostic', () => ours(textUri()).find((x) => codeOf(x) === RULE));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /echoes TSecr 2174718965, not the SYN's TSval 340731516/);
    assert.equal(d.range.start.line, 2, 'on the line of frame 3, the first evidence packet');
    const target = (d.code as { target: vscode.Uri }).target;
    assert.match(target.path, /docs\/rules\/tcp\.handshake\.tsecr-mismatch\.md$/);
    await vscode.workspace.fs.stat(target);
    assert.deepEqual(d.relatedInformation?.map((r) => r.location.range.start.line), [2, 3, 4, 5]);
    assert.match(d.relatedInformation![1].message, /^frame +4 .*\[SYN, ACK\].*TSecr=2174718965/);
    assert.equal(d.relatedInformation![1].location.uri.toString(), textUri().toString());
  });

  it('a capture open in the editor is read and analysed once: the Problems side asks the editor\'s worker', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.problems.findings.delete(capture());
    const before = api.problems.client.answeredByEditor;
    await vscode.commands.executeCommand('vscode.openWith', capture(), 'pcapInspector.capture');
    await until('the findings again', () => api.problems.findings.get(capture()));
    assert.ok(api.problems.client.answeredByEditor > before, 'the findings came from the editor\'s worker, not a second read of the file');
    assert.equal(api.problems.findings.get(capture())!.analysis.findings[0].rule, RULE);
    await until('the diagnostic back', () => ours(textUri()).find((x) => codeOf(x) === RULE));
    // Hovers and the text view are answered by the open editor too.
    const asked = api.problems.client.answeredByEditor;
    const { text } = await api.problems.client.text(capture());
    assert.equal(text.split('\n').length - 1, 22);
    assert.ok(api.problems.client.answeredByEditor > asked, 'the text view came from the editor\'s worker');
  });

  it('the text view shows one tshark-style line per packet, with CodeLenses on the evidence', async () => {
    const doc = await vscode.workspace.openTextDocument(textUri());
    assert.equal(doc.lineCount - 1, 22);
    assert.match(doc.lineAt(3).text, /^ 4 +0\.018647000 +10\.77\.2\.2 → 10\.77\.1\.1 +TCP +74 8080 → 35034 \[SYN, ACK\] .*TSecr=2174718965 WS=1024$/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', textUri());
    const reveal = lenses.find((l) => l.range.start.line === 3 && l.command?.command === 'pcapInspector.problems.revealPacket');
    assert.ok(reveal, `lenses: ${lenses.map((l) => `${l.range.start.line}:${l.command?.title}`).join(', ')}`);
    assert.deepEqual(reveal.command!.arguments, [capture().toString(), 4]);
    assert.ok(lenses.some((l) => l.range.start.line === 3 && l.command?.command === 'pcapInspector.problems.showStream'));
  });

  it('hovers on TCP options and flags explain them and their meaning in the flow', async () => {
    const doc = await vscode.workspace.openTextDocument(textUri());
    const tsecr = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', textUri(), at(doc, 3, 'TSecr=', 2)));
    assert.match(tsecr, /Timestamps option \(kind 8, 10 bytes\) · RFC 7323 §3/);
    assert.match(tsecr, /Does not echo the SYN's TSval 340731516 \(frame 3\)/);
    assert.match(tsecr, /Evidence for `tcp\.handshake\.tsecr-mismatch`/);
    const okEcho = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', textUri(), at(doc, 2, 'TSecr=')));
    assert.match(okEcho, /A SYN has nothing to echo yet/);
    const ws = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', textUri(), at(doc, 2, 'WS=')));
    assert.match(ws, /Window scale option \(kind 3, 3 bytes\) · RFC 7323 §2/);
    assert.match(ws, /multiplied by 1024/);
    const mss = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', textUri(), at(doc, 2, 'MSS=')));
    assert.match(mss, /Maximum segment size option \(kind 2, 4 bytes\)/);
    const rst = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', textUri(), at(doc, 4, 'RST]')));
    assert.match(rst, /RST flag · RFC 9293/);
    assert.match(rst, /A reset without ACK/);
  });

  it('the quick fix changes the workspace sysctl line to disable timestamps, and undo restores it', async () => {
    const conf = workspaceFile(SYSCTL_D);
    const yml = workspaceFile(ANSIBLE).toString();
    await until('the config index to see the sysctl.d file and the Ansible task', () => [conf.toString(), yml].every((f) => api.problems.config.settings().some((s) => s.file === f)));
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', textUri(), d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const change = actions.find((a) => a.title.startsWith('Disable TCP timestamps on the client') && a.title.includes('99-network.conf'));
    assert.ok(change?.edit, titles.join('\n'));
    assert.match(change.title, /line 3 of .*99-network\.conf \(1 → 0\)/);
    assert.match(change.title, /PAWS and RTT measurement off, tcp_tw_reuse ineffective; the real fix is the middlebox/);
    assert.ok(titles.some((t) => t.startsWith('Disable TCP timestamps on the client') && t.includes('main.yml')), 'the Ansible task is offered too');
    assert.ok(titles.some((t) => /add it to a sysctl file/.test(t)));
    assert.ok(titles.includes('Copy command (Apply now (until reboot)): sudo sysctl -w net.ipv4.tcp_timestamps=0'), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith('Copy command (Persist across reboots)')));
    assert.ok(titles.includes('Show handshake diagram (stream 0)'));
    assert.ok(titles.includes('Open RFC 7323 §3.2'));
    assert.ok(titles.includes('Filter to this stream: tcp.stream == 0'));

    assert.ok(await vscode.workspace.applyEdit(change.edit!));
    const doc = await vscode.workspace.openTextDocument(conf);
    assert.equal(doc.getText(), SYSCTL_D_TEXT.replace('net.ipv4.tcp_timestamps = 1', 'net.ipv4.tcp_timestamps = 0'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => doc.getText() === SYSCTL_D_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('adding the setting to a sysctl file the user picks is one undoable edit', async () => {
    const conf = workspaceFile(SYSCTL_CONF);
    assert.ok(await vscode.commands.executeCommand('pcapInspector.problems.addSysctlSetting', 'net.ipv4.tcp_timestamps', '0', 'Added by PCAP Inspector', conf.toString()));
    const doc = await vscode.workspace.openTextDocument(conf);
    assert.equal(doc.getText(), `${SYSCTL_CONF_TEXT}# Added by PCAP Inspector\nnet.ipv4.tcp_timestamps = 0\n`);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => doc.getText() === SYSCTL_CONF_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the other actions copy the command and filter to the stream', async () => {
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', textUri(), d.range, vscode.CodeActionKind.QuickFix.value);
    const copy = actions.find((a) => a.title.startsWith('Copy command (Apply now'))!;
    await vscode.commands.executeCommand(copy.command!.command, ...copy.command!.arguments!);
    assert.equal(await vscode.env.clipboard.readText(), 'sudo sysctl -w net.ipv4.tcp_timestamps=0');
    const filter = actions.find((a) => a.title === 'Filter to this stream: tcp.stream == 0')!;
    await vscode.commands.executeCommand(filter.command!.command, ...filter.command!.arguments!);
    // The capture editor's own filter command applies it in the editor's filter bar.
    const doc = await until('the capture editor', () => api.editors.documents.get(capture().toString()));
    const states = (doc as unknown as { viewStates: () => Array<{ filter: string; tab: string }> }).viewStates;
    await until('the editor filtered to stream 0', () => states.call(doc).some((s) => s.filter === 'tcp.stream == 0' && s.tab === 'packets'), 30000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('config review: the implicated sysctl line gets a diagnostic and a fix; hovers explain keys with what the capture shows', async () => {
    const conf = workspaceFile(SYSCTL_D);
    // Every analysed capture that implicates the line gets its own diagnostic there: take the founding case's.
    const d = await until('the config diagnostic', () => ours(conf).find((x) => codeOf(x) === RULE && x.message.startsWith('founding-tsecr.pcap:')));
    assert.equal(d.range.start.line, 2);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /founding-tsecr\.pcap: SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965.*This line sets net\.ipv4\.tcp_timestamps = 1; setting it to 0 on the client works around it/);
    const doc = await vscode.workspace.openTextDocument(conf);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', conf, d.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.title.startsWith('Set net.ipv4.tcp_timestamps = 0 here') && a.edit), actions.map((a) => a.title).join('\n'));
    const yml = workspaceFile(ANSIBLE);
    await until('the Ansible diagnostic', () => ours(yml).find((x) => codeOf(x) === RULE && x.range.start.line === 2));

    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', conf, at(doc, 2, 'tcp_timestamps')));
    assert.match(hover, /\*\*net\.ipv4\.tcp_timestamps\*\*/);
    assert.match(hover, /Whether TCP sends RFC 7323 timestamps/);
    assert.match(hover, /\*\*Values:\*\* 0 = off; 1 = on/);
    assert.match(hover, /\*\*Default:\*\* 1/);
    assert.match(hover, /\*\*Here:\*\* 1/);
    assert.match(hover, /\[founding-tsecr\.pcap\]\(command:pcapInspector\.problems\.revealPacket\?.*\)\*\* shows `tcp\.handshake\.tsecr-mismatch`/);
    const somaxconn = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', conf, at(doc, 1, 'somaxconn')));
    assert.match(somaxconn, /accept backlog/);
    const ydoc = await vscode.workspace.openTextDocument(yml);
    const yhover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', yml, at(ydoc, 2, 'net.ipv4')));
    assert.match(yhover, /\*\*Here:\*\* 1/);
  });

  it('malformed YAML gets a clear diagnostic, no crash', async () => {
    const broken = workspaceFile(BROKEN);
    await vscode.workspace.openTextDocument(broken);
    const d = await until('the YAML diagnostic', () => ours(broken).find((x) => /YAML error/.test(x.message)));
    assert.ok(d.range.start.line >= 4, `at line ${d.range.start.line}`);
  });

  it('going to the problem (marker navigation) opens the text view on the evidence and reveals the packet in the capture editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    revealed.length = 0;
    // Open the text view away from the evidence, then navigate like F8 / a click in the Problems panel.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(textUri()), { selection: new vscode.Range(0, 0, 0, 0) });
    await vscode.commands.executeCommand('editor.action.marker.next');
    const editor = await until('the selection on the evidence line', () => vscode.window.activeTextEditor?.selection.start.line === 2 ? vscode.window.activeTextEditor : undefined, 10000).catch(() => vscode.window.activeTextEditor);
    assert.equal(editor?.selection.start.line, 2, 'marker navigation selects the evidence line');
    if (standIn) {
      await until('the reveal', () => revealed.length > 0);
      assert.deepEqual(revealed[0], [capture().toString(), 3]);
    } else {
      const doc = await until('the capture editor', () => api.editors.documents.get(capture().toString()));
      const states = (doc as unknown as { viewStates?: () => Array<{ selected: number; diagram: number }> }).viewStates;
      assert.ok(states, 'the capture document reports its views\' state');
      await until('packet 3 selected with stream 0\'s diagram', () => states.call(doc).some((s) => s.selected === 2 && s.diagram === 0), 30000);
    }
  });

  it('cancelling an analysis stops the worker mid-file; the next analysis starts a fresh one', async () => {
    const big = workspaceFile('infra/big-copy.pcap');
    fs.copyFileSync(workspaceFile('big-founding.pcap').fsPath, big.fsPath);
    const cts = new vscode.CancellationTokenSource();
    const job = api.problems.analyses.analyze(big, cts.token);
    setTimeout(() => cts.cancel(), 50);
    await assert.rejects(job, /cancelled/);
    assert.equal(api.problems.findings.has(big), false);
    await api.problems.analyses.analyze(big);
    assert.ok(api.problems.findings.get(big)!.analysis.packets === 220000);
    fs.rmSync(big.fsPath);
    await until('the deleted copy\'s findings to go', () => !api.problems.findings.has(big));
  });

  it('analyses every capture in the workspace on command, and drops findings of a deleted capture', async () => {
    const copy = workspaceFile('infra/copy-of-founding.pcap');
    fs.copyFileSync(capture().fsPath, copy.fsPath);
    const result = await vscode.commands.executeCommand<{ captures: number; findings: number; cancelled: boolean }>('pcapInspector.analyzeWorkspace');
    assert.equal(result.cancelled, false);
    assert.ok(result.captures >= 2, JSON.stringify(result));
    await until('the copy\'s diagnostics', () => ours(packetTextUri(copy)).some((x) => codeOf(x) === RULE));
    fs.rmSync(copy.fsPath);
    await until('the copy\'s diagnostics to go', () => ours(packetTextUri(copy)).length === 0);
  });
});
