import { strict as assert } from 'node:assert';
import { analysisBit, analysisInfoTags, analysisNames } from '../../../src/core/index/analysisFlags';
import { ACK, SYN, TcpScenario } from '../helpers/tcpScenario';
import { analyzeCapture } from '../../../src/core/analysis';

const A_ACK_LOST = analysisBit('ack_lost_segment');

/** The frames (1-based) our analysis calls "ACKed unseen segment". */
function ackedUnseen(sc: TcpScenario): number[] {
  const capture = sc.capture();
  analyzeCapture(capture);
  const out: number[] = [];
  for (let i = 0; i < capture.index.count; i++) if (capture.index.analysis[i] & A_ACK_LOST) out.push(i + 1);
  capture.close();
  return out;
}

/** Client 40000 → server 80, ISNs 1000 / 5000; data and ACK numbers relative like tshark's. */
function handshake(): { sc: TcpScenario; c: (ack: number) => void; s: (seq: number) => void } {
  const sc = new TcpScenario({ cIsn: 1000, sIsn: 5000 });
  sc.c(SYN);
  sc.s(SYN | ACK);
  sc.c(ACK);
  return {
    sc,
    c: (ack) => {
      sc.c(ACK, { ack: 5000 + ack, replay: true });
    },
    s: (seq) => {
      sc.s(ACK, { seq: 5000 + seq, payload: 100, replay: true });
    },
  };
}

/**
 * tshark 4.0's "ACKed unseen segment", on the hand-made captures these cases were checked on
 * (tshark 4.0.17, Debian 12): an ACK ahead of the data captured so far is reported once per run —
 * while the data simply arrives later (a capture that reorders), the following ACKs ahead are not
 * reported again; after a real gap, each ACK beyond the data seen since is.
 */
describe('ACKed unseen segment, as tshark 4.0', () => {
  it('a capture that shows the ACKs before their data: only the first ACK ahead of each run', () => {
    const { sc, c, s } = handshake();
    s(1);
    c(101);
    c(201);
    c(301);
    s(101);
    s(201);
    s(301);
    c(401);
    c(501);
    s(401);
    // tshark: frame 6 only (7 and 12 acknowledge data not captured yet either).
    assert.deepEqual(ackedUnseen(sc), [6]);
  });

  it('after a gap (previous segment not captured): the first ACK beyond it, then an ACK beyond all data seen', () => {
    const { sc, c, s } = handshake();
    s(1);
    c(101);
    s(301);
    c(401);
    s(401);
    c(501);
    s(501);
    c(601);
    c(901);
    // tshark: 7 (acknowledges the gap) and 12 (901 is beyond the 601 captured); not 9 or 11.
    assert.deepEqual(ackedUnseen(sc), [7, 12]);
  });

  it('the data that comes after its ACK: a spurious retransmission, which tshark also counts a retransmission (tagged once)', () => {
    const { sc, c, s } = handshake();
    s(1);
    c(101);
    c(201);
    c(301);
    s(101);
    s(201);
    s(301);
    c(401);
    c(501);
    s(401);
    const capture = sc.capture();
    analyzeCapture(capture);
    const flags = [8, 9, 13].map((n) => analysisNames(capture.index.analysis[n - 1]));
    const tags = [8, 9, 13].map((n) => analysisInfoTags(capture.index.analysis[n - 1]));
    const frame10 = analysisNames(capture.index.analysis[9]);
    capture.close();
    // tshark 4.0 on the same frames: tcp.analysis.retransmission and .spurious_retransmission, Info "[TCP Spurious Retransmission]".
    assert.deepEqual(flags, [
      ['retransmission', 'spurious_retransmission'],
      ['retransmission', 'spurious_retransmission'],
      ['retransmission', 'spurious_retransmission'],
    ]);
    assert.deepEqual(tags, ['[TCP Spurious Retransmission] ', '[TCP Spurious Retransmission] ', '[TCP Spurious Retransmission] ']);
    assert.deepEqual(frame10, [], 'frame 10 brings 301..401, acknowledged by nothing yet');
  });
});
