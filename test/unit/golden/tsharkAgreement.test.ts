import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import type { Mismatch } from './compareFields';
import { compareFields } from './compareFields';
import { classifyInfoDifference } from './infoComparison';
import { FIXTURES, goldenCaptures, innermostFields, readFieldsGolden, readTunnelGolden, skipPending } from './tsharkGolden';

/**
 * The engine against tshark 4.0 on real captures of the Linux stack
 * (test/fixtures/make-fixtures.sh made both the captures and the goldens).
 */
describe('agreement with tshark on real captures', () => {
  const captures = goldenCaptures();
  const infoTally = new Map<string, number>();
  let packetsCompared = 0;

  it('has the fixture captures and their goldens', () => {
    assert.ok(captures.length >= 15, `expected the fixture set, found ${captures.length}`);
  });

  // Pending reassembly (issue 10): see PENDING_CAPTURES in tsharkGolden.ts.
  for (const name of captures.filter((n) => !skipPending(n, 'fields'))) {
    it(`${name}: every contract field equals tshark's, and Info differs only by listed deviations`, async () => {
      const capture = await openCaptureFile(path.join(FIXTURES, name));
      try {
        analyzeCapture(capture);
        const tunnels = readTunnelGolden(name);
        const golden = readFieldsGolden(name).map((row, k) => (tunnels ? innermostFields(row, tunnels[k]['frame.protocols']) : row));
        assert.equal(capture.error, undefined, `reading stopped: ${capture.error?.message}`);
        assert.equal(capture.index.count, golden.length, 'packet count');
        const mismatches: Mismatch[] = [];
        const unexplained: string[] = [];
        for (let i = 0; i < capture.index.count; i++) {
          const rec = packetRecord(capture, i);
          mismatches.push(...compareFields(rec, golden[i]));
          const kind = classifyInfoDifference(rec, golden[i]);
          infoTally.set(kind, (infoTally.get(kind) ?? 0) + 1);
          if (kind === 'unexplained')
            unexplained.push(`#${i + 1}\n  ours:   ${rec.proto} | ${rec.info}\n  tshark: ${golden[i]['_ws.col.Protocol']} | ${golden[i]['_ws.col.Info']}`);
          packetsCompared++;
        }
        assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} field mismatches`);
        assert.deepEqual(unexplained.slice(0, 5), [], `${unexplained.length} unexplained Info differences`);
      } finally {
        capture.close();
      }
    });
  }

  after(() => {
    const same = infoTally.get('same') ?? 0;
    const rest = [...infoTally]
      .filter(([k]) => k !== 'same')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `      tshark agreement: ${packetsCompared} packets; Protocol+Info identical on ${same} (${((100 * same) / Math.max(1, packetsCompared)).toFixed(1)}%); listed deviations: ${rest || 'none'}`,
    );
  });
});

describe('gzip fixture', () => {
  it('opens transparently and equals the uncompressed capture packet for packet', async () => {
    const plain = await openCaptureFile(path.join(FIXTURES, 'http-ipv4.pcap'));
    const gz = await openCaptureFile(path.join(FIXTURES, 'http-ipv4.pcap.gz'));
    try {
      assert.equal(gz.compression, 'gzip');
      assert.equal(gz.index.count, plain.index.count);
      for (let i = 0; i < plain.index.count; i++) assert.deepEqual(packetRecord(gz, i), packetRecord(plain, i));
      assert.ok(fs.statSync(path.join(FIXTURES, 'http-ipv4.pcap.gz')).size < plain.size);
    } finally {
      plain.close();
      gz.close();
    }
  });
});
