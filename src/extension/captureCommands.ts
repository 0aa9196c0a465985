import * as vscode from 'vscode';
import type { ViewIntent } from '../protocol';
import type { CaptureEditorProvider } from './captureEditorProvider';

/** Arguments may come from code (a Uri) or from a command link / JSON (a string). */
function toUri(arg: unknown): vscode.Uri {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.includes('://') || arg.startsWith('file:') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && 'scheme' in arg && 'path' in arg) return vscode.Uri.from(arg as vscode.Uri);
  throw new Error('PCAP Inspector: expected the capture file as the first argument');
}

function toPositiveInt(arg: unknown, what: string, min: number): number {
  const n = typeof arg === 'string' ? Number(arg) : arg;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw new Error(`PCAP Inspector: ${what} must be an integer ≥ ${min}, got ${String(arg)}`);
  return n;
}

/**
 * Commands other features call (the Problems panel's findings, code actions, hovers):
 *   pcapInspector.revealPacket(uri, frame)  — frame is 1-based, as in the No. column and findings
 *   pcapInspector.showStream(uri, stream)   — tcp.stream number
 *   pcapInspector.applyFilter(uri, filter)  — a display filter, as typed in the filter bar
 * They open the capture in its editor if needed and resolve once the request is on its way to it.
 * pcapInspector.goToPacket opens the active capture editor's go-to-packet box.
 */
export function registerCaptureCommands(context: vscode.ExtensionContext, editors: CaptureEditorProvider): void {
  const show = (uri: vscode.Uri, intent: ViewIntent) => editors.show(uri, intent);
  context.subscriptions.push(
    vscode.commands.registerCommand('pcapInspector.revealPacket', (uri: unknown, frame: unknown) =>
      show(toUri(uri), { type: 'reveal', frame: toPositiveInt(frame, 'frame', 1) }),
    ),
    vscode.commands.registerCommand('pcapInspector.showStream', (uri: unknown, stream: unknown) =>
      show(toUri(uri), { type: 'showStream', stream: toPositiveInt(stream, 'stream', 0) }),
    ),
    vscode.commands.registerCommand('pcapInspector.applyFilter', (uri: unknown, filter: unknown) => {
      if (typeof filter !== 'string') throw new Error('PCAP Inspector: the filter must be a string');
      return show(toUri(uri), { type: 'applyFilter', filter });
    }),
    // Bound to Ctrl+G / Cmd+G in the capture editor, so that VS Code's Go to Line does not open there.
    vscode.commands.registerCommand('pcapInspector.goToPacket', () => editors.openGoToBox()),
  );
}
