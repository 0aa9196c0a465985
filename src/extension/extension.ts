import * as vscode from 'vscode';
import { openCaptureFile } from '../core/capture/openCapture';
import { captureInfo } from '../core/summary/captureInfo';

/**
 * Activation entry point. The custom editor comes with its own issue; for now
 * the extension offers a summary of a capture chosen by the user, proving the
 * engine runs inside the extension host.
 */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pcapInspector.showCaptureSummary', async (uri?: vscode.Uri) => {
      const target = uri ?? (await vscode.window.showOpenDialog({ filters: { Captures: ['pcap', 'pcapng', 'cap', 'gz'] } }))?.[0];
      if (!target) return;
      if (target.scheme !== 'file') {
        void vscode.window.showErrorMessage('PCAP Inspector can only summarise local files for now.');
        return;
      }
      const capture = await openCaptureFile(target.fsPath);
      try {
        const info = captureInfo(capture);
        const error = info.error ? ` Reading stopped early: ${info.error.message} at byte ${info.error.offset}.` : '';
        void vscode.window.showInformationMessage(`${info.packets} packets, ${info.encapsulation.join(', ')}, ${info.duration ?? '0'} s.${error}`);
      } finally {
        capture.close();
      }
    }),
  );
}

export function deactivate(): void {}
