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
  }
}
