import * as path from 'node:path';
import { analyzeCapture } from '../analysis';
import type { Capture } from '../capture/openCapture';
import { captureFieldSource, compileFilter } from '../filter/compileFilter';
import { FilterError } from '../filter/filterError';
import { packetLine } from '../summary/packetLine';
import { readWarning } from './readOutcome';
import { Checkpoint, pageNote } from './resultText';
import type { CaptureTool, ToolContext } from './toolDefinition';
import { PATH_PROPERTY, ToolError, pagingProperties } from './toolDefinition';

/** pcap_packets: the packet list (tshark's one-line columns) for a display filter, a page at a time. */
export const packetsTool: CaptureTool = {
  name: 'pcap_packets',
  displayName: 'Capture packets',
  description:
    'Packets of a capture, one line each as tshark prints them: frame number, time since the first packet (s), source → destination, protocol, length, info (TCP flags, seq/ack, window, options, and analysis tags such as [TCP Retransmission]). Narrow with a Wireshark display filter, e.g. "tcp.stream == 0", "tcp.flags.reset == 1", "ip.addr == 10.0.0.1 && tcp.port == 443", "tcp.analysis.retransmission", "dns", "http.request". Returns the number of matching packets and one page of them; use offset to page. For every field of one packet use pcap_packet_detail.',
  inputSchema: {
    type: 'object',
    properties: {
      path: PATH_PROPERTY,
      filter: { type: 'string', description: 'A Wireshark display filter; empty or absent: every packet.' },
      ...pagingProperties('matching packets', 50, 500),
    },
    required: ['path'],
    additionalProperties: false,
  },
  invocationMessage: (args, file) => `Listing packets of ${path.basename(file)}${args.filter ? ` matching ${args.filter}` : ''}`,
  async run(capture, args, ctx) {
    // The analysis sets the tcp.analysis flags that both the Info column and such filters read.
    analyzeCapture(capture);
    const filter = typeof args.filter === 'string' ? args.filter.trim() : '';
    const offset = Number(args.offset);
    const limit = Number(args.limit);
    const { total, page } = await matchingPackets(capture, filter, offset, limit, ctx);
    const count = capture.index.count;
    const lines = [filter ? `${total} of ${count} packets match the filter ${JSON.stringify(filter)}.` : `${count} packets.`];
    const warning = readWarning(capture);
    if (warning) lines.push(warning);
    if (page.length) lines.push('No. | Time (s) | Source → Destination | Protocol | Length | Info');
    for (const i of page) {
      const n = String(i + 1);
      lines.push(`${ctx.frame(i + 1)}${packetLine(capture, i, 0).slice(n.length)}`);
    }
    const note = pageNote('packets', total, offset, page.length, 'pcap_packets');
    if (note) lines.push(note);
    return lines.join('\n');
  },
};

/** How many packets the filter keeps, and the 0-based indices of those in [offset, offset + limit). */
async function matchingPackets(capture: Capture, filter: string, offset: number, limit: number, ctx: ToolContext): Promise<{ total: number; page: number[] }> {
  let test;
  try {
    test = compileFilter(filter, captureFieldSource(capture));
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    throw new ToolError(`The display filter ${JSON.stringify(filter)} is not valid at character ${e.position + 1}: ${e.message}`);
  }
  const count = capture.index.count;
  if (!test) return { total: count, page: Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, k) => offset + k) };
  const page: number[] = [];
  const checkpoint = new Checkpoint(ctx);
  let total = 0;
  for (let i = 0; i < count; i++) {
    await checkpoint.step();
    if (!test(i)) continue;
    if (total >= offset && page.length < limit) page.push(i);
    total++;
  }
  return { total, page };
}
