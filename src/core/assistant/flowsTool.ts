import * as path from 'node:path';
import { analyzeCapture } from '../analysis';
import type { FlowSummary } from '../flows/flowTypes';
import { readWarning } from './readOutcome';
import { pageNote } from './resultText';
import type { CaptureTool, ToolContext } from './toolDefinition';
import { PATH_PROPERTY, pagingProperties } from './toolDefinition';

const SORTS: Record<string, (a: FlowSummary, b: FlowSummary) => number> = {
  start: (a, b) => a.firstFrame - b.firstFrame,
  bytes: (a, b) => b.bytes.client + b.bytes.server - (a.bytes.client + a.bytes.server),
  packets: (a, b) => b.packets.client + b.packets.server - (a.packets.client + a.packets.server),
  duration: (a, b) => b.duration - a.duration,
};

/** pcap_flows: the conversations (flows --json's), filtered and sorted, a page at a time. */
export const flowsTool: CaptureTool = {
  name: 'pcap_flows',
  displayName: 'Capture conversations',
  description:
    'The conversations in a capture (TCP, UDP, ICMP), one line each: transport/stream number, client → server, outcome (established, closed, refused, no-answer, aborted, …), Zeek\'s conn_state and history, packets and bytes per direction, duration, initial RTT, first and last frame. Filter by transport, outcome, host address or port; sort by start, bytes, packets or duration. Use the stream number with pcap_packets (filter "tcp.stream == N") or pcap_follow.',
  inputSchema: {
    type: 'object',
    properties: {
      path: PATH_PROPERTY,
      transport: { type: 'string', enum: ['tcp', 'udp', 'icmp'], description: 'Only conversations of this transport.' },
      outcome: {
        type: 'string',
        enum: [
          'established',
          'closed',
          'closed-then-reset',
          'half-closed',
          'aborted',
          'refused',
          'no-answer',
          'handshake-reset-by-client',
          'handshake-incomplete',
          'midstream',
          'udp',
          'icmp',
        ],
        description: 'Only conversations that ended this way.',
      },
      host: { type: 'string', description: 'Only conversations with this IP address (exactly) on either side.' },
      port: { type: 'integer', minimum: 0, maximum: 65535, description: 'Only conversations with this port on either side.' },
      sort: {
        type: 'string',
        enum: ['start', 'bytes', 'packets', 'duration'],
        default: 'start',
        description: 'Order: by first packet (default), or largest first by bytes, packets or duration.',
      },
      ...pagingProperties('conversations', 20, 200),
    },
    required: ['path'],
    additionalProperties: false,
  },
  invocationMessage: (_args, file) => `Listing the conversations in ${path.basename(file)}`,
  async run(capture, args, ctx) {
    const { flows } = analyzeCapture(capture);
    const host = typeof args.host === 'string' ? args.host.trim().toLowerCase() : undefined;
    const kept = flows.filter(
      (f) =>
        (!args.transport || f.transport === args.transport) &&
        (!args.outcome || f.outcome === args.outcome) &&
        (host === undefined || [f.client, f.server].some((e) => endpointHost(e).toLowerCase() === host)) &&
        (args.port === undefined || [f.client, f.server].some((e) => endpointPort(e) === args.port)),
    );
    kept.sort(SORTS[String(args.sort)] ?? SORTS.start);
    const offset = Number(args.offset);
    const page = kept.slice(offset, offset + Number(args.limit));
    const criteria = [args.transport, args.outcome && `outcome ${args.outcome}`, host && `host ${host}`, args.port !== undefined && `port ${args.port}`].filter(
      Boolean,
    );
    const lines = [`${kept.length} of ${flows.length} conversations${criteria.length ? ` match ${criteria.join(', ')}` : ''}; sorted by ${args.sort}.`];
    const warning = readWarning(capture);
    if (warning) lines.push(warning);
    for (const f of page) lines.push(`- ${flowLine(f, ctx)}`);
    const note = pageNote('conversations', kept.length, offset, page.length, 'pcap_flows');
    if (note) lines.push(note);
    return lines.join('\n');
  },
};

/** One conversation in a line a model can quote. */
export function flowLine(f: FlowSummary, ctx: ToolContext): string {
  const zeek = f.state ? `, zeek ${f.state}${f.history ? ` ${f.history}` : ''}` : '';
  const rtt = f.irtt !== undefined ? `, initial RTT ${(f.irtt * 1000).toFixed(2)} ms` : '';
  return (
    `${f.transport} stream ${f.stream}: ${f.client} → ${f.server}, ${f.outcome}${zeek}; ` +
    `packets ${f.packets.client}/${f.packets.server}, bytes ${f.bytes.client}/${f.bytes.server} (client/server); ` +
    `${f.duration.toFixed(3)} s${rtt}; frames ${ctx.frame(f.firstFrame)}–${ctx.frame(f.lastFrame)}`
  );
}

/** "10.0.0.1:80" → "10.0.0.1", "[2001:db8::1]:443" → "2001:db8::1"; ICMP endpoints have no port. */
function endpointHost(e: string): string {
  const v6 = /^\[(.*)\]:\d+$/.exec(e);
  if (v6) return v6[1];
  const v4 = /^(.*):\d+$/.exec(e);
  return v4 && !v4[1].includes(':') ? v4[1] : e;
}

function endpointPort(e: string): number | undefined {
  const m = /^(?:\[.*\]|[^:]*):(\d+)$/.exec(e);
  return m ? Number(m[1]) : undefined;
}
