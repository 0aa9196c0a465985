import { strict as assert } from 'node:assert';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';

/** Each rule proven on a capture of the real Linux stack (test/fixtures/make-fixtures.sh). */
describe('diagnosis on real captures', () => {
  it('tcp.handshake.tsecr-mismatch: the founding case, found by itself, with evidence and the fix', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    capture.close();
    assert.equal(result.findings[0].rule, 'tcp.handshake.tsecr-mismatch', 'it is the first finding');
    const [f] = byRule(result.findings, 'tcp.handshake.tsecr-mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(f.confidence, 'high');
    assert.deepEqual(f.packets, [3, 4, 5, 6], "SYN, SYN/ACK with the bad TSecr, the client's RST, the retried SYN");
    assert.match(f.title, /TSecr 2174718965, not the SYN's TSval \d+/);
    assert.match(f.explanation, /RFC 7323 §3\.2/);
    assert.match(f.explanation, /TcpExtPAWSActive/);
    assert.match(f.explanation, /retried after 1, 2, 4, 8(\.\d)?, 16 s/);
    assert.match(f.explanation, /firewall, NAT or SYN proxy/);
    assert.match(f.explanation, /capture was taken on the client/);
    const sysctl = f.fixes.find((x) => x.action.kind === 'sysctl')!;
    assert.deepEqual(sysctl.action, { kind: 'sysctl', key: 'net.ipv4.tcp_timestamps', value: '0', where: 'client' });
    assert.match(sysctl.cost!, /PAWS/);
    assert.match(sysctl.cost!, /tcp_tw_reuse/);
    assert.equal(byRule(result.findings, 'tcp.handshake.zero-timestamps').length, 0);
  });

  it('tcp.handshake.zero-timestamps: TSval = TSecr = 0 is accepted — an info finding, not an error', async () => {
    const { capture, result } = await analyzeFixture('zero-ts.pcap');
    capture.close();
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.severity]),
      [['tcp.handshake.zero-timestamps', 'info']],
    );
    // The same verdict text as the tooltip, hover and diagram (issue 11): non-conformant, accepted by Linux, and accepted here.
    assert.match(result.findings[0].explanation, /non-conformant \(RFC 7323 §3\.2\), but accepted by Linux/);
    assert.match(result.findings[0].explanation, /The client accepted it: its ACK \(frame \d+\) completes the handshake/);
    assert.equal(result.flows.find((f) => f.transport === 'tcp')!.outcome, 'closed');
  });

  it('tcp.handshake.refused: RST/ACK answering the SYN, one finding for three attempts', async () => {
    const { capture, result } = await analyzeFixture('refused.pcap');
    capture.close();
    const [f] = byRule(result.findings, 'tcp.handshake.refused');
    assert.equal(f.count, 3);
    assert.deepEqual(f.streams, [0, 1, 2]);
    assert.match(f.title, /3 connections to 10\.77\.0\.2:9 refused/);
  });

  it('firewall reject: TCP reset and ICMP port unreachable are both refusals', async () => {
    const { capture, result } = await analyzeFixture('reject.pcap');
    capture.close();
    const refused = byRule(result.findings, 'tcp.handshake.refused');
    assert.equal(refused.length, 2);
    assert.ok(refused.some((f) => /8081 refused/.test(f.title)));
    assert.ok(refused.some((f) => /8082 rejected with ICMP/.test(f.title) && /Port unreachable/.test(f.explanation)));
    assert.equal(byRule(result.findings, 'tcp.handshake.no-answer').length, 0);
  });

  it('tcp.handshake.no-answer: SYNs retried after 1, 2, 4 s and never answered', async () => {
    const { capture, result } = await analyzeFixture('no-answer.pcap');
    capture.close();
    const [f] = byRule(result.findings, 'tcp.handshake.no-answer');
    assert.equal(f.severity, 'error');
    assert.match(f.title, /4 SYNs, retried after 1, 2, 4(\.\d)? s/);
    assert.match(f.explanation, /silently dropped/);
    assert.match(f.explanation, /exponential backoff, each wait twice the one before/);
  });

  it('tcp.rst.abortive-close: SO_LINGER 0 and close with unread data are told apart', async () => {
    const { capture, result } = await analyzeFixture('linger0.pcap');
    capture.close();
    const found = byRule(result.findings, 'tcp.rst.abortive-close');
    assert.equal(found.length, 2);
    assert.ok(found.some((f) => /SO_LINGER/.test(f.explanation) && !/unread/.test(f.title)));
    assert.ok(found.some((f) => /unread data/.test(f.title) && /RFC 2525/.test(f.explanation)));
  });

  it('tcp.transfer.zero-window: the stall, its length and the receiver', async () => {
    const { capture, result } = await analyzeFixture('zero-window.pcap');
    capture.close();
    const [f] = byRule(result.findings, 'tcp.transfer.zero-window');
    assert.match(f.title, /The client .* advertised a zero window 3 times, stalling the sender [23]\.\d\d s/);
  });

  it('tcp.transfer.retransmissions: random loss on the path', async () => {
    const { capture, result } = await analyzeFixture('loss.pcap');
    capture.close();
    const [f] = byRule(result.findings, 'tcp.transfer.retransmissions');
    assert.match(f.title, /data segments from the server .* retransmitted or out of order \(\d+\.\d%\)/);
  });

  it('tcp.rst.injected: a router forges a RST 0.03 ms after the request on a 9 ms path — injected, not a half-open server', async () => {
    const { capture, result } = await analyzeFixture('injected-rst.pcap');
    capture.close();
    // make-fixtures.sh #17: conn 2 = SYN 15 -> SYN/ACK 16 (9.5 ms), request 18, RST 19 0.032 ms later with TTL 64 (server: 63).
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.rst.injected'],
      'one finding, and no tcp.rst.half-open',
    );
    const [f] = result.findings;
    assert.equal(f.severity, 'warning');
    assert.equal(f.confidence, 'high', 'timing and TTL agree');
    assert.deepEqual(f.packets, [19, 18, 15, 16], 'the RST, the request it answers, the handshake that measures the round trip');
    assert.match(
      f.title,
      /RST claiming to come from the server 10\.77\.2\.2:80 arrived 0\.03 ms after frame 18, sooner than the 9\.\d ms round trip allows: injected on the path \(frame 19\)/,
    );
    assert.match(f.explanation, /SYN frame 15 → SYN\/ACK frame 16/);
    assert.match(f.explanation, /TTL\/hop limit is 64 while that sender's other packets arrive with 63/);
    assert.match(f.explanation, /not a half-open server/);
    const policy = f.fixes.find((x) => /IPS\/DPI\/firewall policy/.test(x.title))!;
    assert.equal(policy.action.kind, 'command');
    assert.match(policy.cost!, /lets through traffic it may block on purpose/);
    assert.ok(
      f.fixes.every((x) => x.cost),
      'every fix says what it costs',
    );
  });

  it('tcp.scan: a 1000-port half-open SYN scan is one finding, "3 open", not 997 refused connections', async () => {
    const { capture, result } = await analyzeFixture('syn-scan.pcap');
    capture.close();
    // make-fixtures.sh #18: SYNs from port 61234 to ports 1-1000; SYN/ACKs in frames 98 (443), 1421 (80), 1464 (22), each reset by the scanner's kernel.
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.scan'],
      'the refused and reset-by-client findings are folded into it',
    );
    const [f] = result.findings;
    assert.equal(f.title, 'Port scan from 10.77.0.1: 1000 ports on 10.77.0.2, 3 open (22, 80, 443)');
    assert.equal(f.severity, 'warning');
    assert.equal(f.streams.length, 1000, 'it speaks for every attempt');
    for (const frame of [98, 1421, 1464]) assert.ok(f.packets.includes(frame), `the SYN/ACK in frame ${frame} is evidence`);
    assert.equal(f.packets[0], 1, 'the first SYN');
    assert.match(f.explanation, /all from source port 61234/);
    assert.match(f.explanation, /997 answered RST\/ACK \(closed\), 3 answered SYN\/ACK \(open: 22, 80, 443\)/);
    const block = f.fixes.find((x) => x.action.kind === 'command' && /saddr 10\.77\.0\.1 drop/.test(x.action.command))!;
    assert.match(block.cost!, /legitimate traffic included/);
    assert.ok(f.fixes.every((x) => x.cost));
    assert.equal(result.flows.filter((x) => x.outcome === 'refused').length, 997, 'the Flows table still shows each attempt');
  });

  it('tcp.scan: a sweep of port 80 on 30 hosts is one finding, with the ICMP echoes of the same sweep', async () => {
    const { capture, result } = await analyzeFixture('sweep.pcap');
    capture.close();
    // make-fixtures.sh #19: 10.77.2.2-.4 alive (SYN/ACKs 63, 66, 69), 27 hosts unreachable (ICMP host unreachable).
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['tcp.scan'],
      'not 27 "rejected with ICMP" errors',
    );
    const [f] = result.findings;
    assert.equal(f.title, 'Host sweep from 10.77.1.1: port 80 on 30 hosts, 3 alive (10.77.2.2, 10.77.2.3, 10.77.2.4); ICMP echo to 30 hosts, 3 answered');
    for (const frame of [63, 66, 69]) assert.ok(f.packets.includes(frame), `SYN/ACK ${frame}`);
    assert.match(f.explanation, /27 were unreachable \(ICMP\)/);
    assert.equal(f.streams.length, 30);
    assert.deepEqual(f.packets.slice(0, 2), [1, 61], 'the first echo request and the first SYN of the sweep');
    const block = f.fixes.find((x) => x.action.kind === 'command' && x.action.command === 'nft add rule inet filter input ip saddr 10.77.1.1 drop')!;
    assert.match(block.cost!, /legitimate traffic included/);
    assert.ok(
      f.fixes.some((x) => x.action.kind === 'command' && x.action.command === 'ss -ltnp'),
      'what listens on the hosts that answered',
    );
    assert.ok(f.fixes.every((x) => x.cost));
  });

  it('clean captures produce no findings', async () => {
    for (const name of ['http-ipv4.pcap', 'http-ipv6.pcapng', 'tls-clienthello.pcap', 'any-sll2.pcap', 'ts-one-side.pcap']) {
      const { capture, result } = await analyzeFixture(name);
      capture.close();
      // The HTTP fixtures ask for /missing on purpose: its 404 is an info finding (appRules.test.ts), nothing else is said.
      assert.deepEqual(
        result.findings.filter((f) => !(f.rule === 'http.client-error' && /404 Not Found .* GET \/missing$/.test(f.title))).map((f) => f.title),
        [],
        name,
      );
    }
  });
});
