// Runs inside a real VS Code's extension host (code-server), as an extensionTestsPath entry: measures
// the extension host process itself while the editor opens the million-packet capture, the worker
// reads and analyses it and the Problems panel gets its findings. Writes its figures to the JSON file
// named in the workspace's .bench-result-path (the runner cannot pass environment variables).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../src/extension/extension';

const EXTENSION_ID = 'pcap-inspector.pcap-inspector';

function status(key: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function until<T>(probe: () => T | undefined | false, ms: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const out = fs.readFileSync(path.join(folder.fsPath, '.bench-result-path'), 'utf8').trim();
  const api = await vscode.extensions.getExtension<PcapInspectorApi>(EXTENSION_ID)!.activate();
  // Settle first: the baseline is the extension host with the extension active and nothing open.
  await new Promise((r) => setTimeout(r, 3000));
  const before = { rss: status('VmRSS'), hwm: status('VmHWM') };
  const uri = vscode.Uri.joinPath(folder, 'bench-1m.pcap');
  const t0 = Date.now();
  await vscode.commands.executeCommand('vscode.openWith', uri, 'pcapInspector.capture');
  const doc = await until(() => api.editors.documents.get(uri.toString()), 60000);
  await until(() => doc.header, 120000);
  const loaded = (Date.now() - t0) / 1000;
  const analysis = await until(() => (doc.analysisState.status === 'ready' ? doc.analysisState : undefined), 120000);
  const analysed = (Date.now() - t0) / 1000;
  const problems = await until(() => api.problems.findings.get(uri), 120000);
  const findingsShown = (Date.now() - t0) / 1000;
  // The Flows tab's first window, as the webview asks for it.
  await doc.query({ type: 'flows', sort: { key: 'stream', descending: false }, start: 0, count: 60 });
  await new Promise((r) => setTimeout(r, 1000));
  const after = { rss: status('VmRSS'), hwm: status('VmHWM') };
  fs.writeFileSync(
    out,
    JSON.stringify({
      before,
      after,
      loaded,
      analysed,
      findingsShown,
      packets: doc.header!.packets,
      flows: analysis.flowCount,
      findings: problems.analysis.findings.length,
      answeredByEditor: api.problems.client.answeredByEditor,
    }),
  );
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
