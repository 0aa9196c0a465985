import * as vscode from 'vscode';
import { CAPTURE_EDITOR_VIEW_TYPE } from './captureEditorProvider';

/** The file names the custom editor claims in package.json (contributes.customEditors). */
const CAPTURE_NAME = /\.(pcap|pcapng|cap)(\.gz)?$/i;
/** Schemes whose captures the editor reads (local and remote files), not our text view or diffs. */
const FILE_SCHEMES = new Set(['file', 'vscode-remote']);

/**
 * A capture opened while the window was still starting (a URL's openFile, a restored session, a
 * click in the first second) can land in VS Code's "binary file" text editor, because the remote
 * extension host had not yet told the workbench about our custom editor. Once it is registered,
 * move such tabs to it, in the same group and position; other text editors are left alone.
 */
export async function reopenCapturesOpenedAsText(log: vscode.LogOutputChannel): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const uri = tab.input.uri;
      if (!FILE_SCHEMES.has(uri.scheme) || !CAPTURE_NAME.test(uri.path)) continue;
      log.info(`${uri.toString()} was opened as text before the capture editor was ready: reopening it in PCAP Inspector`);
      await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_EDITOR_VIEW_TYPE, {
        viewColumn: group.viewColumn,
        preview: tab.isPreview,
        preserveFocus: !tab.isActive,
      });
      await vscode.window.tabGroups.close(tab, true);
    }
  }
}
