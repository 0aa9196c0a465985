import * as vscode from 'vscode';
import type { Finding } from '../../core/diagnosis/finding';
import type { CaptureAnalysis } from '../../protocol';
import { captureName } from './analysisClient';

export interface AnalysedCapture {
  uri: vscode.Uri;
  name: string;
  analysis: CaptureAnalysis;
}

/** The findings of every analysed capture in the window, by capture URI; the Problems panel and hovers read it. */
export class CaptureFindings implements vscode.Disposable {
  private readonly byUri = new Map<string, AnalysedCapture>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, analysis: CaptureAnalysis): void {
    this.byUri.set(uri.toString(), { uri, name: captureName(uri), analysis });
    this.changed.fire(uri);
  }

  delete(uri: vscode.Uri): boolean {
    const had = this.byUri.delete(uri.toString());
    if (had) this.changed.fire(uri);
    return had;
  }

  get(uri: vscode.Uri): AnalysedCapture | undefined {
    return this.byUri.get(uri.toString());
  }

  has(uri: vscode.Uri): boolean {
    return this.byUri.has(uri.toString());
  }

  all(): AnalysedCapture[] {
    return [...this.byUri.values()];
  }

  /** Every finding with the capture it came from. */
  findings(): Array<{ capture: AnalysedCapture; finding: Finding }> {
    return this.all().flatMap((capture) => capture.analysis.findings.map((finding) => ({ capture, finding })));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
