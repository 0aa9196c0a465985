import type { AnalysisResult } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { captureFieldSource, compileFilter } from '../../core/filter/compileFilter';
import { tcpTokenNotes } from '../../core/knowledge/tcpTokenNotes';
import { packetLine } from '../../core/summary/packetLine';
import type { AnalysisAnswer, AnalysisQuery } from '../../protocol';

/**
 * A text view of every packet of a million-packet capture would be ~150 MB of text (twice that as a
 * JS string) in the extension host, and again in VS Code's model: past this many packets the view
 * keeps the first lines and the neighbourhood of every evidence packet, and leaves the other lines
 * empty, so that line n is still frame n + 1 and every diagnostic lands on its packet.
 */
export interface TextViewLimits {
  /** Captures (or filter matches) up to this many packets are shown whole. */
  fullLines: number;
  /** Past that: lines kept from the start, and on each side of an evidence packet. */
  headLines: number;
  evidenceContext: number;
}
export const TEXT_VIEW_LIMITS: TextViewLimits = { fullLines: 100_000, headLines: 20_000, evidenceContext: 50 };

/** The lines of the text view, and for a filtered view the frame each line shows. */
export function packetText(
  capture: Capture,
  analysis: AnalysisResult,
  filter: string | undefined,
  width: number,
  limits = TEXT_VIEW_LIMITS,
): { text: string; frames?: number[] } {
  const { fullLines, headLines, evidenceContext } = limits;
  const n = capture.index.count;
  const lines: string[] = [];
  const test = filter ? compileFilter(filter, captureFieldSource(capture)) : undefined;
  if (test) {
    const frames: number[] = [];
    let more = 0;
    for (let i = 0; i < n; i++) {
      if (!test(i)) continue;
      if (frames.length >= fullLines) {
        more++;
        continue;
      }
      lines.push(packetLine(capture, i, width));
      frames.push(i + 1);
    }
    if (more) lines.push(`… ${more} more packets match "${filter}": narrow the filter, or see them all in the capture editor`);
    return { text: lines.join('\n') + (lines.length ? '\n' : ''), frames };
  }
  if (n <= fullLines) {
    for (let i = 0; i < n; i++) lines.push(packetLine(capture, i, width));
    return { text: lines.join('\n') + (n ? '\n' : '') };
  }
  const shown = new Uint8Array(n);
  shown.fill(1, 0, Math.min(n, headLines));
  for (const f of analysis.findings) {
    for (const p of f.packets) if (p >= 1 && p <= n) shown.fill(1, Math.max(0, p - 1 - evidenceContext), Math.min(n, p + evidenceContext));
  }
  for (let i = 0; i < n; i++) {
    if (shown[i]) lines.push(packetLine(capture, i, width));
    else if (i === 0 || shown[i - 1]) {
      let end = i;
      while (end + 1 < n && !shown[end + 1]) end++;
      lines.push(
        `… frames ${i + 1}–${end + 1} are not shown here (${end - i + 1} packet${end === i ? '' : 's'}; this view keeps the first ${headLines} and those around each finding): the capture editor shows every packet`,
      );
    } else lines.push('');
  }
  return { text: lines.join('\n') + '\n' };
}

/**
 * Answers the Problems side's questions from an opened, analysed capture. Runs in a worker: the
 * analysis worker, or the capture editor's worker when the capture is open there.
 */
export function answerQuery(capture: Capture, analysis: AnalysisResult, q: AnalysisQuery): AnalysisAnswer {
  const width = String(capture.index.count).length;
  switch (q.type) {
    case 'analyze': {
      const evidenceLines: Record<number, string> = {};
      for (const f of analysis.findings)
        for (const p of f.packets) if (p >= 1 && p <= capture.index.count) evidenceLines[p] ??= packetLine(capture, p - 1, width);
      const error = capture.error ? `${capture.error.message} at byte ${capture.error.offset}` : undefined;
      return { type: 'analyzed', analysis: { packets: capture.index.count, findings: analysis.findings, evidenceLines, error } };
    }
    case 'text':
      return { type: 'text', ...packetText(capture, analysis, q.filter, width) };
    case 'notes': {
      const i = q.frame - 1;
      if (i < 0 || i >= capture.index.count) return { type: 'notes', notes: [], evidence: [] };
      const evidence = analysis.findings.filter((f) => f.packets.includes(q.frame)).map((f) => ({ rule: f.rule, title: f.title }));
      return { type: 'notes', notes: tcpTokenNotes(capture, analysis, i), evidence };
    }
  }
}
