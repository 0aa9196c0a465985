import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';
import { ACK, FIN, PSH, RST, SYN, TcpScenario } from '../helpers/tcpScenario';

/** Issue 11's TCP failure rules, each on its real-stack capture (test/fixtures/make-fixtures.sh) and on the case it must not confuse. */
describe('TCP failure rules (issue 11)', () => {
  it("tcp.handshake.backlog-overflow: SYN/ACKs repeated after the client's ACK, SYNs answered late — one finding for the server", async () => {
    const { capture, result } = await analyzeFixture('backlog-overflow.pcap');
    capture.close();
    // make-fixtures.sh #20: wave 2's handshakes 17-24, the server repeats 3 SYN/ACKs in 27, 29, 31 and 51, 53, 55;
    // wave 3's SYNs 25, 26 answered only by 90 and 92.
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.handshake.backlog-overflow'],
    );
    const [f] = byRule(result.findings, 'tcp.handshake.backlog-overflow');
    assert.equal(f.severity, 'warning');
    assert.equal(f.confidence, 'high');
    assert.equal(f.server, '10.77.2.2:7100');
    assert.equal(
      f.title,
      "Listen backlog overflow on 10.77.2.2:7100: the server repeated its SYN/ACK 6 times on 3 connections after the client's ACK, and answered 2 SYNs only after retransmissions",
    );
    // The first ignored ACK (frame 20, connection 33830) and its two repeats; the late SYNs with their answers.
    assert.deepEqual(f.packets, [20, 31, 51, 25, 92, 26, 90]);
    assert.match(f.explanation, /answered only after the client retransmitted them \(the first: SYN frame 25, SYN\/ACK frame 92, 7\.\d s later\)/);
    assert.match(f.explanation, /TcpExtListenOverflows/);
    assert.equal(f.streams.length, 5, 'the three ignored handshakes and the two late ones');
    const sysctls = f.fixes.filter((x) => x.action.kind === 'sysctl').map((x) => x.action);
    assert.deepEqual(sysctls, [
      { kind: 'sysctl', key: 'net.core.somaxconn', value: '4096', where: 'server' },
      { kind: 'sysctl', key: 'net.ipv4.tcp_max_syn_backlog', value: '4096', where: 'server' },
    ]);
    assert.ok(
      f.fixes.every((x) => x.action.kind === 'doc' || x.cost),
      'every fix says what it costs',
    );
    assert.ok(f.fixes.some((x) => x.action.kind === 'command' && x.action.command.startsWith("ss -ltn 'sport = :7100'")));
  });

  it('tcp.handshake.backlog-overflow: one lost ACK and its repeated SYN/ACK is not a full queue', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    const sIsn = sc.seqOf('s');
    sc.s(SYN | ACK, { options: sc.synOptions(1000) });
    sc.c(ACK); // lost beyond the capture point
    sc.s(SYN | ACK, { options: sc.synOptions(1000), seq: sIsn, replay: true, dt: 1 });
    sc.c(ACK);
    sc.c(PSH | ACK, { payload: 100 });
    sc.s(ACK);
    const rules = analyzeCapture(sc.capture()).findings.map((f) => f.rule);
    assert.ok(!rules.includes('tcp.handshake.backlog-overflow'), rules.join());
    // The same handshake with the SYN/ACK repeated twice after ACKs: the server is not taking them.
    sc.s(SYN | ACK, { options: sc.synOptions(1000), seq: sIsn, replay: true, dt: 2 });
    sc.c(ACK);
    const again = analyzeCapture(sc.capture()).findings.find((f) => f.rule === 'tcp.handshake.backlog-overflow');
    assert.equal(again?.confidence, 'medium');
  });
  it('tcp.handshake.port-reuse: challenge ACK and RST on a reused 4-tuple — TIME-WAIT with a TSval from another clock behind a NAT, and a forgotten ESTABLISHED connection', async () => {
    const { capture, result } = await analyzeFixture('timewait-reuse.pcap');
    capture.close();
    // make-fixtures.sh #21: part 1 SYN 9, challenge ACK 10, RST 11, SYN retransmission 12 (old connection 1-8, server FIN 6);
    // part 2 SYN 23, challenge ACK 24, RST 25, retransmission 26 (old connection 20-22, its RST dropped by the router).
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.handshake.port-reuse', 'tcp.handshake.port-reuse'],
      'and no tcp.rst.half-open',
    );
    const [tw, est] = byRule(result.findings, 'tcp.handshake.port-reuse');
    assert.deepEqual(tw.packets, [9, 10, 11, 12]);
    assert.match(
      tw.title,
      /^SYN from 10\.77\.2\.254:40000 reuses the ports of a connection 10\.77\.2\.2:7200 holds in TIME-WAIT: challenge ACK \(frame 10\), the client's RST \(frame 11\), then the retried SYN connects$/,
    );
    assert.match(tw.explanation, /closed by the server first/);
    assert.match(tw.explanation, /TSval 2935286694 is behind the last TSval 3572581570 of the old connection \(frame 7\)/);
    assert.match(tw.explanation, /clients behind one NAT/);
    assert.deepEqual(est.packets, [23, 24, 25, 26]);
    assert.match(est.title, /10\.77\.2\.2:7201 holds still ESTABLISHED/);
    assert.doesNotMatch(est.explanation, /PAWS/);
    const keys = tw.fixes.filter((x) => x.action.kind === 'sysctl').map((x) => x.action.kind === 'sysctl' && x.action.key);
    assert.deepEqual(keys, ['net.ipv4.ip_local_port_range', 'net.ipv4.tcp_tw_reuse'], 'never tcp_tw_recycle as a setting');
    assert.match(tw.fixes.find((x) => x.action.kind === 'doc')!.title, /Never net\.ipv4\.tcp_tw_recycle: removed in Linux 4\.12/);
    assert.ok(tw.fixes.every((x) => x.action.kind === 'doc' || x.cost));
    assert.equal(est.fixes.length, tw.fixes.length - 1, 'the NAT fix only for the TIME-WAIT case');
  });

  it('tcp.handshake.port-reuse: ports reused after a clean close and answered by a SYN/ACK are no finding; a challenge ACK without the earlier connection stays tcp.handshake.stale-ack', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000) });
    sc.c(ACK);
    sc.s(FIN | ACK, { dt: 0.1 });
    sc.c(FIN | ACK);
    sc.s(ACK);
    sc.c(SYN, { options: sc.synOptions(), seq: 9_000_000, dt: 2 });
    sc.s(SYN | ACK, { options: sc.synOptions(1001), seq: 7_000_000, ack: 9_000_001 });
    sc.c(ACK, { seq: 9_000_001, ack: 7_000_001 });
    const rules = analyzeCapture(sc.capture()).findings.map((f) => f.rule);
    assert.ok(!rules.includes('tcp.handshake.port-reuse'), rules.join());
    const lone = new TcpScenario();
    lone.c(SYN, { options: lone.synOptions() });
    lone.s(ACK, { seq: 777, ack: 123456 });
    lone.c(RST, { seq: 123456 });
    const loneRules = analyzeCapture(lone.capture()).findings.map((f) => f.rule);
    assert.ok(loneRules.includes('tcp.handshake.stale-ack') && !loneRules.includes('tcp.handshake.port-reuse'), loneRules.join());
  });
  it('tcp.options.sack-mangled: SACK blocks 1 GiB above the ACK number, then retransmissions without fast recovery; real SACKs on a lossy path are no finding', async () => {
    const { capture, result } = await analyzeFixture('sack-mangling.pcap');
    capture.close();
    // make-fixtures.sh #22: segment 30409 lost; dup ACKs from frame 69 carry ack 30409 with SACK 2^30 + 31865 (relative); first RTO retransmission 92.
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.options.sack-mangled'],
      'it speaks for tcp.transfer.retransmissions',
    );
    const [f] = byRule(result.findings, 'tcp.options.sack-mangled');
    assert.equal(f.severity, 'warning');
    assert.equal(f.confidence, 'high');
    assert.equal(f.packets[0], 69);
    assert.equal(f.packets[f.packets.length - 1], 92);
    assert.match(
      f.title,
      /^SACK blocks from the client 10\.77\.1\.1:\d+ point 1\.00 GiB away from its ACK number, outside anything the server 10\.77\.2\.2:5003 sent \(\d+ ACKs\): \d+ retransmissions follow, none fast$/,
    );
    assert.match(f.explanation, /TcpExtTCPSACKDiscard/);
    const sysctl = f.fixes.find((x) => x.action.kind === 'sysctl')!;
    assert.deepEqual(sysctl.action, { kind: 'sysctl', key: 'net.ipv4.tcp_sack', value: '0', where: 'server' });
    assert.match(sysctl.cost!, /loses selective acknowledgment/);
    assert.match(f.fixes[0].title, /firewall/);
    // loss.pcap: the same kind of transfer with real losses and 92 honest SACK blocks.
    const loss = await analyzeFixture('loss.pcap');
    loss.capture.close();
    assert.deepEqual(byRule(loss.result.findings, 'tcp.options.sack-mangled'), []);
  });
  it('tcp.transfer.mtu-blackhole: DF full-size segments retransmitted with backoff and never ACKed, small ones ACKed, no ICMP — with the evidence and the three fixes', async () => {
    const { capture, result } = await analyzeFixture('pmtu-blackhole.pcap');
    capture.close();
    // make-fixtures.sh #23: hello 4 ACKed by 5; full-size segments from 8 never ACKed; RTO retransmissions of frame 8's data in 20-24.
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.transfer.mtu-blackhole'],
      'it speaks for tcp.transfer.retransmissions',
    );
    const [f] = byRule(result.findings, 'tcp.transfer.mtu-blackhole');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.packets, [4, 5, 8, 20, 21, 22, 23, 24]);
    assert.match(
      f.title,
      /^Probable MTU black hole: 1448-byte segments from the client 10\.77\.1\.1:\d+ \(DF set\) retransmitted 5 times, never acknowledged, while small ones pass$/,
    );
    assert.match(f.explanation, /0\.28, 0\.74, 1\.68, 3\.50, 7\.21 s after the original/);
    assert.match(f.explanation, /No ICMP "fragmentation needed"/);
    assert.deepEqual(f.fixes[0].action, { kind: 'sysctl', key: 'net.ipv4.tcp_mtu_probing', value: '1', where: 'client' });
    assert.ok(
      f.fixes.some((x) => x.action.kind === 'command' && /maxseg size set rt mtu/.test(x.action.command)),
      'MSS clamping on the tunnel',
    );
    assert.ok(
      f.fixes.every((x) => x.cost),
      'every fix says what it costs',
    );
  });
});
