import { strict as assert } from 'node:assert';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

/**
 * tcp.transfer.throughput-limit when a middlebox strips the window scale option (issue 11, "What
 * limits throughput": window scaling stripped by a middlebox). Ground truth: cap_wscale-stripped in
 * test/fixtures/make-fixtures.sh (the router's nftables "reset tcp option window" on every SYN).
 */
describe('throughput limited by a window that cannot scale (wscale-stripped.pcap)', () => {
  it('says the receive window is the limit because a device overwrote the window scale option with NOPs (SYN frame 1), with fixes on that device, not bigger buffers', async () => {
    const { capture, result } = await analyzeFixture('wscale-stripped.pcap');
    capture.close();
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.transfer.throughput-limit'],
      'one finding: no retransmissions, no capture problem',
    );
    const [f] = result.findings;
    assert.equal(f.severity, 'warning');
    assert.match(
      f.title,
      /^Throughput to the client 10\.77\.1\.1:\d+ limited by its receive window: 585\.9 KB in 0\.11 s, 45\.6 Mbit\/s, window 64\.0 KB, RTT 9\.\d ms$/,
    );
    assert.deepEqual(f.packets, [148, 1], 'the first segment that filled the window, the SYN whose option was blanked');
    assert.match(f.explanation, /50 times \(tcp\.analysis\.window_full/);
    assert.match(f.explanation, /the client's SYN \(frame 1\) has no window scale option but NOPs where it was — a device on the path overwrote it/);
    assert.match(f.fixes[0].title, /^Find the device that overwrites the window scale option/);
    assert.ok(
      f.fixes.some((x) => x.action.kind === 'command' && /nft -a list ruleset/.test(x.action.command)),
      'the rule that does it',
    );
    assert.ok(!f.fixes.some((x) => x.action.kind === 'sysctl'), 'neither bigger buffers nor a sysctl on the hosts opens a window the path strips');
    assert.ok(
      f.fixes.every((x) => x.cost),
      'every fix says what it costs',
    );
  });
});
