import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { buildTcpFlows } from '../../../src/core/flows/tcpConversations';
import { streamRefOf } from '../../../src/core/verdicts/captureVerdicts';
import { analyzeFixture } from '../analysis/fixtureAnalysis';
import { FIXTURES } from '../golden/tsharkGolden';
import { ACK, PSH, RST, SYN, TcpScenario } from '../helpers/tcpScenario';

/** A handshake whose SYN/ACK carries `tsval`/`tsecr`, then what the client does. */
function echoScenario(tsval: number, tsecr: number, answer: 'ack' | 'rst' | 'none', o: { synDt?: number; retryAfter?: number } = {}): TcpScenario {
  const sc = new TcpScenario();
  sc.c(SYN, { options: sc.tsOption(1000, 0) });
  if (o.retryAfter !== undefined) sc.c(SYN, { options: sc.tsOption(1000 + o.retryAfter * 1000, 0), dt: o.retryAfter, seq: 1_000_000, replay: true });
  sc.s(SYN | ACK, { options: sc.tsOption(tsval, tsecr), dt: o.synDt });
  if (answer === 'ack') sc.c(ACK, { options: sc.tsOption(1100, tsval) });
  // RFC 9293 §3.10.7.3: seq = the SYN/ACK's ack, no ACK flag.
  if (answer === 'rst') sc.c(RST);
  return sc;
}

function echoOf(sc: TcpScenario) {
  const r = analyzeCapture(sc.capture());
  const ref = r.verdicts.ref(0)!;
  return r.verdicts.timestampEchoes(ref)[0];
}

