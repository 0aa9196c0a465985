import * as path from 'node:path';
import { analyzeCapture } from '../analysis';
import type { DetailNode } from '../dissect/detailNode';
import { dissectPacket } from '../dissect/dissector';
import { readWarning } from './readOutcome';
import type { CaptureTool } from './toolDefinition';
import { PATH_PROPERTY, ToolError } from './toolDefinition';

const MAX_LINES = 400;
const MAX_LINE = 300;

/** pcap_packet_detail: one frame's detail tree (Wireshark's middle pane), as indented text. */
export const packetDetailTool: CaptureTool = {
  name: 'pcap_packet_detail',
  displayName: 'Packet detail',
  description:
    "Every decoded field of one packet, as Wireshark's packet detail tree: one line per field, indented by layer (frame, link, IP, TCP/UDP with options and the SEQ/ACK analysis, DNS, HTTP, TLS), each with its display-filter field name in brackets; problems are marked [warning] or [error]. Frame numbers are 1-based, as in pcap_packets and the findings' evidence.",
  inputSchema: {
    type: 'object',
    properties: { path: PATH_PROPERTY, frame: { type: 'integer', minimum: 1, description: 'The frame number (1-based, the No. column).' } },
    required: ['path', 'frame'],
    additionalProperties: false,
  },
  invocationMessage: (args, file) => `Reading frame ${args.frame} of ${path.basename(file)}`,
  async run(capture, args, ctx) {
    const frame = Number(args.frame);
    const count = capture.index.count;
    if (frame > count) throw new ToolError(`Frame ${frame} is out of range: the capture has ${count} packet${count === 1 ? '' : 's'} (frames 1–${count}).`);
    const { extras } = analyzeCapture(capture);
    const lines = [`Detail of frame ${ctx.frame(frame)}, one line per field with its filter name in brackets:`];
    const warning = readWarning(capture);
    if (warning) lines.push(warning);
    let cut = 0;
    const walk = (nodes: readonly DetailNode[], depth: number) => {
      for (const n of nodes) {
        if (lines.length >= MAX_LINES) {
          cut++;
          continue;
        }
        const text = n.text.length > MAX_LINE ? `${n.text.slice(0, MAX_LINE)}… (${n.text.length} characters)` : n.text;
        lines.push(`${'  '.repeat(depth)}${text}${n.field ? ` [${n.field}]` : ''}${n.severity && n.severity !== 'note' ? ` [${n.severity}]` : ''}`);
        if (n.children) walk(n.children, depth + 1);
      }
    };
    walk(dissectPacket(capture, frame - 1, extras), 0);
    if (cut) lines.push(`(${cut} more fields left out: the tree is capped at ${MAX_LINES} lines.)`);
    return lines.join('\n');
  },
};
