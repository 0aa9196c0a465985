import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { CAPTURE_EDITOR_VIEW_TYPE } from '../../../src/extension/captureEditorProvider';
import { until, workspaceFile } from './suiteHelpers';

function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => (t.input instanceof vscode.TabInputText || t.input instanceof vscode.TabInputCustom) && t.input.uri.toString() === uri.toString());
}

describe('a capture opened as text before the capture editor was ready', () => {
  let api: PcapInspectorApi;
  before(async () => {
    api = await vscode.extensions.getExtension<PcapInspectorApi>('pcap-inspector.pcap-inspector')!.activate();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is moved to PCAP Inspector (what activation does after a URL or a restored session opened it early), other text editors stay', async () => {
    const capture = workspaceFile('opened-early.pcap');
    const text = workspaceFile('opened-early-notes.txt');
    await vscode.workspace.fs.writeFile(capture, await vscode.workspace.fs.readFile(workspaceFile('founding-tsecr.pcap')));
    await vscode.workspace.fs.writeFile(text, new TextEncoder().encode('incident notes\n'));
    // What VS Code does when the editor is not registered yet: the file opens in the text editor.
    await vscode.commands.executeCommand('vscode.openWith', capture, 'default');
    await vscode.window.showTextDocument(text, { preview: false });
    await until('the capture open as text', () => tabsOf(capture).some((t) => t.input instanceof vscode.TabInputText));
    await api.reopenCapturesOpenedAsText();
    const tab = await until('the capture in the custom editor', () => tabsOf(capture).find((t) => t.input instanceof vscode.TabInputCustom));
    assert.equal((tab.input as vscode.TabInputCustom).viewType, CAPTURE_EDITOR_VIEW_TYPE);
    await until('the text tab of the capture closed', () => !tabsOf(capture).some((t) => t.input instanceof vscode.TabInputText));
    assert.ok(tabsOf(text).length === 1, 'an ordinary text file stays open as text');
  });
});
