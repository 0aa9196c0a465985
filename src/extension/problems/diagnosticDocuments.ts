import * as vscode from 'vscode';
import type { CaptureFindings } from './captureFindings';
import { captureOfTextUri, PACKET_TEXT_SCHEME, packetTextUri, type PacketTextProvider } from './packetTextView';

/** A document VS Code let go sooner than this after we loaded it is not loaded again (no reload loop). */
const MIN_RELOAD_MS = 10000;
/**
 * How many text views are kept, the most recently loaded ones. VS Code keeps at most 50 documents
 * an extension opened and lets the oldest go beyond that: keeping more would load them in turn forever.
 */
const KEEP_MAX = 40;

/**
 * Keeps the text view of every capture with findings loaded, without showing it. The Problems panel
 * asks a problem's quick fixes only from the loaded document of the problem (it waits for the
 * document otherwise, and shows no lightbulb): diagnostics of a capture analysed from the workspace
 * or shown in the capture editor had none until the user opened the text view. It is loaded as a
 * sketch (PacketTextProvider.sketch: the evidence lines only, made without the capture), which an
 * editor showing it replaces by the full text. VS Code releases a document an extension opened
 * after a few minutes when no editor shows it; it is then loaded again.
 */
export class DiagnosticDocuments implements vscode.Disposable {
  private readonly loadedAt = new Map<string, number>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly findings: CaptureFindings,
    private readonly text: PacketTextProvider,
  ) {
    this.disposables = [
      findings.onDidChange((capture) => this.load(capture)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const capture = doc.uri.scheme === PACKET_TEXT_SCHEME ? captureOfTextUri(doc.uri) : undefined;
        const key = doc.uri.toString();
        const at = this.loadedAt.get(key);
        this.loadedAt.delete(key);
        this.text.forgetSketch(doc.uri);
        if (capture && at !== undefined && Date.now() - at >= MIN_RELOAD_MS) this.load(capture);
      }),
    ];
    for (const c of findings.all()) this.load(c.uri);
  }

  /** Loads the unfiltered text view of a capture that has findings (diagnostics live on that one). */
  private load(capture: vscode.Uri): void {
    const analysed = this.findings.get(capture);
    const uri = packetTextUri(capture);
    if (!analysed?.analysis.findings.length || this.loadedAt.has(uri.toString())) return;
    // Open already (an editor shows it): load it again whenever it closes.
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
      this.loadedAt.set(uri.toString(), 0);
      return;
    }
    this.loadedAt.set(uri.toString(), Date.now());
    // The oldest beyond the limit is not loaded again once VS Code lets it go.
    if (this.loadedAt.size > KEEP_MAX) this.loadedAt.delete(this.loadedAt.keys().next().value!);
    this.text.sketch(uri);
    vscode.workspace.openTextDocument(uri).then(undefined, () => this.loadedAt.delete(uri.toString()));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
