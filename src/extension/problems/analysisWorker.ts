import { parentPort } from 'node:worker_threads';
import { analyzeCapture } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { openCaptureBytes, openCaptureFile } from '../../core/capture/openCapture';
import { captureFieldSource, compileFilter } from '../../core/filter/compileFilter';
import { tcpTokenNotes } from '../../core/knowledge/tcpTokenNotes';
import { packetLine } from '../../core/summary/packetLine';
import type { AnalysisReply, AnalysisRequest, CaptureSource } from './analysisMessages';

/**
 * The Problems side's worker: opens captures, analyses them, renders their text view and explains
 * tokens, off the extension host's thread. The few most recently used captures stay open so hovers
 * and the text view do not re-read the file.
 */
const KEEP_OPEN = 3;
const open = new Map<string, Promise<Capture>>();

function captureFor(key: string, source: CaptureSource): Promise<Capture> {
  let c = open.get(key);
  if (c) open.delete(key);
  else c = source.kind === 'path' ? openCaptureFile(source.path) : Promise.resolve(openCaptureBytes(source.bytes));
  open.set(key, c);
  while (open.size > KEEP_OPEN) forget(open.keys().next().value!);
  return c;
}

function forget(key: string): void {
  const c = open.get(key);
  open.delete(key);
  void c?.then((x) => x.close(), () => {});
}

async function handle(m: Exclude<AnalysisRequest, { type: 'forget' }>): Promise<AnalysisReply> {
  const capture = await captureFor(m.key, m.source);
  const analysis = analyzeCapture(capture);
  const width = String(capture.index.count).length;
  switch (m.type) {
    case 'analyze': {
      const evidenceLines: Record<number, string> = {};
      for (const f of analysis.findings) for (const p of f.packets) if (p >= 1 && p <= capture.index.count) evidenceLines[p] ??= packetLine(capture, p - 1, width);
      const error = capture.error ? `${capture.error.message} at byte ${capture.error.offset}` : undefined;
      return { type: 'analyzed', id: m.id, analysis: { packets: capture.index.count, findings: analysis.findings, evidenceLines, error } };
    }
    case 'text': {
      const test = m.filter ? compileFilter(m.filter, captureFieldSource(capture)) : undefined;
      const lines: string[] = [];
      const frames: number[] = [];
      for (let i = 0; i < capture.index.count; i++) {
        if (test && !test(i)) continue;
        lines.push(packetLine(capture, i, width));
        frames.push(i + 1);
      }
      return { type: 'text', id: m.id, text: lines.join('\n') + (lines.length ? '\n' : ''), frames: test ? frames : undefined };
    }
    case 'notes': {
      const i = m.frame - 1;
      if (i < 0 || i >= capture.index.count) return { type: 'notes', id: m.id, notes: [], evidence: [] };
      const evidence = analysis.findings.filter((f) => f.packets.includes(m.frame)).map((f) => ({ rule: f.rule, title: f.title }));
      return { type: 'notes', id: m.id, notes: tcpTokenNotes(capture, analysis, i), evidence };
    }
  }
}

parentPort!.on('message', (m: AnalysisRequest) => {
  if (m.type === 'forget') {
    forget(m.key);
    return;
  }
  handle(m).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies AnalysisReply),
  );
});
