import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Fix } from '../../core/diagnosis/finding';
import type { BrokenDependent } from '../../core/config/sysctlDependents';
import { dependentsBrokenBy } from '../../core/config/sysctlDependents';
import { effectiveSettings, overrideOfAppended } from '../../core/config/sysctlPrecedence';
import type { Override } from '../../core/config/sysctlPrecedence';
import { appendSysctlLine, editExistingSettings, newSysctlFile } from '../../core/config/sysctlEdits';
import type { TextEdit } from '../../core/config/sysctlEdits';
import type { SysctlSetting } from '../../core/config/sysctlSetting';
import type { NavigationHold } from './revealOnNavigate';
import type { SysctlConfigIndex } from './sysctlConfigIndex';

export const ADD_SYSCTL_SETTING = 'pcapInspector.problems.addSysctlSetting';
/** Runs after a quick fix changed a setting: says what it costs, offers to show the line. */
export const SYSCTL_CHANGED = 'pcapInspector.problems.sysctlChanged';
export const NEW_SYSCTL_FILE = '90-pcap-inspector.conf';

export type SysctlFix = Fix & { action: { kind: 'sysctl' } };

/** The cost in a sentence or two; the full text is in the finding's fix. */
const SHORT_COST: Record<string, string> = {
  'net.ipv4.tcp_timestamps': 'A workaround: PAWS and RTT measurement off, tcp_tw_reuse ineffective; the real fix is the middlebox that rewrites the option.',
};

export function relativeName(uri: vscode.Uri | string): string {
  return vscode.workspace.asRelativePath(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri, false);
}

/** "net.ipv4.tcp_tw_reuse = 1 (infra/etc/sysctl.d/99-network.conf:4)". */
export function dependentText(d: BrokenDependent): string {
  return `${d.setting.key} = ${d.setting.value} (${relativeName(d.setting.file)}:${d.setting.keyRange.startLine + 1})`;
}

/** What a sysctl fix costs, with the settings of this workspace it stops from working. */
export function costText(fix: SysctlFix, dependents: BrokenDependent[]): string {
  const general = SHORT_COST[fix.action.key] ?? (fix.cost ? `Cost: ${fix.cost}` : '');
  if (!dependents.length) return general;
  const which = dependents.map(dependentText).join(', ');
  return `It also disables ${which}: ${dependents[0].why}. ${general}`.trim();
}

/** The dependents a fix breaks, from the workspace's settings. */
export function fixDependents(fix: SysctlFix, index: SysctlConfigIndex): BrokenDependent[] {
  return dependentsBrokenBy(index.settings(), fix.action.key, fix.action.value, sysctlFileList(index));
}

export function sysctlFileList(index: SysctlConfigIndex): string[] {
  return index.sysctlFiles().map((u) => u.toString());
}

function toRange(r: TextEdit['range']): vscode.Range {
  return new vscode.Range(r.startLine, r.startChar, r.endLine, r.endChar);
}

export function workspaceEditOf(edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(vscode.Uri.parse(e.file), toRange(e.range), e.newText);
  return we;
}

/**
 * Edits that change one existing assignment of `key` to `value`, one per setting that takes effect and
 * differs: changing a line that a later sysctl.d file overrides would change nothing.
 */
export function existingSettingEdits(index: SysctlConfigIndex, key: string, value: string): Array<{ setting: SysctlSetting; edit: vscode.WorkspaceEdit }> {
  // In file and line order: the workspace is scanned in parallel, and a menu must not reshuffle.
  return effectiveSettings(index.settings(), sysctlFileList(index))
    .filter((s) => s.key === key && s.value.trim() !== value)
    .sort((a, b) => a.file.localeCompare(b.file) || a.keyRange.startLine - b.keyRange.startLine)
    .map((setting) => ({ setting, edit: workspaceEditOf(editExistingSettings([setting], key, value)) }));
}

