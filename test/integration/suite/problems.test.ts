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
/** Overridden by 99-network.conf (sysctl.d order): never implicated, never offered. */
const SYSCTL_D_OLD = 'infra/etc/sysctl.d/10-old.conf';
const SYSCTL_D_OLD_TEXT = 'net.ipv4.tcp_timestamps = 1\n';
/** Relies on timestamps: disabling them breaks it. */
const SYSCTL_D_REUSE = 'infra/etc/sysctl.d/50-reuse.conf';
const SYSCTL_D_REUSE_TEXT = 'net.ipv4.tcp_tw_reuse = 1\n';
const BROKEN = 'infra/k8s/broken.yaml';
const POD = 'infra/k8s/pod.yaml';
const POD_TEXT =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_timestamps\n        value: "1"\n';
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
    write(SYSCTL_D_OLD, SYSCTL_D_OLD_TEXT);
    write(SYSCTL_D_REUSE, SYSCTL_D_REUSE_TEXT);
    write(POD, POD_TEXT);
    api = await vscode.extensions.getExtension<PcapInspectorApi>(EXTENSION_ID)!.activate();
    if (!(await vscode.commands.getCommands(true)).includes('pcapInspector.revealPacket')) {
      standIn = vscode.commands.registerCommand('pcapInspector.revealPacket', (uri: vscode.Uri, frame: number) => {
        revealed.push([uri.toString(), frame]);
      });
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
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.range.start.line),
      [2, 3, 4, 5],
    );
    assert.match(d.relatedInformation![1].message, /^frame +4 .*\[SYN, ACK\].*TSecr=2174718965/);
    assert.equal(d.relatedInformation![1].location.uri.toString(), textUri().toString());
  });

  it("a capture open in the editor is read and analysed once: the Problems side asks the editor's worker", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.problems.findings.delete(capture());
    const before = api.problems.client.answeredByEditor;
    await vscode.commands.executeCommand('vscode.openWith', capture(), 'pcapInspector.capture');
    await until('the findings again', () => api.problems.findings.get(capture()));
    assert.ok(api.problems.client.answeredByEditor > before, "the findings came from the editor's worker, not a second read of the file");
    assert.equal(api.problems.findings.get(capture())!.analysis.findings[0].rule, RULE);
    await until('the diagnostic back', () => ours(textUri()).find((x) => codeOf(x) === RULE));
    // Hovers and the text view are answered by the open editor too.
    const asked = api.problems.client.answeredByEditor;
    const { text } = await api.problems.client.text(capture());
    assert.equal(text.split('\n').length - 1, 22);
    assert.ok(api.problems.client.answeredByEditor > asked, "the text view came from the editor's worker");
  });

  it('the text view shows one tshark-style line per packet, with CodeLenses on the evidence', async () => {
    // Loaded in the background as a sketch (the evidence lines) for the Problems panel; shown, it is whole.
    const { document: doc } = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(textUri()), { preview: false });
    await until('the full text', () => doc.lineAt(0).text.length > 0);
    assert.match(doc.lineAt(0).text, /^ 1 +0\.000000000 02:77:00:00:01:01 → ff:ff:ff:ff:ff:ff ARP +42 Who has 10\.77\.1\.254\? Tell 10\.77\.1\.1$/);
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
    assert.match(tsecr, /does not echo the SYN's TSval 340731516 \(frame 3\)/);
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

  it('the quick fix changes the sysctl line that takes effect to disable timestamps, and undo restores it', async () => {
    const conf = workspaceFile(SYSCTL_D);
    const yml = workspaceFile(ANSIBLE).toString();
    const files = [conf.toString(), yml, workspaceFile(SYSCTL_D_OLD).toString(), workspaceFile(SYSCTL_D_REUSE).toString()];
    await until('the config index to see the sysctl.d files and the Ansible task', () =>
      files.every((f) => api.problems.config.settings().some((s) => s.file === f)),
    );
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      textUri(),
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    // Short titles that a menu shows as written: where, what, and what it breaks in this workspace.
    const change = actions.find((a) => a.title === 'Client: set tcp_timestamps = 0 in 99-network.conf:3 (breaks tcp_tw_reuse)');
    assert.ok(change?.edit, titles.join('\n'));
    assert.ok(titles.includes('Client: set tcp_timestamps = 0 in main.yml:3 (breaks tcp_tw_reuse)'), 'the Ansible task is offered too');
    assert.ok(!titles.some((t) => t.includes('10-old.conf')), '10-old.conf is overridden by 99-network.conf: changing it would change nothing');
    assert.ok(titles.includes('Client: add net.ipv4.tcp_timestamps = 0 to a sysctl file…'), titles.join('\n'));
    assert.ok(titles.includes('Copy: sudo sysctl -w net.ipv4.tcp_timestamps=0'), titles.join('\n'));
    assert.ok(titles.includes('Copy command: Persist across reboots'), 'a command with && is named by its fix');
    assert.ok(titles.includes('Show handshake diagram (stream 0)'));
    assert.ok(titles.includes('Open RFC 7323 §3.2'));
    assert.ok(titles.includes('Filter to stream 0 (tcp.stream == 0)'));
    for (const t of titles) {
      assert.ok(!t.includes('&'), `a menu shows "&&" as "&" and eats a single "&": ${t}`);
      assert.ok(t.length <= 76, `${t.length} columns: ${t}`);
    }
    // The cost is the command's tooltip and its follow-up message, with the setting it breaks.
    assert.match(
      change.command!.tooltip!,
      /^It also disables net\.ipv4\.tcp_tw_reuse = 1 \(infra\/etc\/sysctl\.d\/50-reuse\.conf:1\): reusing a TIME_WAIT port .* PAWS and RTT measurement off/,
    );

    assert.ok(await vscode.workspace.applyEdit(change.edit!));
    const doc = await vscode.workspace.openTextDocument(conf);
    assert.equal(doc.getText(), SYSCTL_D_TEXT.replace('net.ipv4.tcp_timestamps = 1', 'net.ipv4.tcp_timestamps = 0'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => doc.getText() === SYSCTL_D_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a quick fix on the Kubernetes manifest keeps the value a quoted string', async () => {
    const pod = workspaceFile(POD);
    await until('the pod in the index', () => api.problems.config.settings().some((s) => s.file === pod.toString()));
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      textUri(),
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const change = actions.find((a) => a.title.startsWith('Client: set tcp_timestamps = 0 in pod.yaml:'));
    assert.ok(change?.edit, actions.map((a) => a.title).join('\n'));
    assert.ok(await vscode.workspace.applyEdit(change.edit!));
    const doc = await vscode.workspace.openTextDocument(pod);
    assert.equal(doc.getText(), POD_TEXT.replace('value: "1"', 'value: "0"'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => doc.getText() === POD_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('adding the setting to a sysctl file the user picks is one undoable edit', async () => {
    const conf = workspaceFile(SYSCTL_CONF);
    assert.ok(
      await vscode.commands.executeCommand(
        'pcapInspector.problems.addSysctlSetting',
        'net.ipv4.tcp_timestamps',
        '0',
        'Added by PCAP Inspector',
        conf.toString(),
      ),
    );
    const doc = await vscode.workspace.openTextDocument(conf);
    assert.equal(doc.getText(), `${SYSCTL_CONF_TEXT}# Added by PCAP Inspector\nnet.ipv4.tcp_timestamps = 0\n`);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => doc.getText() === SYSCTL_CONF_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the other actions copy the command and filter to the stream', async () => {
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      textUri(),
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const copy = actions.find((a) => a.title === 'Copy: sudo sysctl -w net.ipv4.tcp_timestamps=0')!;
    await vscode.commands.executeCommand(copy.command!.command, ...copy.command!.arguments!);
    assert.equal(await vscode.env.clipboard.readText(), 'sudo sysctl -w net.ipv4.tcp_timestamps=0');
    const filter = actions.find((a) => a.title === 'Filter to stream 0 (tcp.stream == 0)')!;
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
    assert.match(
      d.message,
      /founding-tsecr\.pcap: SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965.*This line sets net\.ipv4\.tcp_timestamps = 1; setting it to 0 on the client works around it/,
    );
    const doc = await vscode.workspace.openTextDocument(conf);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      conf,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((a) => a.title === 'Set net.ipv4.tcp_timestamps = 0 here (breaks tcp_tw_reuse)' && a.edit),
      actions.map((a) => a.title).join('\n'),
    );
    assert.match(d.message, /Setting it to 0 also disables net\.ipv4\.tcp_tw_reuse = 1 \(50-reuse\.conf line 1\)/);
    assert.deepEqual(
      ours(workspaceFile(SYSCTL_D_OLD)).map((x) => x.message),
      [],
      '10-old.conf is overridden by 99-network.conf (sysctl.d order): not implicated',
    );
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

  /** What a click on the problem in the Problems panel does: open the text view with the problem's range selected. */
  async function goToProblem(d: vscode.Diagnostic): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(textUri()), { selection: d.range, preserveFocus: true, preview: false });
  }

  function activeTab(): vscode.Tab | undefined {
    return vscode.window.tabGroups.activeTabGroup.activeTab;
  }

  function textViewActive(): boolean {
    const input = activeTab()?.input;
    return input instanceof vscode.TabInputText && input.uri.toString() === textUri().toString();
  }

  function captureEditorActive(): boolean {
    const input = activeTab()?.input;
    return input instanceof vscode.TabInputCustom && input.uri.toString() === capture().toString();
  }

  /** Long enough for a reveal the extension would make (it waits 300 ms, the editor takes some more). */
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  it('going to a problem opens the text view on the evidence and reveals the packet in the capture editor, once', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const before = api.problems.navigation.revealed;
    await goToProblem(d);
    await until('the capture editor in front', () => captureEditorActive(), 10000);
    const doc = await until('the capture editor', () => api.editors.documents.get(capture().toString()));
    const states = (doc as unknown as { viewStates: () => Array<{ selected: number; diagram: number }> }).viewStates;
    await until("packet 3 selected with stream 0's diagram", () => states.call(doc).some((s) => s.selected === 2 && s.diagram === 0), 30000);
    await settle();
    assert.equal(api.problems.navigation.revealed, before + 1, 'one reveal per navigation');
  });

  it('after going to a problem, the text view can be brought back, its cursor moved and Go to Line used, without bouncing to the capture editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await goToProblem(ours(textUri()).find((x) => codeOf(x) === RULE)!);
    await until('the capture editor in front', () => captureEditorActive(), 10000);
    await settle();
    const before = api.problems.navigation?.revealed;
    // Its tab clicked: the editor comes back with the selection it had.
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(textUri()), { preview: false });
    await settle();
    assert.ok(textViewActive(), `the text view stays in front, not ${activeTab()?.label}`);
    assert.equal(editor.selection.start.line, 2, 'still at the evidence line');
    // The cursor moved by code (a Command-kind change, like Go to Symbol or a reveal).
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await settle();
    assert.ok(textViewActive(), 'moving the cursor does not reveal');
    // Go to Line, through the real quick access (a Command-kind, "code.jump" selection on an evidence line).
    await vscode.commands.executeCommand('workbench.action.quickOpen', ':3');
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await until('the cursor on line 3', () => vscode.window.activeTextEditor?.selection.active.line === 2);
    await settle();
    assert.ok(textViewActive(), 'Go to Line does not reveal');
    // The capture editor closed: the text view comes forward again and stays.
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === capture().toString());
    assert.ok(tab, 'the capture editor is still open behind');
    await vscode.window.tabGroups.close(tab);
    await settle();
    assert.ok(textViewActive(), 'closing the capture editor leaves the text view in front');
    assert.equal(api.problems.navigation.revealed, before, 'no reveal since the navigation');
    // Going to the problem again reveals again.
    await goToProblem(ours(textUri()).find((x) => codeOf(x) === RULE)!);
    await until('the capture editor in front again', () => captureEditorActive(), 10000);
    assert.equal(api.problems.navigation.revealed, before! + 1);
  });

  it('the Problems panel\'s quick fix "add it to a sysctl file…" keeps its file picker with default settings, and the line gets a wrapped comment', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(vscode.workspace.getConfiguration('pcapInspector.problems').get('revealOnNavigate'), true);
    const d = ours(textUri()).find((x) => codeOf(x) === RULE)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      textUri(),
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const add = actions.find((a) => a.command?.command === 'pcapInspector.problems.addSysctlSetting')!;
    // The Problems panel's Quick Fix menu: it opens the text view at the problem, then runs the fix.
    await goToProblem(d);
    const picked = vscode.commands.executeCommand<boolean>(add.command!.command, ...add.command!.arguments!);
    await settle();
    assert.ok(!captureEditorActive(), 'the fix holds the reveal: the capture editor does not take the focus from the picker');
    // The first file offered is one where the line takes effect: /etc/sysctl.conf (applied last).
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await picked, true, 'the picker was still there to answer');
    assert.equal(add.title, 'Client: add net.ipv4.tcp_timestamps = 0 to a sysctl file…');
    const conf = workspaceFile(SYSCTL_CONF);
    const doc = await vscode.workspace.openTextDocument(conf);
    const added = doc.getText().slice(SYSCTL_CONF_TEXT.length).split('\n');
    assert.equal(doc.getText().slice(0, SYSCTL_CONF_TEXT.length), SYSCTL_CONF_TEXT);
    assert.deepEqual(added.slice(-2), ['net.ipv4.tcp_timestamps = 0', '']);
    const comment = added.slice(0, -2);
    assert.ok(comment.length >= 2 && comment.every((l) => l.startsWith('# ') && l.length <= 80), comment.join('\n'));
    assert.match(
      comment.map((l) => l.slice(2)).join(' '),
      /^Added by PCAP Inspector for founding-tsecr\.pcap, tcp\.handshake\.tsecr-mismatch: SYN\/ACK from 10\.77\.2\.2:8080/,
    );
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => doc.getText() === SYSCTL_CONF_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("Ctrl+. in the read-only text view lists the problem's quick fixes (VS Code's own is off in read-only editors) and applies the chosen one", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const binding = pkg.contributes.keybindings.find((k: { command: string }) => k.command === 'pcapInspector.problems.quickFix');
    assert.deepEqual([binding.key, binding.mac], ['ctrl+.', 'cmd+.']);
    assert.match(binding.when, /^editorTextFocus && resourceScheme == '?pcap-packets'?$/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', textUri());
    assert.ok(
      lenses.some((l) => l.range.start.line === 2 && l.command?.command === 'pcapInspector.problems.quickFix'),
      "a Quick Fix lens on the problem's line",
    );
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(textUri()), {
      selection: new vscode.Range(2, 5, 2, 5),
      preview: false,
    });
    const done = vscode.commands.executeCommand<boolean>('pcapInspector.problems.quickFix');
    await settle();
    assert.ok(textViewActive());
    // The first fix listed: change the sysctl.d line that takes effect.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await done, true);
    const conf = await vscode.workspace.openTextDocument(workspaceFile(SYSCTL_D));
    await until('the sysctl.d line changed', () => conf.getText() === SYSCTL_D_TEXT.replace('net.ipv4.tcp_timestamps = 1', 'net.ipv4.tcp_timestamps = 0'));
    assert.equal(editor.document.uri.toString(), textUri().toString());
    await vscode.window.showTextDocument(conf);
    await vscode.commands.executeCommand('undo');
    await until('undo', () => conf.getText() === SYSCTL_D_TEXT);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the text view has its own language, whose arrows are not boxed by Unicode highlighting', async () => {
    const doc = await vscode.workspace.openTextDocument(textUri());
    assert.equal(doc.languageId, 'pcap-packets');
    assert.match(doc.lineAt(3).text, / → /);
    const allowed = vscode.workspace.getConfiguration('editor.unicodeHighlight', doc).get<Record<string, boolean>>('allowedCharacters');
    assert.equal(allowed?.['→'], true);
    // Only the arrow: text from the capture (an HTTP host, a DNS name) is still highlighted.
    assert.equal(Object.keys(allowed ?? {}).length, 1, JSON.stringify(allowed));
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
    await until("the deleted copy's findings to go", () => !api.problems.findings.has(big));
  });

  it('analyses every capture in the workspace on command, and drops findings of a deleted capture', async () => {
    const copy = workspaceFile('infra/copy-of-founding.pcap');
    fs.copyFileSync(capture().fsPath, copy.fsPath);
    const result = await vscode.commands.executeCommand<{ captures: number; findings: number; cancelled: boolean }>('pcapInspector.analyzeWorkspace');
    assert.equal(result.cancelled, false);
    assert.ok(result.captures >= 2, JSON.stringify(result));
    await until("the copy's diagnostics", () => ours(packetTextUri(copy)).some((x) => codeOf(x) === RULE));
    // Its text view is loaded without being opened: the Problems panel asks quick fixes only of a loaded document.
    const loaded = await until("the copy's text view loaded", () =>
      vscode.workspace.textDocuments.find((t) => t.uri.toString() === packetTextUri(copy).toString()),
    );
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri === loaded.uri), 'not shown');
    // A sketch: the problem's lines where the full view has them, nothing the capture's worker had to make.
    assert.equal(loaded.lineCount - 1, 22);
    assert.equal(loaded.lineAt(0).text, '');
    assert.match(loaded.lineAt(2).text, /^ 3 +0\.009420000 +10\.77\.1\.1 → 10\.77\.2\.2 +TCP +74 35034 → 8080 \[SYN\]/);
    fs.rmSync(copy.fsPath);
    await until("the copy's diagnostics to go", () => ours(packetTextUri(copy)).length === 0);
  });
});
