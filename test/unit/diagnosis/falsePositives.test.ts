import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

/** Fixtures where nothing goes wrong (test/fixtures/make-fixtures.sh): the diagnosis must stay silent on them. */
const HEALTHY = [
  'http-ipv4.pcap',
  'http-ipv4.pcap.gz',
  'http-ipv6.pcapng',
  'tls-clienthello.pcap',
  'any-sll.pcap',
  'any-sll2.pcap',
  'ts-one-side.pcap',
  'fragments.pcap',
  'fragments-ipv6.pcap',
  'udp-unreachable.pcap',
  'tunnel-geneve.pcap',
  'tunnel-gre.pcap',
  'tunnel-gretap.pcap',
  'tunnel-ip6gre.pcap',
  'tunnel-ipip.pcap',
  'tunnel-ipip6.pcap',
  'tunnel-mpls.pcap',
  'tunnel-sit.pcap',
  'tunnel-vxlan-vlan.pcap',
  'tunnel-vxlan.pcap',
];

const BENCH = path.join(__dirname, '../../../bench/.cache/bench-1m.pcap');

/**
 * Issue 11's false-positive check: captures where none of the failures happen give no warning or
 * error — the healthy fixtures, and the large healthy bench capture (bench/make-bench-capture.sh)
 * when it has been made.
 */
describe('false positives: healthy captures stay silent', () => {
  for (const name of HEALTHY) {
    it(`${name}: no warning and no error`, async () => {
      const { capture, result } = await analyzeFixture(name);
      capture.close();
      assert.deepEqual(
        result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.title}`),
        [],
      );
    });
  }

  it('the bench capture (1 M packets of iperf3 and thousands of HTTP connections): only the known retransmissions', async function () {
    if (!fs.existsSync(BENCH)) {
      console.log(`      skipped: ${path.relative(process.cwd(), BENCH)} is not there (bench/make-bench-capture.sh makes it; it needs root)`);
      this.skip();
    }
    this.timeout(300_000);
    const capture = await openCaptureFile(BENCH);
    try {
      const { findings } = analyzeCapture(capture);
      // Its one warning predates issue 11: an IPv6 HTTP connection with 6 of 44 segments lost on the veth (tcp.transfer.retransmissions).
      assert.deepEqual(
        findings.filter((f) => f.severity !== 'info').map((f) => f.rule),
        ['tcp.transfer.retransmissions'],
        findings.map((f) => f.title).join('\n'),
      );
    } finally {
      capture.close();
    }
  });
});
