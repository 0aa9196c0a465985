import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';
import { packetTextUri } from '../../../src/extension/problems/packetTextView';
import { until } from './suiteHelpers';

const EXTENSION_ID = 'pcap-inspector.pcap-inspector';

function compareDiagnostics(capture: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(packetTextUri(capture)).filter((d) => d.source === 'PCAP Inspector compare');
}

/** The Explorer's "Compare Captures" on the founding pair (test/fixtures/compare), in a real VS Code. */
describe('PCAP Inspector compare panel in a real VS Code', () => {
  let api: PcapInspectorApi;
  let a: vscode.Uri, b: vscode.Uri;

  before(async () => {
    const ext = vscode.extensions.getExtension<PcapInspectorApi>(EXTENSION_ID)!;
    api = await ext.activate();
    a = vscode.Uri.joinPath(ext.extensionUri, 'test/fixtures/compare/founding-a.pcap');
    b = vscode.Uri.joinPath(ext.extensionUri, 'test/fixtures/compare/founding-b.pcap');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Compare Captures on two selected files opens the panel and puts the findings in the Problems of both files; closing it clears them', async () => {
    // What the Explorer passes for a multi-selection: the clicked file, then all selected.
    await vscode.commands.executeCommand('pcapInspector.compareCaptures', a, [a, b]);
    const panel = await until('the compare panel', () => api.compare.panels[0]);
    assert.equal(panel.panel.title, 'founding-a.pcap ⇄ founding-b.pcap');
    const summary = await panel.compared;
    assert.ok(summary, 'the comparison ran');
    assert.equal(summary.rows, 18);
    // The page is up: it asked the worker for its rows through the host.
    await until('the page asking for rows', () => panel.answered > 0);

    const inA = await until('compare problems on A', () => compareDiagnostics(a).length >= 4 && compareDiagnostics(a));
    const inB = await until('compare problems on B', () => compareDiagnostics(b).length >= 4 && compareDiagnostics(b));
    const byRule = (ds: vscode.Diagnostic[], rule: string) => ds.filter((d) => typeof d.code === 'object' && d.code.value === rule);
    // The forged RST is A's frame 15 (line 14 of A's text view); B has no such packet.
    const forged = byRule(inA, 'compare.appeared-between');
    assert.equal(forged.length, 1);
    assert.equal(forged[0].range.start.line, 14);
    assert.equal(forged[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(forged[0].message, /^Forges 1 RST .*\(compared with founding-b\.pcap: between A and B/);
    assert.equal(byRule(inB, 'compare.appeared-between').length, 0);
    // The rule's page, shipped with the extension, is the problem's link.
    await vscode.workspace.fs.stat((forged[0].code as { target: vscode.Uri }).target);
    // The lost response is B's frame 15; A has no such packet.
    assert.equal(byRule(inB, 'compare.lost-between')[0].range.start.line, 14);
    assert.equal(byRule(inA, 'compare.lost-between').length, 0);
    // The rewritten SYN/ACKs are evidence in both: frame 2 first, each pointing at the other file's frames too.
    const rewrittenA = byRule(inA, 'compare.rewritten')[0];
    assert.equal(rewrittenA.range.start.line, 1);
    assert.deepEqual(
      rewrittenA.relatedInformation!.map((r) => `${r.location.uri.toString() === packetTextUri(b).toString() ? 'B' : 'A'}${r.location.range.start.line + 1}`),
      ['A2', 'A5', 'A8', 'B2', 'B5', 'B8'],
    );
    assert.equal(byRule(inB, 'compare.rewritten')[0].range.start.line, 1);

    panel.panel.dispose();
    await until('the compare problems cleared', () => !compareDiagnostics(a).length && !compareDiagnostics(b).length);
    assert.equal(api.compare.panels.length, 0);
  });
});
