import type { Capture } from '../core/capture/openCapture';
import { analyzeCapture } from '../core/analysis';
import type { Finding } from '../core/diagnosis/finding';
import type { FlowSummary } from '../core/flows/flowTypes';
import { fixActionText } from '../core/diagnosis/fixText';
import { toSarif } from './sarif';
import { undecodedCount } from '../core/diagnosis/undecodedPackets';
import type { Output } from './output';
import { wrap } from '../textWrap';

const MARK: Record<Finding['severity'], string> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

/** Everything `analyze` prints about one capture: what --cache keeps (analysisCache.ts). */
export interface AnalyzeReport {
  packets: number;
  /** Packets not decoded beyond the link layer. */
  undecoded: number;
  readError?: ReadOutcome;
  findings: Finding[];
  flows: FlowSummary[];
}

/** `undecoded`: count the undecoded packets (only the text report prints them; 0 otherwise). */
export function analyzeReport(capture: Capture, undecoded = true): AnalyzeReport {
  const { findings, flows } = analyzeCapture(capture);
  const read = readOutcome(capture);
  return { packets: capture.index.count, undecoded: undecoded ? undecodedCount(capture) : 0, ...(read ? { readError: read } : {}), findings, flows };
}

/** `analyze FILE [--json | --sarif]`: the report a person reads top-down, most important first. */
export function analyzeCommand(report: AnalyzeReport, file: string, format: 'text' | 'json' | 'sarif', out: Output): void {
  const { findings, flows } = report;
  const read = report.readError;
  if (format === 'json') {
    out.line(JSON.stringify({ file, packets: report.packets, ...(read ? { readError: read } : {}), findings, flows }, null, 2));
    return;
  }
  if (format === 'sarif') {
    out.line(JSON.stringify(toSarif(file, findings, read), null, 2));
    return;
  }
  if (read && !report.packets) {
    // Nothing was analysed: the report must not read as a clean bill of health.
    out.line(`${file}: could not be read: ${read.message} (at byte offset ${read.offset}).`);
    out.line('');
    out.line('Nothing was analysed.');
    return;
  }
  const tcp = flows.filter((f) => f.transport === 'tcp');
  const failed = tcp.filter((f) => ['refused', 'no-answer', 'handshake-reset-by-client', 'handshake-incomplete'].includes(f.outcome)).length;
  const udp = flows.filter((f) => f.transport === 'udp').length;
  const icmp = flows.length - tcp.length - udp;
  const count = report.packets;
  const undecoded = report.undecoded;
  const analysed = undecoded ? ` (${count - undecoded} analysed, ${undecoded} not decoded beyond the link layer)` : '';
  out.line(
    `${file}: ${count} packet${count === 1 ? '' : 's'}${analysed}, ${tcp.length} TCP and ${udp} UDP conversations${icmp ? ` (and ${icmp} ICMP)` : ''}, ${failed} failed connection${failed === 1 ? '' : 's'}`,
  );
  if (read)
    out.line(
      `Reading stopped at byte offset ${read.offset}: ${read.message}. Only the ${count} packet${count === 1 ? '' : 's'} before it ${count === 1 ? 'was' : 'were'} analysed.`,
    );
  if (!findings.length) {
    out.line('');
    out.line(read ? `No problems found in the ${count} packet${count === 1 ? '' : 's'} that could be read.` : 'No problems found.');
    return;
  }
  const counts = (['error', 'warning', 'info'] as const).map((s) => {
    const n = findings.filter((f) => f.severity === s).length;
    return `${n} ${s}${s === 'info' || n === 1 ? '' : 's'}`;
  });
  out.line(`${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.join(', ')}`);
  findings.forEach((f, k) => {
    out.line('');
    out.line(`${k + 1}. [${MARK[f.severity]}] ${f.title}`);
    const streams = f.streams.length
      ? ` · stream${f.streams.length === 1 ? '' : 's'} ${f.streams.slice(0, 10).join(', ')}${f.streams.length > 10 ? ', …' : ''}`
      : '';
    out.line(`   rule ${f.rule} · confidence ${f.confidence}${streams} · evidence frame${f.packets.length === 1 ? '' : 's'} ${f.packets.join(', ')}`);
    for (const para of f.explanation.split('\n\n')) {
      out.line('');
      for (const l of wrap(para, 100)) out.line(`   ${l}`);
    }
    if (f.fixes.length) {
      out.line('');
      out.line('   Fix:');
      for (const fix of f.fixes) {
        out.line(`   - ${fix.title}: ${fixActionText(fix.action)}`);
        if (fix.cost && fix.action.kind === 'sysctl') for (const l of wrap(`Cost: ${fix.cost}`, 96)) out.line(`     ${l}`);
      }
    }
  });
}

/** Why the capture was not read to its end, if it was not. */
export interface ReadOutcome {
  message: string;
  offset: number;
}

function readOutcome(capture: Capture): ReadOutcome | undefined {
  const e = capture.error;
  return e ? { message: e.message, offset: e.offset } : undefined;
}
