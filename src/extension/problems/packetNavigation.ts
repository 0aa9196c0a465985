import * as vscode from 'vscode';
import type { CaptureFindings } from './captureFindings';
import type { NavigationHold } from './revealOnNavigate';
import { captureOfTextUri, PACKET_TEXT_SCHEME, type PacketTextProvider } from './packetTextView';

/** The capture editor's commands (src/extension/captureEditorProvider.ts side). */
export const EDITOR_REVEAL_PACKET = 'pcapInspector.revealPacket';
export const EDITOR_SHOW_STREAM = 'pcapInspector.showStream';
const CAPTURE_VIEW_TYPE = 'pcapInspector.capture';

export const REVEAL_PACKET = 'pcapInspector.problems.revealPacket';
export const SHOW_STREAM = 'pcapInspector.problems.showStream';
export const REVEAL_PACKET_AT_CURSOR = 'pcapInspector.revealPacketAtCursor';

function asUri(u: vscode.Uri | string): vscode.Uri {
  return typeof u === 'string' ? vscode.Uri.parse(u) : u;
}

async function editorCommand(id: string, ...args: unknown[]): Promise<boolean> {
  if (!(await vscode.commands.getCommands(true)).includes(id)) return false;
  await vscode.commands.executeCommand(id, ...args);
  return true;
}

/** Reveals a packet in the capture editor; opens the editor at least when the editor cannot reveal yet. */
export async function revealPacket(capture: vscode.Uri | string, frame: number): Promise<void> {
  const uri = asUri(capture);
  if (await editorCommand(EDITOR_REVEAL_PACKET, uri, frame)) return;
  await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_VIEW_TYPE);
  void vscode.window.showInformationMessage(`Packet ${frame}: this version of the capture editor cannot select a packet yet.`);
}

export async function showStream(capture: vscode.Uri | string, stream: number): Promise<void> {
  const uri = asUri(capture);
  if (await editorCommand(EDITOR_SHOW_STREAM, uri, stream)) return;
  await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_VIEW_TYPE);
  void vscode.window.showInformationMessage(`Stream ${stream}: this version of the capture editor cannot show a stream's diagram yet.`);
}

/** A `command:` link for markdown (hovers) that reveals a packet. */
export function revealPacketLink(capture: vscode.Uri, frame: number): string {
  return `command:${REVEAL_PACKET}?${encodeURIComponent(JSON.stringify([capture.toString(), frame]))}`;
}

/** CodeLenses on the evidence lines of a capture's text view: jump to the packet, show its stream. */
class EvidenceLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly findings: CaptureFindings,
    private readonly text: PacketTextProvider,
  ) {
    findings.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const capture = captureOfTextUri(doc.uri);
    const analysed = capture && this.findings.get(capture);
    if (!capture || !analysed) return [];
    const lenses: vscode.CodeLens[] = [];
    const done = new Set<number>();
    for (const f of analysed.analysis.findings) {
      for (const frame of f.packets) {
        const line = this.text.lineOf(doc.uri, frame);
        if (line === undefined || line >= doc.lineCount || done.has(frame)) continue;
        done.add(frame);
        const range = new vscode.Range(line, 0, line, 0);
        lenses.push(
          new vscode.CodeLens(range, {
            title: `$(go-to-file) Reveal packet ${frame} in PCAP Inspector`,
            command: REVEAL_PACKET,
            arguments: [capture.toString(), frame],
            tooltip: f.title,
          }),
        );
        for (const s of f.streams.slice(0, 1))
          lenses.push(new vscode.CodeLens(range, { title: `Show stream ${s} diagram`, command: SHOW_STREAM, arguments: [capture.toString(), s] }));
      }
    }
    return lenses;
  }
}

/** The commands behind CodeLenses, hover links and quick fixes; each replaces a reveal a navigation left pending. */
export function registerPacketNavigation(findings: CaptureFindings, text: PacketTextProvider, navigation: NavigationHold): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(REVEAL_PACKET, (capture: vscode.Uri | string, frame: number) => {
      navigation.hold();
      return revealPacket(capture, frame);
    }),
    vscode.commands.registerCommand(SHOW_STREAM, (capture: vscode.Uri | string, stream: number) => {
      navigation.hold();
      return showStream(capture, stream);
    }),
    vscode.commands.registerCommand(REVEAL_PACKET_AT_CURSOR, async () => {
      const editor = vscode.window.activeTextEditor;
      const capture = editor && captureOfTextUri(editor.document.uri);
      const frame = editor && text.frameAt(editor.document.uri, editor.selection.active.line);
      if (capture && frame !== undefined) await revealPacket(capture, frame);
    }),
    vscode.languages.registerCodeLensProvider({ scheme: PACKET_TEXT_SCHEME }, new EvidenceLenses(findings, text)),
  );
}
