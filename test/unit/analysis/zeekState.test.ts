import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import type { AnalysisOptions } from '../../../src/core/analysis';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import type { FlowSummary } from '../../../src/core/flows/flowTypes';
import type { Frame } from '../helpers/captureWriter';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, icmpEcho, ipv4, tcp, udp, withTransportChecksum } from '../helpers/packetBuilder';
import { ACK, contentGap, dataExchange, FIN, PSH, RST, SYN, TcpScenario } from '../helpers/tcpScenario';

/*
 * Zeek's conn_state and history, scenario by scenario. Each expectation is worked out from Zeek's own
 * code (zeek/zeek master): src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc (update_history,
 * update_window, update_last_seq, UpdateStateMachine), TCP.cc (WantConnection), TCP_Endpoint.cc,
 * TCP_Reassembler.cc (content gaps), Conn.cc (FlipRoles, ScaledHistoryEntry), udp/UDP.cc, and the
 * conn_state function and history table of scripts/base/protocols/conn/main.zeek.
 */

function flowOf(bytes: Uint8Array, transport: FlowSummary['transport'], options: AnalysisOptions = {}): FlowSummary {
  const capture = openCaptureBytes(bytes);
  const flows = analyzeCapture(capture, options).flows.filter((f) => f.transport === transport);
  capture.close();
  assert.equal(flows.length, 1, `one ${transport} conversation`);
  return flows[0];
}

const tcpFlow = (sc: TcpScenario, options: AnalysisOptions = {}) => flowOf(sc.bytes(), 'tcp', options);

const exchange = dataExchange;

