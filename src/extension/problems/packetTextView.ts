import * as vscode from 'vscode';
import type { AnalysisClient } from './analysisClient';

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

export class PacketTextProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** For filtered views: which frame each line shows. */
  private readonly frames = new Map<string, number[]>();

  constructor(private readonly client: AnalysisClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const capture = captureOfTextUri(uri);
    if (!capture) return '';
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
    this.changed.dispose();
  }
}
