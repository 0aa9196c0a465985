import * as path from 'node:path';
import { analyzeCapture } from '../analysis';
import { SEVERITY_RANK } from '../diagnosis/finding';
import type { Finding, Severity } from '../diagnosis/finding';
import { fixActionText } from '../diagnosis/fixText';
import { readWarning } from './readOutcome';
import { frameList, pageNote, plural } from './resultText';
import type { CaptureTool, ToolContext } from './toolDefinition';
import { PATH_PROPERTY, pagingProperties } from './toolDefinition';

/** pcap_findings: the diagnosis (what `analyze` reports), a page of findings at a time. */
export const findingsTool: CaptureTool = {
  name: 'pcap_findings',
  displayName: 'Capture diagnosis',
  description:
    'The diagnosis of a capture: what went wrong and how to fix it. Each finding has a severity, a title with the key numbers, the rule that found it, its confidence, the TCP streams and evidence frames, an explanation (what happened, why, with RFC and kernel references) and concrete fixes (sysctl settings, commands, display filters, documentation). Most important first. Look at the evidence frames with pcap_packet_detail, or their stream with pcap_packets (filter "tcp.stream == N").',
  inputSchema: {
    type: 'object',
    properties: {
      path: PATH_PROPERTY,
      severity: {
        type: 'string',
        enum: ['error', 'warning', 'info'],
        default: 'info',
        description: 'The least severe findings to include: error (only errors), warning (errors and warnings) or info (all, the default).',
      },
      ...pagingProperties('findings', 5, 50),
    },
    required: ['path'],
    additionalProperties: false,
  },
  invocationMessage: (_args, file) => `Diagnosing ${path.basename(file)}`,
  async run(capture, args, ctx) {
    const { findings } = analyzeCapture(capture);
    const least = SEVERITY_RANK[args.severity as Severity];
    const kept = findings.filter((f) => SEVERITY_RANK[f.severity] <= least);
    const offset = Number(args.offset);
    const page = kept.slice(offset, offset + Number(args.limit));
    const lines: string[] = [];
    const warning = readWarning(capture);
    if (warning) lines.push(warning);
    if (!findings.length) lines.push(`No problems found in ${capture.index.count} packets.`);
    else
      lines.push(
        `${kept.length} of ${plural(findings.length, 'finding')}${args.severity !== 'info' ? ` are ${args.severity === 'error' ? 'errors' : 'errors or warnings'}` : ''}.`,
      );
    page.forEach((f, k) => lines.push('', ...findingText(f, offset + k + 1, ctx)));
    const note = pageNote('findings', kept.length, offset, page.length, 'pcap_findings');
    if (note) lines.push('', note);
    return lines.join('\n');
  },
};

function findingText(f: Finding, n: number, ctx: ToolContext): string[] {
  const lines = [`${n}. [${f.severity}] ${f.title}`];
  const streams = f.streams.length
    ? `; TCP stream${f.streams.length === 1 ? '' : 's'} ${f.streams.slice(0, 10).join(', ')}${f.streams.length > 10 ? ', …' : ''}`
    : '';
  lines.push(
    `Rule ${f.rule}; confidence ${f.confidence}${f.count > 1 ? `; ${f.count} occurrences` : ''}${streams}; evidence frames ${frameList(f.packets, ctx)}.`,
  );
  if (f.client || f.server) lines.push(`Client ${f.client ?? '?'}, server ${f.server ?? '?'}.`);
  lines.push(f.explanation);
  if (f.fixes.length) {
    lines.push('Fixes:');
    for (const fix of f.fixes)
      lines.push(`- ${fix.title}: ${fixActionText(fix.action)}${fix.cost && fix.action.kind === 'sysctl' ? ` (cost: ${fix.cost})` : ''}`);
  }
  return lines;
}
