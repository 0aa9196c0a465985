import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PcapInspectorApi } from '../../../src/extension/extension';

/** Polls `probe` until it yields a value: VS Code's state settles asynchronously. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A file in the workspace folder the runner opens (it holds copies of the fixtures). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder holding the fixtures');
  return vscode.Uri.joinPath(folder.uri, name);
}

/**
 * The extension activated, its folder, and a fresh folder outside the workspace (so the
 * workspace-wide analysis of the other suites does not see what a suite puts there).
 */
export async function activatedWithScratchDir(prefix: string): Promise<{ api: PcapInspectorApi; root: string; dir: string }> {
  const ext = vscode.extensions.getExtension<PcapInspectorApi>('pcap-inspector.pcap-inspector');
  assert.ok(ext);
  const api = await ext.activate();
  return { api, root: ext.extensionPath, dir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)) };
}
