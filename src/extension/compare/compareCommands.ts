import * as vscode from 'vscode';
import { toUri } from '../captureCommands';
import type { CaptureEditorProvider } from '../captureEditorProvider';
import { captureName } from '../problems/analysisClient';
import { CompareClient } from './compareClient';
import { CompareDiagnostics } from './compareDiagnostics';
import { COMPARE_VIEW_TYPE, ComparePanel } from './comparePanel';

const CAPTURE_FILTERS = { Captures: ['pcap', 'pcapng', 'cap', 'gz'] };

/** What the integration tests read: the open compare panels. */
export interface CompareApi {
  panels: ComparePanel[];
}

/**
 * The editor side of issue 14:
 *   pcapInspector.compareCaptures(uri, uris) — the Explorer's "Compare Captures" on two selected files
 *   pcapInspector.compareWith(uri?)         — "Compare with…" from a capture editor: the other file is picked
 * Each opens a compare panel of A (the first) and B (the second).
 */
export function registerCompareCommands(context: vscode.ExtensionContext, editors: CaptureEditorProvider, log: vscode.LogOutputChannel): CompareApi {
  const client = new CompareClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath);
  const diagnostics = new CompareDiagnostics(context.extensionUri);
  const api: CompareApi = { panels: [] };
  const open = (a: vscode.Uri, b: vscode.Uri): ComparePanel => {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `${captureName(a)} ⇄ ${captureName(b)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    const p = new ComparePanel(panel, a, b, client, diagnostics, context.extensionUri, log);
    api.panels.push(p);
    p.onDidClose(() => api.panels.splice(api.panels.indexOf(p), 1));
    return p;
  };
  context.subscriptions.push(
    client,
    diagnostics,
    vscode.commands.registerCommand('pcapInspector.compareCaptures', async (first: unknown, all: unknown) => {
      const picked = Array.isArray(all) && all.length ? all.map(toUri) : first ? [toUri(first)] : [];
      if (picked.length !== 2) {
        void vscode.window.showErrorMessage(`Compare Captures compares two captures of the same traffic: select two files (${picked.length} selected).`);
        return undefined;
      }
      return open(picked[0], picked[1]);
    }),
    vscode.commands.registerCommand('pcapInspector.compareWith', async (arg?: unknown) => {
      const a = arg ? toUri(arg) : editors.activeDocument()?.uri;
      if (!a) {
        void vscode.window.showErrorMessage('Compare with…: open a capture first.');
        return undefined;
      }
      const b = (
        await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: CAPTURE_FILTERS,
          defaultUri: vscode.Uri.joinPath(a, '..'),
          openLabel: 'Compare',
          title: `Compare ${captureName(a)} with the capture taken at the other point`,
        })
      )?.[0];
      return b ? open(a, b) : undefined;
    }),
  );
  return api;
}
