import * as vscode from 'vscode';
import { toUri } from './captureCommands';
import type { CaptureEditorProvider } from './captureEditorProvider';

/**
 * "PCAP Inspector: Use TLS Key Log…": picks an SSLKEYLOGFILE for the active capture (or the one
 * given), remembers it for this workspace and reloads the capture decrypted. Code (tests, links)
 * may pass the capture and the key log instead of the dialog.
 */
export function registerTlsKeyLogCommand(context: vscode.ExtensionContext, editors: CaptureEditorProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pcapInspector.useTlsKeyLog', async (capture?: unknown, keyLog?: unknown) => {
      const doc = capture !== undefined ? editors.find(toUri(capture)) : editors.activeDocument();
      if (!doc) {
        void vscode.window.showInformationMessage('PCAP Inspector: open a capture in its editor first, then choose its TLS key log.');
        return;
      }
      const file =
        keyLog !== undefined
          ? toUri(keyLog)
          : (
              await vscode.window.showOpenDialog({
                title: `TLS key log (SSLKEYLOGFILE) for ${doc.fileName}`,
                openLabel: 'Use Key Log',
                canSelectMany: false,
                defaultUri: vscode.Uri.joinPath(doc.uri, '..'),
                filters: { 'Key logs': ['keys', 'keylog', 'txt', 'log'], 'All files': ['*'] },
              })
            )?.[0];
      if (!file) return;
      await editors.keyLogs.choose(doc.uri, file);
      await doc.load(true);
      await doc.whenSettled();
    }),
  );
}
