import * as path from 'node:path';
import * as vscode from 'vscode';
import { keyLogCandidates } from '../core/tls/keyLogCandidates';
import type { KeyLogSpec } from '../protocol';

/** The setting naming a key log for the workspace's captures (absolute, or relative to the workspace folder). */
export const KEY_LOG_SETTING = 'pcapInspector.tls.keyLogFile';
/** workspaceState: capture URI → the key log chosen for it with "Use TLS Key Log…". */
const CHOSEN_KEY = 'pcapInspector.tls.chosenKeyLogs';
/** A key log is text, one short line per secret: more than this is not one. */
const MAX_KEY_LOG_BYTES = 64 * 1024 * 1024;

/**
 * Where a capture's TLS keys come from, first found wins: the key log chosen for this capture with
 * the command, the workspace setting, then a key log beside the capture (keyLogCandidates).
 */
export class TlsKeyLogSource {
  constructor(private readonly state: vscode.Memento) {}

  async find(capture: vscode.Uri): Promise<KeyLogSpec | undefined> {
    // Looked for at once (a remote file system answers each in a round trip), taken in order.
    const candidates = this.candidates(capture);
    const texts = await Promise.all(candidates.map(readSmall));
    const k = texts.findIndex((t) => t !== undefined);
    if (k < 0) return undefined;
    const uri = candidates[k];
    return { file: uri.scheme === 'file' ? uri.fsPath : uri.toString(), text: texts[k]! };
  }

  /** Remembers `keyLog` for `capture` in this workspace (undefined forgets the choice). */
  async choose(capture: vscode.Uri, keyLog: vscode.Uri | undefined): Promise<void> {
    const chosen = { ...this.state.get<Record<string, string>>(CHOSEN_KEY, {}) };
    if (keyLog) chosen[capture.toString()] = keyLog.toString();
    else delete chosen[capture.toString()];
    await this.state.update(CHOSEN_KEY, chosen);
  }

  private candidates(capture: vscode.Uri): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    const chosen = this.state.get<Record<string, string>>(CHOSEN_KEY, {})[capture.toString()];
    if (chosen) out.push(vscode.Uri.parse(chosen));
    const setting = vscode.workspace.getConfiguration('pcapInspector', capture).get<string>('tls.keyLogFile', '').trim();
    if (setting) {
      const folder = vscode.workspace.getWorkspaceFolder(capture)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      out.push(path.isAbsolute(setting) || !folder ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder, setting));
    }
    const dir = vscode.Uri.joinPath(capture, '..');
    for (const name of keyLogCandidates(path.posix.basename(capture.path))) out.push(vscode.Uri.joinPath(dir, name));
    return out;
  }
}

/** The file's text, or undefined when it is missing, a folder, or too large to be a key log. */
async function readSmall(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory || stat.size > MAX_KEY_LOG_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
