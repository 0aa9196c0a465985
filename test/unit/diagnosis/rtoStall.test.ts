import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';
import { ACK, PSH, SYN, TcpScenario } from '../helpers/tcpScenario';
import { goldenCaptures } from '../golden/tsharkGolden';

/**
 * tcp.transfer.rto-stall on its real-stack capture (ground truth: cap_rto-stall in
 * test/fixtures/make-fixtures.sh): the router drops everything for 3 s, the client backs off and
 * recovers.
 */
describe('tcp.transfer.rto-stall', () => {
  it('rto-stall.pcap: four timeouts of one segment with the waits and the time lost, then the ACK', async () => {
    const { capture, result } = await analyzeFixture('rto-stall.pcap');
    capture.close();
    const [f, ...more] = byRule(result.findings, 'tcp.transfer.rto-stall');
    assert.equal(more.length, 0);
    assert.equal(f.severity, 'warning');
    assert.match(
      f.title,
      /The client 10\.77\.1\.1:35976 stalled 3\.70 s on retransmission timeouts: 4 timeouts of one segment, waits 0\.43, 0\.48, 0\.92, 1\.86 s, then recovered/,
    );
    assert.deepEqual(f.packets, [23, 24, 30, 31, 32, 33, 34], "the server's last ACK, the original, the four timeouts, the ACK that covers it");
    assert.match(f.explanation, /RFC 6298 §5\.5/);
    assert.deepEqual(
      result.findings.map((x) => x.rule),
      ['tcp.transfer.rto-stall'],
      'said once: not as a loss rate (retransmissions, throughput limited by loss), not as a death',
    );
    const thin = f.fixes.find((x) => x.action.kind === 'sysctl')!;
    assert.deepEqual(thin.action, { kind: 'sysctl', key: 'net.ipv4.tcp_thin_linear_timeouts', value: '1', where: 'client' });
    assert.match(thin.cost!, /outage/);
    assert.ok(f.fixes.some((x) => x.action.kind === 'command' && x.action.command === 'mtr -rwc 20 10.77.2.2'));
  });

  it('a connection that dies, an MTU black hole and random loss are no RTO stall', async () => {
    for (const name of goldenCaptures().filter((n) => n !== 'rto-stall.pcap')) {
      const { capture, result } = await analyzeFixture(name);
      capture.close();
      assert.deepEqual(
        byRule(result.findings, 'tcp.transfer.rto-stall').map((f) => f.title),
        [],
        name,
      );
    }
  });

  /** A client segment resent after each of `waits` (seconds), then acknowledged. */
  function resent(waits: number[]): TcpScenario {
    const sc = new TcpScenario();
    sc.c(SYN);
    sc.s(SYN | ACK);
    sc.c(ACK);
    sc.c(PSH | ACK, { payload: 100 });
    sc.s(ACK);
    const seq = sc.seqOf('c');
    sc.c(PSH | ACK, { payload: 100 });
    for (const w of waits) sc.c(PSH | ACK, { payload: 100, seq, replay: true, dt: w });
    sc.s(ACK, { dt: 0.01 });
    sc.c(PSH | ACK, { payload: 100 });
    sc.s(ACK);
    return sc;
  }

  it('one timeout is ordinary loss recovery; two with a backed-off wait are a stall (info under 1 s)', () => {
    assert.deepEqual(byRule(analyzeCapture(resent([0.3]).capture()).findings, 'tcp.transfer.rto-stall'), []);
    const [f] = byRule(analyzeCapture(resent([0.3, 0.6]).capture()).findings, 'tcp.transfer.rto-stall');
    assert.equal(f.severity, 'info');
    assert.match(f.title, /stalled 0\.91 s on retransmission timeouts: 2 timeouts of one segment, waits 0\.30, 0\.60 s, then recovered/);
    assert.deepEqual(f.packets, [5, 6, 7, 8, 9]);
  });

  it('resends whose waits do not grow are no backoff', () => {
    assert.deepEqual(byRule(analyzeCapture(resent([0.3, 0.4, 0.3]).capture()).findings, 'tcp.transfer.rto-stall'), []);
  });
});