describe('verdicts: one answer per question, computed in core', () => {
  it('timestamp echo: every kind, what Linux does with it and what the client did', () => {
    assert.deepEqual(pick(echoOf(echoScenario(5555, 1000, 'ack'))), ['echoes', true, 'accepts', 'accepted']);
    assert.deepEqual(pick(echoOf(echoScenario(5555, 0, 'ack'))), ['zero-tsecr', false, 'accepts', 'accepted']);
    assert.deepEqual(pick(echoOf(echoScenario(0, 0, 'ack'))), ['zero-both', false, 'accepts', 'accepted']);
    assert.deepEqual(pick(echoOf(echoScenario(5555, 777_777, 'rst'))), ['mismatch', false, 'rejects', 'rejected']);
    assert.deepEqual(pick(echoOf(echoScenario(5555, 777_777, 'ack'))), ['mismatch', false, 'rejects', 'accepted']);
    // Linux checks TSecr against [first SYN's TSval, now]: a value between the two SYNs passes.
    assert.deepEqual(pick(echoOf(echoScenario(5555, 1500, 'ack', { retryAfter: 1 }))), ['mismatch', false, 'accepts', 'accepted']);
    // The TSval of the first SYN, answered after the retry: an answer to a retransmitted SYN.
    assert.deepEqual(pick(echoOf(echoScenario(5555, 1000, 'ack', { retryAfter: 1 }))), ['echoes-earlier', true, 'accepts', 'accepted']);
  });

  it("timestamp echo on real captures: the founding case's six SYN/ACKs are each rejected by the RST that answers them", async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    const echoes = result.verdicts.timestampEchoes(result.verdicts.ref(0)!);
    const zero = await analyzeFixture('zero-ts.pcap');
    const z = zero.result.verdicts.timestampEchoes(zero.result.verdicts.ref(0)!);
    capture.close();
    zero.capture.close();
    assert.equal(echoes.length, 6);
    assert.ok(echoes.every((e) => e.kind === 'mismatch' && e.linux === 'rejects' && e.client === 'rejected'));
    assert.deepEqual(echoes.map((e) => [e.synAck + 1, e.answer! + 1]).slice(0, 2), [
      [4, 5],
      [7, 8],
    ]);
    assert.deepEqual(
      z.map((e) => [e.kind, e.client]),
      [['zero-both', 'accepted']],
    );
  });

  it('window scaling and option negotiation: in effect, not answered, stripped, too large, MSS missing', () => {
    const make = (client: number[], server: number[]) => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: client });
      sc.s(SYN | ACK, { options: server });
      sc.c(ACK);
      sc.c(PSH | ACK, { payload: 10, win: 100 });
      const r = analyzeCapture(sc.capture());
      const ref = r.verdicts.ref(0)!;
      return { ws: r.verdicts.windowScaling(ref), n: r.verdicts.negotiation(ref), win: r.verdicts.effectiveWindow(3) };
    };
    const both = make([2, 4, 5, 180, 4, 2, 1, 3, 3, 7], [2, 4, 5, 180, 4, 2, 1, 3, 3, 9]);
    assert.equal(both.ws.state, 'in-effect');
    assert.deepEqual(both.ws.shift, [7, 9]);
    assert.deepEqual([both.n.mss, both.n.sackPerm, both.n.wscale, both.n.timestamps], ['in-use', 'in-use', 'in-use', 'not-offered']);
    assert.deepEqual(both.win, { raw: 100, bytes: 12800, shift: 7, state: 'scaled' });
    const declined = make([2, 4, 5, 180, 1, 3, 3, 7], [2, 4, 5, 180]);
    assert.equal(declined.ws.state, 'off');
    assert.equal(declined.n.wscale, 'declined');
    assert.deepEqual(declined.win, { raw: 100, bytes: 100, shift: 0, state: 'off' });
    const stripped = make([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [2, 4, 5, 180, 1, 3, 3, 7]);
    assert.equal(stripped.n.client!.stripped, true);
    assert.deepEqual([stripped.n.mss, stripped.n.wscale], ['stripped', 'stripped']);
    // Only the window scale option overwritten (nftables "reset tcp option window": Linux's MSS,
    // SACK_PERM, TS, NOP, WS then ends in four NOPs), against Linux's SYN without the option
    // (net.ipv4.tcp_window_scaling = 0: MSS, SACK_PERM, TS, no NOP run).
    const ts = [8, 10, 0, 0, 0, 1, 0, 0, 0, 0];
    const blanked = make([2, 4, 5, 180, 4, 2, ...ts, 1, 1, 1, 1], [2, 4, 5, 180, 4, 2, ...ts]);
    assert.deepEqual([blanked.n.client!.stripped, blanked.n.client!.wscaleBlanked], [false, true]);
    assert.deepEqual([blanked.n.mss, blanked.n.sackPerm, blanked.n.wscale, blanked.n.timestamps], ['in-use', 'in-use', 'stripped', 'in-use']);
    const off = make([2, 4, 5, 180, 4, 2, ...ts], [2, 4, 5, 180, 4, 2, ...ts]);
    assert.deepEqual([off.n.client!.wscaleBlanked, off.n.wscale], [false, 'not-offered']);
    const large = make([2, 4, 5, 180, 1, 3, 3, 15], [2, 4, 5, 180, 1, 3, 3, 7]);
    assert.deepEqual(large.ws.tooLarge, [true, false]);
    assert.deepEqual(large.ws.shift, [14, 7], 'receivers use 14');
    const noMss = make([2, 4, 5, 180], [4, 2]);
    assert.equal(noMss.n.mss, 'declined');
    assert.equal(noMss.n.server!.mss, undefined);
  });

  it("path RTT and vantage: SYN → SYN/ACK is the server's leg, SYN/ACK → ACK the client's", () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000), dt: 0.009 });
    sc.c(ACK, { dt: 0.0001 });
    sc.c(PSH | ACK, { payload: 100, dt: 0.001 });
    sc.s(ACK, { dt: 0.012 });
    const r = analyzeCapture(sc.capture());
    const ref = r.verdicts.ref(0)!;
    const rtt = r.verdicts.pathRtt(ref);
    assert.deepEqual(
      rtt.server.map((s) => [s.how, s.from + 1, s.to + 1, Math.round(s.seconds * 1e4) / 10]),
      [
        ['handshake', 1, 2, 9],
        ['data-ack', 4, 5, 12],
      ],
    );
    assert.deepEqual(
      rtt.client.map((s) => [s.how, s.from + 1, s.to + 1]),
      [['handshake', 2, 3]],
    );
    const v = r.verdicts.vantage(ref);
    assert.deepEqual([v.client!.hops, v.server!.hops, v.server!.ttl], [0, 3, 61]);
  });

  it("sender: a RST sooner after its trigger than the round trip to its claimed sender is not the sender's", () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions(1000), dt: 0.009 });
    sc.c(ACK, { dt: 0.0001 });
    sc.c(PSH | ACK, { payload: 100, dt: 0.001 });
    sc.s(RST, { ttl: 64, dt: 0.00005 });
    const r = analyzeCapture(sc.capture());
    const ref = r.verdicts.ref(0)!;
    const v = r.verdicts.sender(ref, 4);
    assert.equal(v.plausible, false);
    assert.deepEqual(v.against, ['timing', 'ttl']);
    assert.equal(v.timing!.trigger, 3);
    assert.equal(v.timing!.floor.how, 'handshake');
    // The same RST a full round trip later could be the server's own.
    const late = new TcpScenario();
    late.c(SYN, { options: late.synOptions() });
    late.s(SYN | ACK, { options: late.synOptions(1000), dt: 0.009 });
    late.c(ACK, { dt: 0.0001 });
    late.c(PSH | ACK, { payload: 100, dt: 0.001 });
    late.s(RST, { dt: 0.0095 });
    const lr = analyzeCapture(late.capture());
    const lv = lr.verdicts.sender(lr.verdicts.ref(0)!, 4);
    assert.equal(lv.plausible, true);
    assert.equal(lv.timing!.tooSoon, false);
  });

  for (const file of fs.readdirSync(FIXTURES).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))) {
    it(`${file}: a conversation made from its stream's own packets is the diagnosis's flow`, async () => {
      const capture = await openCaptureFile(path.join(FIXTURES, file));
      try {
        const r = analyzeCapture(capture);
        for (const f of buildTcpFlows(capture, r.extras, false)) {
          const ref = streamRefOf(capture, r.extras, f.stream, f.clientDir);
          assert.deepEqual([ref.control, ref.firstData, ref.lastData], [f.control, f.firstData, f.lastData], `stream ${f.stream}`);
          assert.equal(r.verdicts.ref(f.stream)!.clientDir, f.clientDir);
        }
      } finally {
        capture.close();
      }
    });
  }
});

function pick(e: { kind: string; conformant: boolean | undefined; linux: string; client: string }): unknown[] {
  return [e.kind, e.conformant, e.linux, e.client];
}
