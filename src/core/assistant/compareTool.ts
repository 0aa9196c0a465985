import * as path from 'node:path';
import { compareCaptures } from '../compare/compareCaptures';
import type { DelayStats } from '../compare/compareTypes';
import { plural } from './resultText';
import type { CaptureTool } from './toolDefinition';
import { PATH_PROPERTY, ToolCancelled, ToolError } from './toolDefinition';

const MAX_FINDINGS = 10;
const MAX_FRAMES = 12;

/**
 * pcap_compare: `pcap-inspector compare` for a model. Two captures of the same traffic from two
 * points (client and server side, both sides of a firewall or NAT): what the path between them did.
 */
export const compareTool: CaptureTool = {
  name: 'pcap_compare',
  displayName: 'Compare two captures',
  description:
    'Compares two captures of the same traffic taken at two points of its path (A = path, B = other; e.g. client side and server side, or both sides of a firewall, NAT or load balancer) and says what the path between them did: packets lost between the points, packets that appeared between them (forged RSTs, a SYN proxy, ICMP), packets modified field by field (NAT of addresses and ports, sequence offsets, MSS clamped, window scale or SACK-permitted stripped, TCP timestamps rewritten, TTL, DSCP/ECN, checksums, payload), with the clock offset between the captures (never assumed synchronised), the one-way delay each way, and evidence frames in each file. Findings first, most severe first. Use it when one capture alone cannot tell whether the network or an endpoint did something.',
  inputSchema: {
    type: 'object',
    properties: {
      path: PATH_PROPERTY,
      other: {
        type: 'string',
        description: 'The second capture of the same traffic, taken at the other point (B), with the same rules as path.',
      },
    },
    required: ['path', 'other'],
    additionalProperties: false,
  },
  invocationMessage: (args, file) => `Comparing ${path.basename(file)} with ${path.basename(String(args.other))}`,
  async run(captureA, args, ctx) {
    const other = await ctx.openCapture(String(args.other));
    if (other.capture === captureA) throw new ToolError('path and other are the same capture: give the capture taken at the other point as other.');
    if (ctx.isCancelled()) throw new ToolCancelled();
    const r = compareCaptures(captureA, other.capture);
    const lines: string[] = [];
    const frames = (list: readonly number[], link: boolean) =>
      `${list
        .slice(0, MAX_FRAMES)
        .map((n) => (link ? ctx.frame(n) : String(n)))
        .join(', ')}${list.length > MAX_FRAMES ? ` and ${list.length - MAX_FRAMES} more` : ''}`;
    lines.push(`A: ${captureA.index.count} packets; B (${path.basename(other.file)}): ${other.capture.index.count} packets.`);
    if (!r.findings.length) lines.push('Findings: none (the path between A and B changed, dropped and added nothing the rules look for).');
    else lines.push(`Findings: ${r.findings.length}, most severe first${r.findings.length > MAX_FINDINGS ? `; the first ${MAX_FINDINGS}` : ''}:`);
    r.findings.slice(0, MAX_FINDINGS).forEach((f, k) => {
      lines.push(`${k + 1}. [${f.severity}] ${f.title} (rule ${f.rule}; ${f.location})`);
      for (const field of f.fields) lines.push(`   ${field.name}: A ${field.a ?? 'absent'}, B ${field.b ?? 'absent'}`);
      if (f.packetsA.length) lines.push(`   Evidence in A: frames ${frames(f.packetsA, true)}`);
      if (f.packetsB.length) lines.push(`   Evidence in B: frames ${frames(f.packetsB, false)}`);
      lines.push(`   Cause: ${f.cause}`);
      lines.push(`   ${f.explanation.split('\n\n')[0]}`);
      for (const fix of f.fixes.slice(0, 3)) lines.push(`   Fix: ${fix.title}`);
    });
    lines.push('');
    const off = r.clockOffset;
    lines.push(
      off === null
        ? 'Clock offset: unknown (no packet seen at both points).'
        : `Clock offset: B's clock is ${ms(Math.abs(off))} ${off >= 0 ? 'ahead of' : 'behind'} A's${r.clockUncertainty !== null ? ` (± ${ms(r.clockUncertainty)})` : ''}.`,
    );
    lines.push(`One-way delay A→B: ${delay(r.delay.aToB)}; B→A: ${delay(r.delay.bToA)}.`);
    const p = r.packets;
    lines.push(
      `Packets: ${p.matched} matched, ${p.modified} modified, ${p.lostBetween} lost between, ${p.appearedBetween} appeared between, ${p.onlyOutsideOverlap} outside the other capture's time span; ${plural(r.connections.length, 'connection')}.`,
    );
    lines.push("Frame numbers of A link into A; look at them with pcap_packet_detail (path) and at B's with pcap_packet_detail (path = other).");
    return lines.join('\n');
  },
};

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(3)} ms`;
}

function delay(d: DelayStats | null): string {
  return d ? `${ms(d.median)} median (min ${ms(d.min)}, max ${ms(d.max)})` : 'unknown';
}
