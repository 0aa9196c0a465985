import { strict as assert } from 'node:assert';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

/**
 * tcp.transfer.throughput-limit when a middlebox strips the window scale option (issue 11, "What
 * limits throughput": window scaling stripped by a middlebox). Ground truth: cap_wscale-stripped in
 * test/fixtures/make-fixtures.sh (the router's nftables "reset tcp option window" on every SYN).
 */
describe('throughput limited by a window that cannot scale (wscale-stripped.pcap)', () => {
  it('says the receive window is the limit because window scaling is off, with the fixes for a stripped option, not bigger buffers', async () => {
    const { capture, result } = await analyzeFixture('wscale-stripped.pcap');
    capture.close();
    assert.deepEqual(result.findings.map((f) => f.rule), ['tcp.transfer.throughput-limit'], 'one finding: no retransmissions, no capture problem');
    const [f] = result.findings;
    assert.equal(f.severity, 'warning');
    assert.match(f.title, /^Throughput to the client 10\.77\.1\.1:\d+ limited by its receive window: 1953\.1 KB in 0\.36 s, 44\.6 Mbit\/s, window 64\.0 KB, RTT 9\.\d ms$/);
    assert.deepEqual(f.packets, [147], 'the first segment that filled the window');
    assert.match(f.explanation, /121 times \(tcp\.analysis\.window_full/);
    assert.match(f.explanation, /Window scaling is off on this connection .* the window cannot exceed 64 KB: if both hosts enable it, a middlebox strips the option/);
    assert.deepEqual(f.fixes[0].action, { kind: 'sysctl', key: 'net.ipv4.tcp_window_scaling', value: '1', where: 'client' });
    assert.match(f.fixes[0].cost!, /if a middlebox strips the option it stays off/);
    assert.ok(f.fixes.some((x) => x.action.kind === 'command' && /tcp-syn/.test(x.action.command) && /other side/.test(x.title)), 'compare the SYN on both sides of the path');
    assert.ok(!f.fixes.some((x) => x.action.kind === 'sysctl' && x.action.key === 'net.ipv4.tcp_rmem'), 'a bigger buffer cannot open an unscaled window');
    assert.ok(f.fixes.every((x) => x.cost), 'every fix says what it costs');
  });
});
