import * as vscode from 'vscode';
import type { CompareFinding, CompareSummary, Severity } from '../../protocol';
import { captureName } from '../problems/analysisClient';
import { ruleDocUri } from '../problems/findingDiagnostics';
import { packetTextUri } from '../problems/packetTextView';

export const COMPARE_DIAGNOSTIC_SOURCE = 'PCAP Inspector compare';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

interface Comparison {
  a: vscode.Uri;
  b: vscode.Uri;
  summary: CompareSummary;
}

/**
 * The compare findings in the Problems panel of both captures: a finding with evidence frames in A
 * goes on A's text view (the lines the Problems side's own findings use: line n is frame n + 1), one
 * with frames in B on B's, each pointing at the other file's evidence too. A panel's findings go
 * when it closes.
 */
export class CompareDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('pcapInspectorCompare');
  private readonly comparisons = new Map<string, Comparison>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  set(session: string, a: vscode.Uri, b: vscode.Uri, summary: CompareSummary): void {
    this.comparisons.set(session, { a, b, summary });
    this.publish(a);
    this.publish(b);
  }

  clear(session: string): void {
    const c = this.comparisons.get(session);
    if (!c) return;
    this.comparisons.delete(session);
    this.publish(c.a);
    this.publish(c.b);
  }

  /** A capture may be in several open comparisons: its diagnostics are all of theirs. */
  private publish(capture: vscode.Uri): void {
    const key = capture.toString();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const c of this.comparisons.values()) {
      if (c.a.toString() === key) diagnostics.push(...c.summary.findings.flatMap((f) => diagnosticOf(f, c, 'a', this.extensionUri)));
      if (c.b.toString() === key) diagnostics.push(...c.summary.findings.flatMap((f) => diagnosticOf(f, c, 'b', this.extensionUri)));
    }
    if (diagnostics.length) this.collection.set(packetTextUri(capture), diagnostics);
    else this.collection.delete(packetTextUri(capture));
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function location(c: Comparison, side: 'a' | 'b', frame: number): vscode.Location {
  const line = (side === 'a' ? c.summary.evidenceA : c.summary.evidenceB)[frame] ?? '';
  return new vscode.Location(packetTextUri(side === 'a' ? c.a : c.b), new vscode.Range(frame - 1, 0, frame - 1, line.length));
}

function diagnosticOf(f: CompareFinding, c: Comparison, side: 'a' | 'b', extensionUri: vscode.Uri): vscode.Diagnostic[] {
  const frames = side === 'a' ? f.packetsA : f.packetsB;
  if (!frames.length) return [];
  const other = side === 'a' ? c.b : c.a;
  const d = new vscode.Diagnostic(location(c, side, frames[0]).range, `${f.title} (compared with ${captureName(other)}: ${f.location})`, SEVERITY[f.severity]);
  d.source = COMPARE_DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: ruleDocUri(extensionUri, f.rule) };
  const mine = side === 'a' ? 'A' : 'B';
  const theirs = side === 'a' ? 'B' : 'A';
  d.relatedInformation = [
    ...frames.map((n) => new vscode.DiagnosticRelatedInformation(location(c, side, n), `${mine} frame ${n}`)),
    ...(side === 'a' ? f.packetsB : f.packetsA).map(
      (n) => new vscode.DiagnosticRelatedInformation(location(c, side === 'a' ? 'b' : 'a', n), `${theirs} (${captureName(other)}) frame ${n}`),
    ),
  ];
  return [d];
}
