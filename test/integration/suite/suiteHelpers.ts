import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

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
