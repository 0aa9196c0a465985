import * as vscode from 'vscode';
import type { FixRequest } from '../protocol';
import { ADD_SYSCTL_SETTING } from './problems/sysctlFix';

/** Only web links open from the page: a fix's URL is the engine's, but the page is not trusted. */
const OPENABLE = /^https?:\/\//i;

/**
 * Carries out a fix the Findings tab asked for, as the Problems panel's quick fixes do: open the
 * link in the browser, copy the command, or add the sysctl setting to a file (the Problems side's
 * command, so both places edit configuration the same way).
 */
export async function runFixRequest(m: FixRequest, log: vscode.LogOutputChannel): Promise<void> {
  switch (m.type) {
    case 'openLink':
      if (!OPENABLE.test(m.url)) {
        log.warn(`[webview] refused to open ${m.url}: not a web link`);
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(m.url));
      return;
    case 'copyText':
      await vscode.env.clipboard.writeText(m.text);
      void vscode.window.showInformationMessage(m.what ? `Copied ${m.what}.` : `Copied: ${m.text}`);
      return;
    case 'addSysctlSetting':
      await vscode.commands.executeCommand(ADD_SYSCTL_SETTING, m.key, m.value, m.comment);
      return;
    case 'graphExport':
      await exportGraph(m);
      return;
  }
}

/** Only a plain file name from the page: it suggests the name, never the folder. */
const SAFE_NAME = /[^\w.-]+/g;

/**
 * A graph the page copied or saved: SVG and CSV as text on the clipboard (VS Code's clipboard
 * holds text only), a PNG written where the user says.
 */
async function exportGraph(m: Extract<FixRequest, { type: 'graphExport' }>): Promise<void> {
  const name = m.name.replace(SAFE_NAME, '-').slice(0, 80) || 'graph';
  if (m.format !== 'png') {
    await vscode.env.clipboard.writeText(m.data);
    void vscode.window.showInformationMessage(`Copied the ${name} graph as ${m.format.toUpperCase()}.`);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${name}.png`) : undefined,
    filters: { 'PNG image': ['png'] },
    title: 'Save graph as PNG',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(m.data, 'base64'));
}
