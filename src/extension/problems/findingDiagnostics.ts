import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/diagnosis/finding';
import type { AnalysedCapture, CaptureFindings } from './captureFindings';
import { packetTextUri } from './packetTextView';

export const DIAGNOSTIC_SOURCE = 'PCAP Inspector';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The documentation page of a rule, shipped with the extension (docs/rules/<rule>.md). */
export function ruleDocUri(extensionUri: vscode.Uri, rule: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
}

/** Where a frame's line is in the capture's (unfiltered) text view. */
export function frameLocation(capture: AnalysedCapture, frame: number): vscode.Location {
  const text = capture.analysis.evidenceLines[frame] ?? '';
  return new vscode.Location(packetTextUri(capture.uri), new vscode.Range(frame - 1, 0, frame - 1, text.length));
}

/** One evidence packet's line, shortened for a related-information entry. */
export function evidenceMessage(capture: AnalysedCapture, frame: number): string {
  const line = capture.analysis.evidenceLines[frame]?.trim().replace(/\s+/g, ' ');
  return line ? `frame ${line}` : `frame ${frame}`;
}

export function findingMessage(f: Finding): string {
  return f.count > 1 ? `${f.title} (${f.count} occurrences)` : f.title;
}

function diagnosticOf(capture: AnalysedCapture, f: Finding, extensionUri: vscode.Uri): vscode.Diagnostic | undefined {
  const first = f.packets.find((p) => capture.analysis.evidenceLines[p] !== undefined);
  if (first === undefined) return undefined;
  const d = new vscode.Diagnostic(frameLocation(capture, first).range, findingMessage(f), SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: ruleDocUri(extensionUri, f.rule) };
  d.relatedInformation = f.packets
    .filter((p) => capture.analysis.evidenceLines[p] !== undefined)
    .map((p) => new vscode.DiagnosticRelatedInformation(frameLocation(capture, p), evidenceMessage(capture, p)));
  return d;
}

/** Publishes every finding of every analysed capture on its text view, and follows the store. */
export function publishFindingDiagnostics(findings: CaptureFindings, extensionUri: vscode.Uri): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('pcapInspector');
  const publish = (uri: vscode.Uri) => {
    const capture = findings.get(uri);
    const target = packetTextUri(uri);
    if (!capture) {
      collection.delete(target);
      return;
    }
    collection.set(
      target,
      capture.analysis.findings.map((f) => diagnosticOf(capture, f, extensionUri)).filter((d): d is vscode.Diagnostic => d !== undefined),
    );
  };
  for (const c of findings.all()) publish(c.uri);
  return vscode.Disposable.from(collection, findings.onDidChange(publish));
}

/** The finding a diagnostic of ours stands for: same rule, first evidence packet on the diagnostic's line. */
export function findingOfDiagnostic(capture: AnalysedCapture, d: vscode.Diagnostic, frameAtLine: (line: number) => number | undefined): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const rule = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
  const frame = frameAtLine(d.range.start.line);
  return capture.analysis.findings.find((f) => f.rule === rule && f.packets.find((p) => capture.analysis.evidenceLines[p] !== undefined) === frame);
}
