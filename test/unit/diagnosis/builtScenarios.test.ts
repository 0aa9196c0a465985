import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import type { Finding } from '../../../src/core/diagnosis/finding';
import { ACK, FIN, PSH, RST, SYN, TcpScenario } from '../helpers/tcpScenario';

function findings(sc: TcpScenario): Finding[] {
  const full = analyzeCapture(sc.capture()).findings;
  // The editor's analysis leaves the per-flow handshake detail out: it must find exactly the same.
  assert.deepEqual(analyzeCapture(sc.capture(), { flowDetail: false }).findings, full, 'the editor analysis finds the same');
  return full;
}

function rules(sc: TcpScenario): string[] {
  return findings(sc).map((f) => f.rule);
}

/** A completed handshake with timestamps, then `body` runs. */
function established(body: (sc: TcpScenario) => void, o: ConstructorParameters<typeof TcpScenario>[0] = {}): TcpScenario {
  const sc = new TcpScenario(o);
  sc.c(SYN, { options: sc.synOptions() });
  sc.s(SYN | ACK, { options: sc.synOptions(1000) });
  sc.c(ACK);
  body(sc);
  return sc;
}

/** Corner cases built byte by byte: each test names the rule it proves. */
describe('diagnosis on built scenarios', () => {
  it('tcp.handshake.stale-ack: SYN answered by an ACK for an old connection, then the client resets', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(ACK, { seq: 777, ack: 123456 });
    sc.c(RST, { seq: 123456 });
    const f = findings(sc).find((x) => x.rule === 'tcp.handshake.stale-ack')!;
    assert.ok(f, rules(sc).join());
    assert.deepEqual(f.packets, [1, 2, 3]);
    assert.match(f.explanation, /challenge ACK \(RFC 5961 §4\)/);
  });

  it('tcp.handshake.no-answer: one SYN in the capture\'s last fraction of a second is info, "capture ended before an answer was due"', () => {
    const sc = new TcpScenario({ server: '10.0.0.2', sport: 443 });
    sc.ping();
    sc.c(SYN, { options: sc.synOptions(), dt: 5 });
    sc.ping();
    const f = findings(sc).find((x) => x.rule === 'tcp.handshake.no-answer')!;
    assert.ok(f, rules(sc).join());
    assert.equal(f.severity, 'info');
    assert.match(f.title, /^Capture ended before an answer was due: SYN to 10\.0\.0\.2:443 \(frame 2\) 0\.001 s before the end/);
    assert.doesNotMatch(f.explanation, /silently dropped/);
    // The same SYN with 3 s of capture after it was not answered in time: silence, an error.
    const late = new TcpScenario({ server: '10.0.0.2', sport: 443 });
    late.c(SYN, { options: late.synOptions() });
    late.ping(3);
    const g = findings(late).find((x) => x.rule === 'tcp.handshake.no-answer')!;
    assert.equal(g?.severity, 'error', rules(late).join());
    assert.match(g.explanation, /silently dropped/);
  });

  it('tcp.handshake.no-answer describes SYN intervals as they are: steady 1 s retries are not "exponential backoff"', () => {
    const sc = new TcpScenario({ server: '10.0.0.2', sport: 443 });
    sc.c(SYN, { options: sc.synOptions() });
    for (let k = 0; k < 3; k++) sc.c(SYN, { options: sc.synOptions(), dt: 1, seq: 1_000_000, replay: true });
    sc.ping();
    const f = findings(sc).find((x) => x.rule === 'tcp.handshake.no-answer')!;
    assert.ok(f, rules(sc).join());
    assert.match(f.explanation, /retried after 1, 1, 1 s: a steady interval, not a kernel's exponential backoff/);
    assert.doesNotMatch(f.explanation, /the kernel's exponential backoff/);
  });

  it('tcp.handshake.reset-by-client: a conformant SYN/ACK the client still resets', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000), dt: 3 });
    sc.c(RST, { ack: 0 });
    assert.deepEqual(rules(sc), ['tcp.handshake.reset-by-client']);
  });

  it('tcp.rst.half-open: the server answers data on a connection it does not know with RST', () => {
    const sc = new TcpScenario();
    sc.c(PSH | ACK, { payload: 100 });
    sc.s(RST, { seq: sc.seqOf('s') });
    const f = findings(sc).find((x) => x.rule === 'tcp.rst.half-open')!;
    assert.ok(f, rules(sc).join());
    assert.match(f.title, /server .* no longer knows the connection/);
    assert.equal(f.confidence, 'high');
  });

  it("tcp.rst.injected: a RST whose TTL differs from the sender's other packets, and data after it", () => {
    const sc = established((s) => {
      s.c(PSH | ACK, { payload: 200 });
      s.s(ACK);
      s.s(PSH | ACK, { payload: 300 });
      s.s(RST | ACK, { ttl: 250, replay: true });
      s.s(PSH | ACK, { payload: 300 });
    });
    const f = findings(sc).find((x) => x.rule === 'tcp.rst.injected')!;
    assert.ok(f, rules(sc).join());
    assert.equal(f.confidence, 'high');
    assert.match(f.explanation, /keeps sending data after this RST/);
    assert.match(f.explanation, /TTL\/hop limit is 250 while that sender's other packets arrive with 61/);
  });

  it("tcp.rst.injected by timing: a RST 0.05 ms after the request, on a path whose round trip is 9 ms, is not the server's — and not half-open", () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000), dt: 0.009 });
    sc.c(ACK, { dt: 0.0001 });
    sc.c(PSH | ACK, { payload: 120, dt: 0.001 });
    // nftables "reject with tcp reset" on a router near the client: seq = the request's ack, no ACK flag, its own TTL.
    sc.s(RST, { dt: 0.00005, ttl: 64 });
    const all = findings(sc);
    assert.deepEqual(
      all.map((f) => f.rule),
      ['tcp.rst.injected'],
    );
    assert.deepEqual(all[0].packets, [5, 4, 1, 2]);
    assert.equal(all[0].confidence, 'high');
    assert.match(all[0].title, /arrived 0\.05 ms after frame 4, sooner than the 9\.0 ms round trip allows/);
    // The same RST with the server's own TTL: timing alone still says so, with less confidence.
    const plain = new TcpScenario();
    plain.c(SYN, { options: plain.synOptions() });
    plain.s(SYN | ACK, { options: plain.synOptions(1000), dt: 0.009 });
    plain.c(ACK, { dt: 0.0001 });
    plain.c(PSH | ACK, { payload: 120, dt: 0.001 });
    plain.s(RST, { dt: 0.00005 });
    assert.deepEqual(
      findings(plain).map((f) => [f.rule, f.confidence]),
      [['tcp.rst.injected', 'medium']],
    );
  });

  it('tcp.rst.half-open still fires when the RST comes a round trip after the segment (a host that lost the connection)', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000), dt: 0.009 });
    sc.c(ACK, { dt: 0.0001 });
    sc.c(PSH | ACK, { payload: 120, dt: 0.001 });
    sc.s(RST, { dt: 0.0095 });
    assert.deepEqual(
      findings(sc).map((f) => f.rule),
      ['tcp.rst.half-open'],
    );
  });

  it('tcp.rst.after-fin: FIN then RST from the same side is a normal close by reset', () => {
    const sc = established((s) => {
      s.c(PSH | ACK, { payload: 50 });
      s.s(PSH | ACK, { payload: 80 });
      s.s(FIN | ACK);
      s.c(ACK);
      s.s(RST | ACK);
    });
    assert.deepEqual(
      findings(sc).map((f) => [f.rule, f.severity]),
      [['tcp.rst.after-fin', 'info']],
    );
  });

  it("tcp.rst.out-of-window: a RST far outside the receiver's window is flagged as ignored", () => {
    const sc = established((s) => {
      s.c(PSH | ACK, { payload: 50 });
      s.s(ACK, { win: 100 });
      s.c(RST | ACK, { seq: s.seqOf('c') + 10_000_000, replay: true });
    });
    assert.ok(rules(sc).includes('tcp.rst.out-of-window'), rules(sc).join());
  });

  it('tcp.options.ts-not-negotiated: timestamps after a handshake without them', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: [2, 4, 5, 180, 4, 2] });
    sc.s(SYN | ACK, { options: [2, 4, 5, 180, 4, 2] });
    sc.c(ACK, { options: sc.tsOption(5, 0) });
    sc.c(PSH | ACK, { payload: 10, options: sc.tsOption(6, 0) });
    const f = findings(sc).find((x) => x.rule === 'tcp.options.ts-not-negotiated')!;
    assert.ok(f, rules(sc).join());
    assert.match(f.title, /^2 segments carry timestamps/);
    assert.deepEqual(f.packets, [3]);
  });

  it('tcp.options.tsval-backwards: TSval jumps back within a direction (PAWS drops)', () => {
    const sc = established((s) => {
      s.c(PSH | ACK, { payload: 10, options: s.tsOption(5000, 1000) });
      s.c(PSH | ACK, { payload: 10, options: s.tsOption(4000, 1000) });
    });
    const f = findings(sc).find((x) => x.rule === 'tcp.options.tsval-backwards')!;
    assert.ok(f, rules(sc).join());
    assert.deepEqual(f.packets, [4, 5]);
    assert.match(f.explanation, /PAWS/);
  });

  it('tcp.options.stripped, tcp.options.wscale-too-large and tcp.options.mss-missing on SYNs', () => {
    const stripped = new TcpScenario();
    stripped.c(SYN, { options: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    stripped.s(SYN | ACK, { options: [2, 4, 5, 180] });
    stripped.c(ACK);
    assert.ok(rules(stripped).includes('tcp.options.stripped'));
    assert.ok(rules(stripped).includes('tcp.options.mss-missing'));
    const ws = new TcpScenario();
    ws.c(SYN, { options: [2, 4, 5, 180, 1, 3, 3, 15] });
    ws.s(SYN | ACK, { options: [2, 4, 5, 180, 1, 3, 3, 7] });
    ws.c(ACK);
    assert.deepEqual(rules(ws), ['tcp.options.wscale-too-large']);
  });

  it('tcp.transfer.mtu-blackhole: full-size segments retransmitted and never acked while small ones pass', () => {
    const sc = established((s) => {
      s.s(PSH | ACK, { payload: 200 });
      s.c(ACK);
      const seq = s.seqOf('s');
      s.s(ACK, { payload: 1448 });
      for (const dt of [0.3, 0.6, 1.2, 2.4]) s.s(ACK, { payload: 1448, seq, replay: true, dt });
    });
    const f = findings(sc).find((x) => x.rule === 'tcp.transfer.mtu-blackhole')!;
    assert.ok(f, rules(sc).join());
    assert.match(f.title, /1448-byte segments from the server .* retransmitted 4 times/);
  });

  it('tcp.transfer.mtu-blackhole: an ICMP fragmentation-needed quoting the flow names the path MTU', () => {
    const sc = established((s) => {
      s.c(PSH | ACK, { payload: 1400 });
      s.icmpError(3, 4, 1300, s.clientDatagram(PSH | ACK, s.seqOf('c') - 1400, 1400));
    });
    const f = findings(sc).find((x) => x.rule === 'tcp.transfer.mtu-blackhole')!;
    assert.ok(f, rules(sc).join());
    assert.match(f.title, /Path MTU to 10\.0\.0\.2:80 is 1300/);
  });

  it('tcp.transfer.high-rtt: 450 ms from SYN to the final ACK', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000), dt: 0.45 });
    sc.c(ACK);
    const f = findings(sc).find((x) => x.rule === 'tcp.transfer.high-rtt')!;
    assert.ok(f, rules(sc).join());
    assert.match(f.title, /451 ms/);
  });

  it('tcp.scan: 40 ports probed from one source port, two open — one finding that folds the refusals and the resets', () => {
    const sc = new TcpScenario({ cport: 61234 });
    for (let port = 1; port <= 40; port++) {
      sc.o.sport = port;
      sc.c(SYN, { options: [2, 4, 5, 180], win: 1024, seq: 7000, replay: true, dt: 0.0002 });
      if (port === 22 || port === 30) {
        sc.s(SYN | ACK, { options: [2, 4, 5, 180], ack: 7001, dt: 0.0002 });
        sc.c(RST, { seq: 7001, replay: true });
      } else sc.s(RST | ACK, { seq: 0, ack: 7001, dt: 0.0002 });
    }
    const all = findings(sc);
    assert.deepEqual(
      all.map((f) => f.rule),
      ['tcp.scan'],
    );
    assert.equal(all[0].title, 'Port scan from 10.0.0.1: 40 ports on 10.0.0.2, 2 open (22, 30)');
    assert.equal(all[0].streams.length, 40);
  });

  it('tcp.scan stays silent below 20 ports, and on many connections that carry data', () => {
    const few = new TcpScenario();
    for (let port = 1; port <= 19; port++) {
      few.o.sport = port;
      few.c(SYN, { options: few.synOptions() });
      few.s(RST | ACK, { seq: 0 });
    }
    assert.equal(findings(few).filter((f) => f.rule === 'tcp.handshake.refused').length, 19, 'each refused port is its own finding');
    assert.equal(
      findings(few).some((f) => f.rule === 'tcp.scan'),
      false,
    );
    const busy = new TcpScenario();
    for (let port = 1; port <= 30; port++) {
      busy.o.sport = 1000 + port;
      busy.c(SYN, { options: [2, 4, 5, 180, 4, 2, 1, 3, 3, 7] });
      busy.s(SYN | ACK, { options: [2, 4, 5, 180, 4, 2, 1, 3, 3, 7] });
      busy.c(ACK);
      busy.c(PSH | ACK, { payload: 40 });
      busy.s(PSH | ACK, { payload: 400 });
      busy.c(FIN | ACK);
      busy.s(FIN | ACK);
      busy.c(ACK);
    }
    assert.deepEqual(findings(busy), []);
  });

  it('aggregation: ten thousand identical failures are one finding with a count and the stream list', () => {
    const sc = new TcpScenario();
    for (let k = 0; k < 10000; k++) {
      const port = 10000 + k;
      sc.o.cport = port;
      sc.c(SYN, { options: sc.synOptions(), seq: 1000 + k });
      sc.s(RST | ACK, { seq: 0, ack: 1001 + k });
    }
    const all = findings(sc);
    assert.equal(all.length, 1);
    assert.equal(all[0].rule, 'tcp.handshake.refused');
    assert.equal(all[0].count, 10000);
    assert.equal(all[0].streams.length, 10000);
    assert.ok(all[0].packets.length <= 24);
    assert.match(all[0].title, /^10000 connections to 10\.0\.0\.2:80 refused$/);
  });
});
