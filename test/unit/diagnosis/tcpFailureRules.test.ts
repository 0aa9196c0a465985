import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';
import { ACK, PSH, SYN, TcpScenario } from '../helpers/tcpScenario';

/** Issue 11's TCP failure rules, each on its real-stack capture (test/fixtures/make-fixtures.sh) and on the case it must not confuse. */
describe('TCP failure rules (issue 11)', () => {
  it('tcp.handshake.backlog-overflow: SYN/ACKs repeated after the client\'s ACK, SYNs answered late — one finding for the server', async () => {
    const { capture, result } = await analyzeFixture('backlog-overflow.pcap');
    capture.close();
    // make-fixtures.sh #20: wave 2's handshakes 17-24, the server repeats 3 SYN/ACKs in 27, 29, 31 and 51, 53, 55;
    // wave 3's SYNs 25, 26 answered only by 90 and 92.
    assert.deepEqual(result.findings.map((f) => f.rule), ['tcp.handshake.backlog-overflow']);
    const [f] = byRule(result.findings, 'tcp.handshake.backlog-overflow');
    assert.equal(f.severity, 'warning');
    assert.equal(f.confidence, 'high');
    assert.equal(f.server, '10.77.2.2:7100');
    assert.equal(f.title, 'Listen backlog overflow on 10.77.2.2:7100: the server repeated its SYN/ACK 6 times on 3 connections after the client\'s ACK, and answered 2 SYNs only after retransmissions');
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
    assert.ok(f.fixes.every((x) => x.action.kind === 'doc' || x.cost), 'every fix says what it costs');
    assert.ok(f.fixes.some((x) => x.action.kind === 'command' && x.action.command.startsWith('ss -ltn \'sport = :7100\'')));
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
});
