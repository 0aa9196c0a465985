import * as vscode from 'vscode';
import type { AnalysisClient } from './analysisClient';
import type { CaptureAnalysis } from '../../protocol';
import type { CaptureFindings } from './captureFindings';

/**
 * The read-only text view of a capture: one tshark-style line per packet, under its own URI scheme.
 * Diagnostics point at its lines (VS Code can select a line in a text document, not a row in a
 * webview), and its CodeLenses jump from a line into the capture editor.
 */
export const PACKET_TEXT_SCHEME = 'pcap-packets';

/** The text view of a capture, optionally narrowed by a display filter. Without a filter, line n is frame n + 1. */
export function packetTextUri(capture: vscode.Uri, filter?: string): vscode.Uri {
  const query = new URLSearchParams({ capture: capture.toString() });
  if (filter) query.set('filter', filter);
  return vscode.Uri.from({ scheme: PACKET_TEXT_SCHEME, path: `${capture.path}${filter ? '.filtered' : ''}.packets`, query: query.toString() });
}

export function captureOfTextUri(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== PACKET_TEXT_SCHEME) return undefined;
  const c = new URLSearchParams(uri.query).get('capture');
  return c ? vscode.Uri.parse(c) : undefined;
}

export function filterOfTextUri(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get('filter') ?? undefined;
}

/**
 * The text view as far as the analysis knows it without the capture: each evidence packet's line in
 * its place (line n = frame n + 1), the other lines empty. The same lines and ranges as the full
 * view wherever a problem points.
 */
export function sketchText(analysis: CaptureAnalysis): string {
  const lines = new Array<string>(analysis.packets).fill('');
  for (const [frame, line] of Object.entries(analysis.evidenceLines)) {
    const i = Number(frame) - 1;
    if (i >= 0 && i < lines.length) lines[i] = line;
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

export class PacketTextProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** For filtered views: which frame each line shows. */
  private readonly frames = new Map<string, number[]>();
  /** Text views loaded as a sketch, until an editor shows them. */
  private readonly sketched = new Set<string>();
  private readonly visible: vscode.Disposable;

  constructor(
    private readonly client: AnalysisClient,
    private readonly findings: CaptureFindings,
  ) {
    // A sketched view shown in an editor gets its full text.
    this.visible = vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const e of editors) if (this.sketched.delete(e.document.uri.toString())) this.changed.fire(e.document.uri);
    });
  }

  /**
   * The next load of this (unfiltered) view, unless an editor shows it, is served as a sketch: enough
   * for the Problems panel, which needs a loaded document to offer a problem's quick fixes, and free —
   * the full text costs the capture's worker a pass over the packets, which must not hold up the
   * capture editor for a view nobody looks at.
   */
  sketch(uri: vscode.Uri): void {
    if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString())) this.sketched.add(uri.toString());
  }

  /** The document closed: a later load is a full one again. */
  forgetSketch(uri: vscode.Uri): void {
    this.sketched.delete(uri.toString());
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const capture = captureOfTextUri(uri);
    if (!capture) return '';
    const analysed = this.sketched.has(uri.toString()) && !filterOfTextUri(uri) ? this.findings.get(capture) : undefined;
    if (analysed) return sketchText(analysed.analysis);
    try {
      const { text, frames } = await this.client.text(capture, filterOfTextUri(uri));
      if (frames) this.frames.set(uri.toString(), frames);
      else this.frames.delete(uri.toString());
      return text;
    } catch (e) {
      return `Cannot show ${capture.path}: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** The frame shown on a line of a text view. */
  frameAt(uri: vscode.Uri, line: number): number | undefined {
    const frames = this.frames.get(uri.toString());
    if (frames) return frames[line];
    return filterOfTextUri(uri) ? undefined : line + 1;
  }

  /** The line showing a frame in a text view, if it shows it. */
  lineOf(uri: vscode.Uri, frame: number): number | undefined {
    const frames = this.frames.get(uri.toString());
    if (frames) {
      const k = frames.indexOf(frame);
      return k >= 0 ? k : undefined;
    }
    return filterOfTextUri(uri) ? undefined : frame - 1;
  }

  /** The capture changed: every open text view of it re-reads. */
  refresh(capture: vscode.Uri): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (captureOfTextUri(doc.uri)?.toString() === capture.toString()) this.changed.fire(doc.uri);
    }
  }

  dispose(): void {
    this.visible.dispose();
    this.changed.dispose();
  }
}
