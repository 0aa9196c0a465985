import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import { analysisBit } from '../../../src/core/index/analysisFlags';
import { ACK, PSH, SYN, TcpScenario } from '../helpers/tcpScenario';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';
import { goldenCaptures } from '../golden/tsharkGolden';

/**
 * capture.reorder on its real-stack capture (ground truth: cap_span-reorder in
 * test/fixtures/make-fixtures.sh): a healthy download captured on a mirror port whose two
 * directions' queues put the client's ACKs before the server's data.
 */
describe('capture.reorder', () => {
  it('span-reorder.pcap: said once for the capture, with the first ACKs ahead and the data that follows them', async () => {
    const { capture, result } = await analyzeFixture('span-reorder.pcap');
    const ix = capture.index;
    // The marks stay as tshark sets them (the golden agrees): they are what the finding explains.
    const spurious = [...Array(ix.count).keys()].filter((i) => ix.analysis[i] & analysisBit('spurious_retransmission')).length;
    const unseen = [...Array(ix.count).keys()].filter((i) => ix.analysis[i] & analysisBit('ack_lost_segment')).map((i) => i + 1);
    capture.close();
    assert.equal(spurious, 196);
    assert.deepEqual(unseen, [8]);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['capture.reorder'],
      'nothing else: no retransmissions, no throughput limit, no capture drops',
    );
    const [f] = result.findings;
    assert.equal(f.severity, 'warning');
    assert.match(f.title, /reorders the two directions: 159 ACKs before the data they acknowledge, up to 4\.3 ms ahead, on 1 connection/);
    assert.deepEqual(f.packets, [8, 16, 9, 17, 10, 18], 'each ACK ahead, then the frame that brings its data');
    assert.deepEqual(f.streams, [0]);
    assert.match(f.explanation, /Frame 8 acknowledges data that the capture shows only in frame 16/);
    assert.match(
      f.explanation,
      /"\[TCP ACKed unseen segment\]" \(1 here\) and "\[TCP Spurious Retransmission\]"\/"Out-Of-Order" on data that was sent once \(196 segments\)/,
    );
    const endpoint = f.fixes[0];
    assert.equal(endpoint.action.kind, 'command');
    assert.match(endpoint.title, /Capture on one of the endpoints .* TAP/);
    assert.match(endpoint.cost!, /TAP is hardware/);
    assert.deepEqual(f.fixes[1].action, { kind: 'filter', filter: 'frame.number in {8 16 9 17 10 18}' });
  });

  it('capture-drops.pcap: ACKed data that never shows up is a drop, not a reorder', async () => {
    const { capture, result } = await analyzeFixture('capture-drops.pcap');
    capture.close();
    assert.deepEqual(byRule(result.findings, 'capture.reorder'), []);
    assert.deepEqual(
      byRule(result.findings, 'capture.drops').map((f) => f.packets),
      [[469, 842]],
    );
  });

  it('no other real capture reorders (loss, resends, SACK mangling, offload, tunnels included)', async () => {
    for (const name of goldenCaptures().filter((n) => n !== 'span-reorder.pcap')) {
      const { capture, result } = await analyzeFixture(name);
      capture.close();
      assert.deepEqual(
        byRule(result.findings, 'capture.reorder').map((f) => f.title),
        [],
        name,
      );
    }
  });

  /** Three request/response exchanges whose replies show up in the capture before their requests. */
  function repliesFirst(requestLate: number): TcpScenario {
    const sc = new TcpScenario();
    sc.c(SYN);
    sc.s(SYN | ACK);
    sc.c(ACK);
    for (let k = 0; k < 3; k++) {
      const request = sc.seqOf('c');
      const before = sc.seqOf('s');
      sc.s(PSH | ACK, { payload: 200, ack: request + 100, dt: 0.05 });
      sc.c(PSH | ACK, { payload: 100, ack: before, dt: requestLate });
      sc.c(ACK, { dt: 0.0001 });
    }
    return sc;
  }

  it('replies before the requests they answer (1 ms late) are the same reorder', () => {
    const findings = analyzeCapture(repliesFirst(0.001).capture()).findings;
    const [f, ...more] = byRule(findings, 'capture.reorder');
    assert.equal(more.length, 0);
    assert.match(f.title, /3 replies before the requests they answer, up to 1\.0 ms ahead/);
    assert.deepEqual(f.packets, [4, 5, 7, 8, 10, 11]);
    assert.deepEqual(byRule(findings, 'capture.drops'), []);
  });

  it('data that shows up 0.5 s after its ACK is no reorder: a copy is not that late, a resend would be', () => {
    const findings = analyzeCapture(repliesFirst(0.5).capture()).findings;
    assert.deepEqual(byRule(findings, 'capture.reorder'), []);
  });
});
