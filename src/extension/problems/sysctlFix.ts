import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Fix } from '../../core/diagnosis/finding';
import { appendSysctlLine, editExistingSettings, newSysctlFile } from '../../core/config/sysctlEdits';
import type { TextEdit } from '../../core/config/sysctlEdits';
import type { SysctlSetting } from '../../core/config/sysctlSetting';
import type { SysctlConfigIndex } from './sysctlConfigIndex';

export const ADD_SYSCTL_SETTING = 'pcapInspector.problems.addSysctlSetting';
export const NEW_SYSCTL_FILE = '90-pcap-inspector.conf';

/** The cost in the few words an action title can hold; the full sentence is in the finding's fix. */
const SHORT_COST: Record<string, string> = {
  'net.ipv4.tcp_timestamps': 'workaround: PAWS and RTT measurement off, tcp_tw_reuse ineffective; the real fix is the middlebox that rewrites the option',
};

export function costText(fix: Fix & { action: { kind: 'sysctl' } }): string {
  return SHORT_COST[fix.action.key] ?? (fix.cost ? `cost: ${fix.cost}` : '');
}

function toRange(r: TextEdit['range']): vscode.Range {
  return new vscode.Range(r.startLine, r.startChar, r.endLine, r.endChar);
}

export function workspaceEditOf(edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(vscode.Uri.parse(e.file), toRange(e.range), e.newText);
  return we;
}

export function relativeName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** Edits that change one existing assignment of `key` to `value`, one per setting that differs. */
export function existingSettingEdits(settings: SysctlSetting[], key: string, value: string): Array<{ setting: SysctlSetting; edit: vscode.WorkspaceEdit }> {
  return settings.filter((s) => s.key === key && s.value.trim() !== value).map((setting) => ({ setting, edit: workspaceEditOf(editExistingSettings([setting], key, value)) }));
}

/** Where a new sysctl.d file goes: into each sysctl.d directory the workspace has, else <folder>/sysctl.d. */
function newFileTargets(index: SysctlConfigIndex): vscode.Uri[] {
  const dirs = new Map<string, vscode.Uri>();
  for (const f of index.sysctlFiles()) if (path.posix.basename(path.posix.dirname(f.path)) === 'sysctl.d') {
    const dir = vscode.Uri.joinPath(f, '..');
    dirs.set(dir.toString(), dir);
  }
  if (!dirs.size) for (const folder of vscode.workspace.workspaceFolders ?? []) dirs.set(folder.uri.toString(), vscode.Uri.joinPath(folder.uri, 'sysctl.d'));
  return [...dirs.values()].map((d) => vscode.Uri.joinPath(d, NEW_SYSCTL_FILE));
}

/** An undoable edit that appends `key = value` to a sysctl file, or creates the file with it. */
export async function addSettingEdit(target: vscode.Uri, key: string, value: string, comment: string): Promise<vscode.WorkspaceEdit> {
  const we = new vscode.WorkspaceEdit();
  let text: string | undefined;
  try {
    text = (await vscode.workspace.openTextDocument(target)).getText();
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    we.createFile(target, { ignoreIfExists: true });
    we.insert(target, new vscode.Position(0, 0), newSysctlFile(key, value, comment));
  } else {
    const e = appendSysctlLine(target.toString(), text, key, value, comment);
    we.replace(target, toRange(e.range), e.newText);
  }
  return we;
}

/**
 * Adds a setting to the sysctl file the user picks (the ones the workspace has, or a new
 * sysctl.d/90-pcap-inspector.conf); `target` skips the question. Applied as one WorkspaceEdit, so
 * Undo takes it back.
 */
export function registerAddSysctlSetting(index: SysctlConfigIndex): vscode.Disposable {
  return vscode.commands.registerCommand(ADD_SYSCTL_SETTING, async (key: string, value: string, comment: string, target?: vscode.Uri | string): Promise<boolean> => {
    await index.ready();
    let uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
    if (!uri) {
      const items: Array<vscode.QuickPickItem & { uri: vscode.Uri }> = [
        ...index.sysctlFiles().map((f) => ({ label: `$(file) ${relativeName(f)}`, description: 'append the setting', uri: f })),
        ...newFileTargets(index).map((f) => ({ label: `$(new-file) ${relativeName(f)}`, description: 'create this file', uri: f })),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: `Where should ${key} = ${value} go?`, placeHolder: 'sysctl files found in the workspace' });
      if (!pick) return false;
      uri = pick.uri;
    }
    const ok = await vscode.workspace.applyEdit(await addSettingEdit(uri, key, value, comment));
    if (ok) await vscode.window.showTextDocument(uri, { preview: false });
    return ok;
  });
}
