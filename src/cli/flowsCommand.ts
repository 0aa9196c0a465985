import type { Capture } from '../core/capture/openCapture';
import { analyzeCapture } from '../core/analysis';
import type { Output } from './output';

/**
 * `flows FILE [--json] [--checksums]`: conversations with Zeek-compatible state and history and our
 * outcome; `checksums` verifies checksums as Zeek does by default (AnalysisOptions.verifyChecksums).
 */
export function flowsCommand(capture: Capture, json: boolean, out: Output, checksums = false): void {
  const { flows } = analyzeCapture(capture, { verifyChecksums: checksums });
  if (json) {
    for (const f of flows) out.line(JSON.stringify(f));
    return;
  }
  const rows = flows.map((f) => [
    `${f.transport}/${f.stream}`,
    f.client,
    f.server,
    f.state ?? '-',
    f.history ?? '-',
    f.outcome,
    `${f.packets.client}/${f.packets.server}`,
    `${f.bytes.client}/${f.bytes.server}`,
    f.duration.toFixed(3),
    f.irtt !== undefined ? (f.irtt * 1000).toFixed(2) : '-',
  ]);
  const head = ['stream', 'client', 'server', 'state', 'history', 'outcome', 'pkts c/s', 'bytes c/s', 'dur s', 'irtt ms'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  out.line(head.map((h, k) => h.padEnd(widths[k])).join('  '));
  for (const r of rows)
    out.line(
      r
        .map((c, k) => c.padEnd(widths[k]))
        .join('  ')
        .trimEnd(),
    );
}
