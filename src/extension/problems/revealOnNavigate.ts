import * as vscode from 'vscode';
import type { CaptureFindings } from './captureFindings';
import { DIAGNOSTIC_SOURCE } from './findingDiagnostics';
import { revealPacket } from './packetNavigation';
import { captureOfTextUri, PACKET_TEXT_SCHEME, type PacketTextProvider } from './packetTextView';

/** Lets a quick fix keep the capture editor from coming forward in the middle of it. */
export interface NavigationHold {
  hold(): void;
}

/**
 * How long a navigation waits before the capture editor comes forward. The Problems panel's Quick Fix
 * menu first opens the text view at the problem (exactly like a click) and then runs the fix; the
 * fix's command arrives within this time and holds the reveal, so that its file picker keeps focus.
 */
const SETTLE_MS = 300;

/**
 * `pcapInspector.problems.revealOnNavigate`: going to a problem (a click in the Problems panel, on one
 * of its related-information entries, F8 from another file) opens the text view and selects the
 * problem's range; the capture editor then shows that packet — once.
 *
 * VS Code tells an extension nothing about where a selection came from beyond Keyboard, Mouse and
 * Command, and Command also covers Go to Line, a tab brought back with its saved selection and our
 * own API calls. What marks a navigation is the selection itself: it is exactly the range of one of
 * our diagnostics or related-information entries (a whole evidence line). A click, a key, Go to Line
 * (an empty selection at a line) or a find match never select that. The navigation is then consumed:
 * the selection collapses to the start of the line at once, and VS Code keeps that collapsed cursor
 * in the editor's view state. So when the text view comes back — its tab clicked, the capture editor
 * closed, the view split — it comes back with a cursor, not a problem's range, and nothing bounces
 * back to the capture editor; clicking the same problem again selects its range again and reveals.
 */
export class RevealOnNavigate implements NavigationHold, vscode.Disposable {
  private pending: { key: string; timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly disposables: vscode.Disposable[];
  /** How many times the capture editor was asked to come forward (tests read it). */
  revealed = 0;

  constructor(
    private readonly findings: CaptureFindings,
    private readonly text: PacketTextProvider,
  ) {
    this.disposables = [
      vscode.window.onDidChangeTextEditorSelection((e) => this.consider(e.textEditor, e.kind)),
      // A text view opened (or brought forward) by the navigation carries the selection already.
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.consider(e, undefined);
      }),
    ];
  }

  hold(): void {
    if (!this.pending) return;
    clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private consider(editor: vscode.TextEditor, kind: vscode.TextEditorSelectionChangeKind | undefined): void {
    const doc = editor.document;
    if (doc.uri.scheme !== PACKET_TEXT_SCHEME || editor.selection.isEmpty) return;
    if (kind === vscode.TextEditorSelectionChangeKind.Keyboard || kind === vscode.TextEditorSelectionChangeKind.Mouse) return;
    if (!vscode.workspace.getConfiguration('pcapInspector.problems').get<boolean>('revealOnNavigate', true)) return;
    const capture = captureOfTextUri(doc.uri);
    const analysed = capture && this.findings.get(capture);
    if (!capture || !analysed || !this.problemRanges(doc).some((r) => r.isEqual(editor.selection))) return;
    const line = editor.selection.start.line;
    const frame = this.text.frameAt(doc.uri, line);
    if (frame === undefined || !analysed.analysis.findings.some((f) => f.packets.includes(frame))) return;
    editor.selection = new vscode.Selection(line, 0, line, 0);
    const key = `${capture.toString()}#${frame}`;
    if (this.pending?.key === key) return;
    this.hold();
    const timer = setTimeout(() => {
      this.pending = undefined;
      this.revealed++;
      void revealPacket(capture, frame);
    }, SETTLE_MS);
    this.pending = { key, timer };
  }

  /** The ranges a navigation to one of our problems selects in this text view (as VS Code clamps them). */
  private problemRanges(doc: vscode.TextDocument): vscode.Range[] {
    const out: vscode.Range[] = [];
    for (const d of vscode.languages.getDiagnostics(doc.uri)) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      out.push(doc.validateRange(d.range));
      for (const r of d.relatedInformation ?? []) if (r.location.uri.toString() === doc.uri.toString()) out.push(doc.validateRange(r.location.range));
    }
    return out;
  }

  dispose(): void {
    this.hold();
    for (const d of this.disposables) d.dispose();
  }
}
