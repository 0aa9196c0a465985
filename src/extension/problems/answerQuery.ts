import type { AnalysisResult } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { captureFieldSource, compileFilter } from '../../core/filter/compileFilter';
import { tcpTokenNotes } from '../../core/knowledge/tcpTokenNotes';
import { packetLine } from '../../core/summary/packetLine';
import type { AnalysisAnswer, AnalysisQuery } from './analysisMessages';

/**
 * Answers the Problems side's questions from an opened, analysed capture. Runs in a worker: the
 * analysis worker, or the capture editor's worker when the capture is open there.
 */
export function answerQuery(capture: Capture, analysis: AnalysisResult, q: AnalysisQuery): AnalysisAnswer {
  const width = String(capture.index.count).length;
  switch (q.type) {
    case 'analyze': {
      const evidenceLines: Record<number, string> = {};
      for (const f of analysis.findings) for (const p of f.packets) if (p >= 1 && p <= capture.index.count) evidenceLines[p] ??= packetLine(capture, p - 1, width);
      const error = capture.error ? `${capture.error.message} at byte ${capture.error.offset}` : undefined;
      return { type: 'analyzed', analysis: { packets: capture.index.count, findings: analysis.findings, evidenceLines, error } };
    }
    case 'text': {
      const test = q.filter ? compileFilter(q.filter, captureFieldSource(capture)) : undefined;
      const lines: string[] = [];
      const frames: number[] = [];
      for (let i = 0; i < capture.index.count; i++) {
        if (test && !test(i)) continue;
        lines.push(packetLine(capture, i, width));
        frames.push(i + 1);
      }
      return { type: 'text', text: lines.join('\n') + (lines.length ? '\n' : ''), frames: test ? frames : undefined };
    }
    case 'notes': {
      const i = q.frame - 1;
      if (i < 0 || i >= capture.index.count) return { type: 'notes', notes: [], evidence: [] };
      const evidence = analysis.findings.filter((f) => f.packets.includes(q.frame)).map((f) => ({ rule: f.rule, title: f.title }));
      return { type: 'notes', notes: tcpTokenNotes(capture, analysis, i), evidence };
    }
  }
}
