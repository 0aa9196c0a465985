import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { FIXTURES, GOLDENS, goldenCaptures, skipPending } from '../golden/tsharkGolden';
import type { GoldenRow } from '../golden/tsharkGolden';
import { findNode } from '../helpers/detailTree';

const FIELDS = ['acks_frame', 'ack_rtt', 'bytes_in_flight', 'initial_rtt', 'duplicate_ack_num', 'duplicate_ack_frame'] as const;

function readSeqAckGolden(capture: string): GoldenRow[] {
  const [header, ...lines] = fs
    .readFileSync(path.join(GOLDENS, `${capture}.seqack.tsv`), 'utf8')
    .split('\n')
    .filter(Boolean);
  const names = header.split('\t').map((n) => n.replace(/^tcp\.analysis\./, ''));
  return lines.map((l) => Object.fromEntries(l.split('\t').map((c, k) => [names[k], c])) as GoldenRow);
}

/** The values our detail tree shows for a packet, as tshark prints them (9 decimals for times). */
function ours(tree: DetailNode[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = findNode(tree, `tcp.analysis.${f}`)?.value;
    out[f] = v === undefined ? '' : f.endsWith('rtt') ? Number(v).toFixed(9) : String(v);
  }
  return out;
}

/**
 * The detail tree's [SEQ/ACK analysis] against tshark 4.0 on every packet of every real-stack
 * fixture. Where our sequence analysis deliberately differs (a SYN/ACK with a new ISN after the
 * client's RST starts the attempt over: see analysisDeviations.ts) tshark computes bytes in flight
 * over the stale state; those frames are counted, listed and kept few.
 */
describe('[SEQ/ACK analysis] in the detail tree agrees with tshark', () => {
  // Pending tunnel decoding / reassembly (issue 10): see PENDING_CAPTURES in tsharkGolden.ts.
  for (const capture of goldenCaptures().filter((c) => !skipPending(c, 'seqack'))) {
    it(`${capture}: ack frame, ACK RTT, bytes in flight, iRTT and duplicate ACKs per packet`, async () => {
      const cap = await openCaptureFile(path.join(FIXTURES, capture));
      const { extras } = analyzeCapture(cap, { flowDetail: false });
      const golden = readSeqAckGolden(capture);
      assert.equal(golden.length, cap.index.count);
      const differ: string[] = [];
      let compared = 0;
      for (let i = 0; i < cap.index.count; i++) {
        const got = ours(dissectPacket(cap, i, extras));
        const want = Object.fromEntries(FIELDS.map((f) => [f, golden[i][f] ?? '']));
        if (FIELDS.some((f) => want[f] !== '')) compared++;
        if (FIELDS.some((f) => got[f] !== want[f])) differ.push(`frame ${i + 1}: ours ${JSON.stringify(got)} tshark ${JSON.stringify(want)}`);
      }
      cap.close();
      assert.deepEqual(differ, [], `${differ.length} of ${compared} analysed frames differ`);
    });
  }
});