/** Where a new sysctl.d file goes: into each sysctl.d directory the workspace has, else <folder>/sysctl.d. */
function newFileTargets(index: SysctlConfigIndex): vscode.Uri[] {
  const dirs = new Map<string, vscode.Uri>();
  for (const f of index.sysctlFiles())
    if (path.posix.basename(path.posix.dirname(f.path)) === 'sysctl.d') {
      const dir = vscode.Uri.joinPath(f, '..');
      dirs.set(dir.toString(), dir);
    }
  if (!dirs.size) for (const folder of vscode.workspace.workspaceFolders ?? []) dirs.set(folder.uri.toString(), vscode.Uri.joinPath(folder.uri, 'sysctl.d'));
  return [...dirs.values()].map((d) => vscode.Uri.joinPath(d, NEW_SYSCTL_FILE));
}

/** "overridden by 99-network.conf:3" for a quick pick item. */
function overrideText(o: Override): string {
  return o.kind === 'later' ? `overridden by ${relativeName(o.by.file)}:${o.by.keyRange.startLine + 1}` : `masked by ${relativeName(o.file)}`;
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

/** The follow-up of a change: what was set where, and its cost; "Show" opens the line. */
async function reportChange(key: string, value: string, file: vscode.Uri, line: number, cost: string): Promise<void> {
  const pick = await vscode.window.showInformationMessage(`Set ${key} = ${value} in ${relativeName(file)}:${line + 1}. ${cost}`.trim(), 'Show');
  if (pick === 'Show') await vscode.window.showTextDocument(file, { preview: false, selection: new vscode.Range(line, 0, line, 0) });
}

/**
 * Adds a setting to the sysctl file the user picks (the ones the workspace has, or a new
 * sysctl.d/90-pcap-inspector.conf); `target` skips the question. Applied as one WorkspaceEdit, so
 * Undo takes it back. A file where the line would be overridden by a later one is said so and
 * listed last. The picker ignores focus changes: it is a question the user asked for.
 */
export function registerAddSysctlSetting(index: SysctlConfigIndex, navigation: NavigationHold): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      ADD_SYSCTL_SETTING,
      async (key: string, value: string, comment: string, target?: vscode.Uri | string, cost = ''): Promise<boolean> => {
        navigation.hold();
        await index.ready();
        let uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
        if (!uri) {
          const files = sysctlFileList(index);
          const settings = index.settings();
          const item = (f: vscode.Uri, what: string) => {
            const over = overrideOfAppended(settings, files, f.toString(), key);
            return {
              label: `$(${what === 'append' ? 'file' : 'new-file'}) ${relativeName(f)}`,
              description: over ? `${what} · ⚠ ${overrideText(over)}` : what,
              uri: f,
              over: !!over,
            };
          };
          const items = [...index.sysctlFiles().map((f) => item(f, 'append')), ...newFileTargets(index).map((f) => item(f, 'create'))];
          items.sort((a, b) => Number(a.over) - Number(b.over));
          const pick = await vscode.window.showQuickPick(items, {
            title: `Where should ${key} = ${value} go?`,
            placeHolder: cost || 'sysctl files found in the workspace',
            ignoreFocusOut: true,
          });
          if (!pick) return false;
          uri = pick.uri;
        }
        const ok = await vscode.workspace.applyEdit(await addSettingEdit(uri, key, value, comment));
        if (ok) {
          const doc = await vscode.workspace.openTextDocument(uri);
          const line = Math.max(0, doc.lineCount - 2);
          await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(line, 0, line, 0) });
          if (cost) void vscode.window.showInformationMessage(`Added ${key} = ${value} to ${relativeName(uri)}. ${cost}`);
        }
        return ok;
      },
    ),
    vscode.commands.registerCommand(SYSCTL_CHANGED, (key: string, value: string, file: string, line: number, cost: string) => {
      navigation.hold();
      void reportChange(key, value, vscode.Uri.parse(file), line, cost);
    }),
  );
}