describe('Zeek conn_state and history', () => {
  describe('RST after the FIN exchange', () => {
    it('both FINs, then the client resets: SF (UpdateClosedState ignores a RST once both sides closed); outcome closed-then-reset', () => {
      const sc = exchange();
      sc.c(FIN | ACK);
      sc.s(FIN | ACK);
      sc.c(ACK);
      sc.c(RST | ACK);
      const f = tcpFlow(sc);
      assert.equal(f.state, 'SF');
      assert.equal(f.history, 'ShADadFfR');
      assert.equal(f.outcome, 'closed-then-reset');
    });

    it('client FIN then RST, then the server FIN: SF (UpdateEstablishedState turns the FIN-then-RST side back to CLOSED)', () => {
      const sc = exchange();
      sc.c(FIN | ACK);
      sc.c(RST | ACK);
      sc.s(FIN | ACK);
      const f = tcpFlow(sc);
      assert.equal(f.state, 'SF');
      assert.equal(f.history, 'ShADadFRf');
      assert.equal(f.outcome, 'closed-then-reset');
    });

    it('client FIN, then a RST from the server that never sent its FIN: RSTR / aborted', () => {
      const sc = exchange();
      sc.c(FIN | ACK);
      sc.s(RST | ACK);
      const f = tcpFlow(sc);
      assert.equal(f.state, 'RSTR');
      assert.equal(f.history, 'ShADadFr');
      assert.equal(f.outcome, 'aborted');
    });
  });

  describe('capture starting at the SYN/ACK', () => {
    it('SYN/ACK from port 80, the client ACKs and both send data: ^hADad, S1, established', () => {
      // WantConnection flips a partial connection whose source port is a likely server port ('^'); the
      // ACK after a SYN/ACK whose SYN was missed establishes the originator (UpdateInactiveState).
      const sc = new TcpScenario();
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      sc.c(PSH | ACK, { payload: 50 });
      sc.s(ACK);
      sc.s(PSH | ACK, { payload: 80 });
      sc.c(ACK);
      const f = tcpFlow(sc);
      assert.equal(f.clientBy, 'syn-ack');
      assert.match(f.client, /:40000$/);
      assert.equal(f.state, 'S1');
      assert.equal(f.history, '^hADad');
      assert.equal(f.outcome, 'established');
      assert.equal(f.zeekOriginator, undefined, "Zeek's originator is our client");
    });

    it("SYN/ACK and the client's ACK only: S1, and the handshake counts as completed (established, not handshake-incomplete)", () => {
      const sc = new TcpScenario();
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      const f = tcpFlow(sc);
      assert.equal(f.state, 'S1');
      assert.equal(f.history, '^hA');
      assert.equal(f.outcome, 'established');
    });

    it("SYN/ACK between two service ports is not flipped (it may be a scan): Zeek's originator is our server", () => {
      // Both ports are likely server ports and the packet has a SYN: no flip, so the SYN/ACK's sender
      // originates (connection_originator_SYN_ack: SYN_ACK_SENT); the answer makes the responder PARTIAL.
      const sc = new TcpScenario({ cport: 1025, sport: 443 });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      const f = tcpFlow(sc);
      assert.match(f.client, /:1025$/);
      assert.equal(f.zeekOriginator, 'server');
      assert.equal(f.history, 'Ha');
      assert.equal(f.state, 'OTH');
    });

    it('SYN/ACK seen before its SYN: Zeek flips the roles back when the SYN arrives (Hs^), then S1', () => {
      const sc = new TcpScenario({ cport: 1025, sport: 443 });
      const syn = sc.seqOf('c');
      sc.s(SYN | ACK, { options: sc.synOptions(), ack: syn + 1 });
      sc.c(SYN, { options: sc.synOptions(), seq: syn });
      sc.c(ACK);
      const f = tcpFlow(sc);
      assert.equal(f.history, 'Hs^A');
      assert.equal(f.state, 'S1');
      assert.equal(f.zeekOriginator, undefined);
    });
  });

  describe('^: orientation from the first packet', () => {
    it("first packet is data from port 80: flipped, the server's letters are lower case", () => {
      const sc = new TcpScenario();
      sc.s(PSH | ACK, { payload: 100 });
      sc.c(ACK);
      sc.c(PSH | ACK, { payload: 10 });
      sc.s(ACK);
      const f = tcpFlow(sc);
      assert.equal(f.history, '^dADa');
      assert.equal(f.state, 'OTH', 'both sides partial');
      assert.equal(f.outcome, 'midstream');
    });

    it("first packet is data from the client's port: no flip", () => {
      const sc = new TcpScenario();
      sc.c(PSH | ACK, { payload: 100 });
      sc.s(ACK);
      sc.s(PSH | ACK, { payload: 10 });
      sc.c(ACK);
      assert.equal(tcpFlow(sc).history, 'DadA');
    });

    it('two service ports, no SYN: the lower port is the server (flip only when the sender has the lower port)', () => {
      const a = new TcpScenario({ cport: 8080, sport: 3306 });
      a.s(PSH | ACK, { payload: 10 });
      a.c(ACK);
      const fa = tcpFlow(a);
      assert.equal(fa.history, '^dA');
      assert.match(fa.server, /:3306$/);
      const b = new TcpScenario({ cport: 8080, sport: 3306 });
      b.c(PSH | ACK, { payload: 10 });
      b.s(ACK);
      const fb = tcpFlow(b);
      assert.equal(fb.history, 'Da');
      assert.match(fb.server, /:3306$/);
    });
  });

  describe('I and Q: packets with several of SYN, FIN and RST', () => {
    it('FIN+RST after the handshake is an I, not an F or an R, and resets: RSTO', () => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      sc.c(FIN | RST | ACK);
      const f = tcpFlow(sc);
      assert.equal(f.history, 'ShAI');
      assert.equal(f.state, 'RSTO');
    });

    it('a lone SYN+FIN is a Q and closes the originator: SH', () => {
      const sc = new TcpScenario();
      sc.c(SYN | FIN);
      const f = tcpFlow(sc);
      assert.equal(f.history, 'Q');
      assert.equal(f.state, 'SH');
    });

    it('a lone SYN+RST is a Q; without an S before the R it is not RSTOS0 but OTH', () => {
      const sc = new TcpScenario();
      sc.c(SYN | RST);
      const f = tcpFlow(sc);
      assert.equal(f.history, 'Q');
      assert.equal(f.state, 'OTH');
    });

    it('SYN then RST from the originator alone: RSTOS0', () => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.c(RST, { seq: sc.seqOf('c') });
      const f = tcpFlow(sc);
      assert.equal(f.history, 'SR');
      assert.equal(f.state, 'RSTOS0');
    });
  });

  describe('S, H, F, R again when the sequence number differs', () => {
    it('two RSTs at different sequence numbers are two Rs; a repeated one is not', () => {
      const sc = exchange();
      const at = sc.seqOf('c');
      sc.c(RST | ACK, { seq: at });
      sc.c(RST | ACK, { seq: at });
      sc.c(RST, { seq: at + 1 });
      assert.equal(tcpFlow(sc).history, 'ShADadRR');
    });
  });

  it('a flood of RSTs at ever new sequence numbers (each one an R) stops recording at 4096 letters', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions() });
    const base = sc.seqOf('c');
    for (let k = 0; k < 5000; k++) sc.c(RST, { seq: base + k, dt: 0 });
    const f = tcpFlow(sc);
    assert.equal(f.history!.length, 4096);
    assert.match(f.history!, /^ShR{4094}$/);
    assert.equal(f.state, 'RSTO');
  });

  describe('W: zero window, recorded at the 1st, 10th, 100th…', () => {
    function zeroWindows(count: number): TcpScenario {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      sc.s(PSH | ACK, { payload: 1000 });
      for (let k = 0; k < count; k++) sc.c(ACK, { win: 0 });
      return sc;
    }

    it('one W for 1 to 9 zero windows, two from the 10th, three from the 100th', () => {
      assert.equal(tcpFlow(zeroWindows(1)).history, 'ShAdW');
      assert.equal(tcpFlow(zeroWindows(9)).history, 'ShAdW');
      assert.equal(tcpFlow(zeroWindows(10)).history, 'ShAdWW');
      assert.equal(tcpFlow(zeroWindows(99)).history, 'ShAdWW');
      assert.equal(tcpFlow(zeroWindows(100)).history, 'ShAdWWW');
    });

    it("not with a RST, nor after the peer's FIN (update_window)", () => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      sc.s(FIN | ACK);
      sc.c(ACK, { win: 0 });
      sc.c(RST | ACK, { win: 0 });
      assert.equal(tcpFlow(sc).history, 'ShAfR');
    });
  });

  describe('T: retransmitted payload, by sequence numbers', () => {
    it('the same segment again is a T; ten are TT', () => {
      const once = new TcpScenario();
      once.c(SYN, { options: once.synOptions() });
      once.s(SYN | ACK, { options: once.synOptions() });
      once.c(ACK);
      once.c(PSH | ACK, { payload: 100 });
      once.c(PSH | ACK, { payload: 100, seq: once.seqOf('c') - 100 });
      once.s(ACK);
      assert.equal(tcpFlow(once).history, 'ShADTa');

      const ten = new TcpScenario();
      ten.c(SYN, { options: ten.synOptions() });
      ten.s(SYN | ACK, { options: ten.synOptions() });
      ten.c(ACK);
      ten.c(PSH | ACK, { payload: 100 });
      for (let k = 0; k < 10; k++) ten.c(PSH | ACK, { payload: 100, seq: ten.seqOf('c') - 100 });
      assert.equal(tcpFlow(ten).history, 'ShADTT');
    });

    it('a segment filling a hole below the highest one seen is a T too (Zeek does not tell out-of-order apart)', () => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      const first = sc.seqOf('c');
      sc.c(PSH | ACK, { payload: 100, seq: first + 100 });
      sc.c(PSH | ACK, { payload: 100, seq: first, replay: true });
      sc.s(ACK, { ack: first + 200 });
      const f = tcpFlow(sc);
      assert.equal(f.history, 'ShADTa', 'the hole was filled before the ACK: no gap');
    });
  });

  describe('G: content gaps, data acknowledged but never captured', () => {
    it("an ACK over 100 bytes the capture lacks is a G (the client's data, upper case)", () => {
      const f = tcpFlow(contentGap());
      assert.equal(f.history, 'ShADaG');
      assert.equal(f.state, 'S1');
    });

    it('a segment cut by the snap length is not reassembled either: its ACK is a gap', () => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      sc.s(PSH | ACK, { payload: 300, truncate: 200 });
      sc.c(ACK);
      assert.equal(tcpFlow(sc).history, 'ShAdg');
    });

    it('ten holes are GG; a FIN acknowledged is no gap', () => {
      const sc = new TcpScenario();
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      for (let k = 0; k < 10; k++) {
        sc.c(PSH | ACK, { payload: 100, seq: sc.seqOf('c') + 100 });
        sc.s(ACK);
      }
      sc.c(FIN | ACK);
      sc.s(FIN | ACK);
      sc.c(ACK);
      const f = tcpFlow(sc);
      assert.equal(f.history, 'ShADaGGFf');
      assert.equal(f.state, 'SF');
    });

    it('no gap when the ACK covers data that was all captured', () => {
      assert.equal(tcpFlow(exchange()).history, 'ShADad');
    });
  });

  describe('C: bad checksums (only when verifying, as Zeek does without -C)', () => {
    function closeWithBadServerFin(): TcpScenario {
      const sc = exchange(new TcpScenario({ checksums: true }));
      sc.c(FIN | ACK);
      sc.s(FIN | ACK, { badChecksum: true });
      sc.c(ACK);
      return sc;
    }

    it("the server's FIN with a bad TCP checksum is a c and is dropped: S2, not SF", () => {
      const f = tcpFlow(closeWithBadServerFin(), { verifyChecksums: true });
      // The client's ACK then covers the FIN octet Zeek never accepted: a content gap (g).
      assert.equal(f.history, 'ShADadFcg');
      assert.equal(f.state, 'S2');
    });

    it('without verification (the default, zeek -C) the same capture is SF with no c', () => {
      const f = tcpFlow(closeWithBadServerFin());
      assert.equal(f.history, 'ShADadFf');
      assert.equal(f.state, 'SF');
    });

    it('ten bad checksums are cc', () => {
      const sc = new TcpScenario({ checksums: true });
      sc.c(SYN, { options: sc.synOptions() });
      sc.s(SYN | ACK, { options: sc.synOptions() });
      sc.c(ACK);
      for (let k = 0; k < 10; k++) sc.s(ACK, { badChecksum: true });
      const f = tcpFlow(sc, { verifyChecksums: true });
      assert.equal(f.history, 'ShAcc');
      assert.equal(f.state, 'S1');
    });

    it('a bad IPv4 header checksum drops the packet before any connection sees it: no letter', () => {
      const sc = exchange(new TcpScenario({ checksums: true }));
      sc.c(FIN | ACK);
      const ip = withTransportChecksum(
        ipv4(tcp({ sport: 80, dport: 40000, seq: sc.seqOf('s'), ack: sc.seqOf('c'), flags: FIN | ACK }), {
          proto: 6,
          src: '10.0.0.2',
          dst: '10.0.0.1',
          ttl: 61,
        }),
      );
      ip[8] ^= 1; // TTL changed, header checksum left as it was
      sc.raw(ethernet(ip, 0x0800));
      const f = tcpFlow(sc, { verifyChecksums: true });
      assert.equal(f.history, 'ShADadF');
      assert.equal(f.state, 'S2');
    });
  });

  describe('UDP', () => {
    const t0 = 1700000000;
    function udpCapture(datagrams: Array<{ from: 'c' | 's'; bad?: boolean }>, cport = 40000, sport = 53): Uint8Array {
      const frames: Frame[] = datagrams.map((d, k) => {
        const fromClient = d.from === 'c';
        const ip = ipv4(udp(fromClient ? cport : sport, fromClient ? sport : cport, new Uint8Array(20)), {
          proto: 17,
          src: fromClient ? '10.0.0.1' : '10.0.0.2',
          dst: fromClient ? '10.0.0.2' : '10.0.0.1',
        });
        return { sec: t0, frac: k * 1000, data: ethernet(withTransportChecksum(ip, d.bad), 0x0800) };
      });
      return pcapFile(frames);
    }

    it('query and answer: SF / Dd; query only: S0 / D', () => {
      const both = flowOf(udpCapture([{ from: 'c' }, { from: 's' }]), 'udp');
      assert.equal(both.state, 'SF');
      assert.equal(both.history, 'Dd');
      const one = flowOf(udpCapture([{ from: 'c' }, { from: 'c' }]), 'udp');
      assert.equal(one.state, 'S0');
      assert.equal(one.history, 'D');
    });

    it('only the answer from port 53 is captured: flipped (^), only the responder sent: SHR', () => {
      const f = flowOf(udpCapture([{ from: 's' }]), 'udp');
      assert.equal(f.history, '^d');
      assert.equal(f.state, 'SHR');
      assert.match(f.server, /:53$/);
    });

    it('a bad UDP checksum is a c when verifying, and that datagram does not count: S0', () => {
      const bytes = udpCapture([{ from: 'c' }, { from: 's', bad: true }]);
      const f = flowOf(bytes, 'udp', { verifyChecksums: true });
      assert.equal(f.history, 'Dc');
      assert.equal(f.state, 'S0');
      assert.equal(flowOf(bytes, 'udp').state, 'SF', 'not verified by default');
    });
  });

  it("ICMP: Zeek's conn_state is OTH and it records no history", () => {
    const frames: Frame[] = [
      { sec: 1700000000, frac: 0, data: ethernet(ipv4(icmpEcho(8, 7, 1), { proto: 1, src: '10.0.0.1', dst: '10.0.0.2' }), 0x0800) },
      { sec: 1700000000, frac: 1000, data: ethernet(ipv4(icmpEcho(0, 7, 1), { proto: 1, src: '10.0.0.2', dst: '10.0.0.1' }), 0x0800) },
    ];
    const f = flowOf(pcapFile(frames), 'icmp');
    assert.equal(f.state, 'OTH');
    assert.equal(f.history, undefined);
  });
});
