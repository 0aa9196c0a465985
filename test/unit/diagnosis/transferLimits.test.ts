import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';

const BENCH = path.join(__dirname, '../../../bench/.cache/bench-1m.pcap');

/**
 * The transfer family of issue 11 on its real-stack captures (ground truth: the cap_<name> header
 * in test/fixtures/make-fixtures.sh).
 */
describe('transfer rules on real captures', () => {
  describe('tcp.transfer.throughput-limit', () => {
    it('rwnd-limited.pcap: the receive window (18.8 KB over ~9 ms), with the window the path would need', async () => {
      const { capture, result } = await analyzeFixture('rwnd-limited.pcap');
      capture.close();
      const [f, ...more] = byRule(result.findings, 'tcp.transfer.throughput-limit');
      assert.equal(more.length, 0);
      assert.equal(f.severity, 'warning');
      assert.match(f.title, /limited by its receive window: 488\.3 KB in 0\.29 s, 1\d\.\d Mbit\/s, window 18\.4 KB, RTT 9\.\d ms/);
      assert.equal(f.packets[0], 33, 'the first window-full segment');
      assert.match(f.explanation, /117 times \(tcp\.analysis\.window_full/);
      assert.match(f.explanation, /nothing was lost/);
      assert.match(f.explanation, /11\d\.\d KB for 100 Mbit\/s/, 'the bandwidth-delay product at this RTT');
      assert.match(f.explanation, /SO_RCVBUF/);
      const rmem = f.fixes.find((x) => x.action.kind === 'sysctl' && x.action.key === 'net.ipv4.tcp_rmem')!;
      assert.deepEqual(rmem.action, { kind: 'sysctl', key: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216', where: 'client' });
      assert.match(rmem.cost!, /memory/);
      assert.ok(f.fixes.some((x) => x.action.kind === 'sysctl' && x.action.key === 'net.core.rmem_max'));
    });

    it('loss.pcap: loss (9 of 217 segments resent), not the window', async () => {
      const { capture, result } = await analyzeFixture('loss.pcap');
      capture.close();
      const [f, ...more] = byRule(result.findings, 'tcp.transfer.throughput-limit');
      assert.equal(more.length, 0);
      assert.equal(f.severity, 'info', '4.1 % is below 5 %');
      assert.match(f.title, /limited by loss: .*9 of 217 segments resent \(4\.1%\)/);
      assert.equal(f.packets[0], 108, 'the first retransmission');
      assert.ok(!f.fixes.some((x) => x.action.kind === 'sysctl'), 'buffers do not help against loss');
      assert.ok(
        f.fixes.some((x) => x.action.kind === 'command' && x.action.command === 'mtr -rwc 100 10.77.2.2' && x.cost),
        'find the lossy hop',
      );
    });

    it('sender-limited.pcap: the sending application (1000 bytes every 20 ms), with no buffer to blame', async () => {
      const { capture, result } = await analyzeFixture('sender-limited.pcap');
      capture.close();
      const [f, ...more] = byRule(result.findings, 'tcp.transfer.throughput-limit');
      assert.equal(more.length, 0);
      assert.equal(f.severity, 'info');
      assert.match(f.title, /limited by the sender: 97\.7 KB in 2\.04 s, 39\d kbit\/s, at most 1\.0 KB in flight of a 63\.0 KB window/);
      assert.match(f.explanation, /not at TCP buffers/);
      assert.deepEqual(f.packets, [4], 'the first of the 1000-byte writes');
      // Ground truth (make-fixtures.sh, cap_sender-limited): the fix is in the application, not the network.
      assert.match(f.fixes[0].title, /In the server's application: write larger chunks/);
      assert.equal(f.fixes[0].action.kind, 'doc');
      assert.ok(
        f.fixes.every((x) => x.cost),
        'every fix says what it costs',
      );
    });

    it('a transfer held back by nothing gives no finding (each capture shows only its own limit)', async () => {
      for (const name of ['http-ipv4.pcap', 'nagle-delack.pcap', 'rto-died.pcap']) {
        const { capture, result } = await analyzeFixture(name);
        capture.close();
        assert.deepEqual(byRule(result.findings, 'tcp.transfer.throughput-limit'), [], name);
      }
    });

    it('the bench capture: iperf3 paced at 300 Mbit/s (hundreds of KB in flight) is not "sender-limited", not even as info', async function () {
      if (!fs.existsSync(BENCH)) this.skip();
      this.timeout(300_000);
      const capture = await openCaptureFile(BENCH);
      try {
        assert.deepEqual(
          byRule(analyzeCapture(capture).findings, 'tcp.transfer.throughput-limit').map((f) => f.title),
          [],
        );
      } finally {
        capture.close();
      }
    });
  });

  describe('tcp.transfer.nagle-delayed-ack', () => {
    it('nagle-delack.pcap: ~44 ms per request on the connection without TCP_NODELAY, nothing on the one with it', async () => {
      const { capture, result } = await analyzeFixture('nagle-delack.pcap');
      capture.close();
      const [f, ...more] = byRule(result.findings, 'tcp.transfer.nagle-delayed-ack');
      assert.equal(more.length, 0);
      assert.deepEqual(f.streams, [0], 'the TCP_NODELAY connection (stream 1) has no stall');
      assert.equal(f.severity, 'warning');
      // The first request is quick-ACKed; the next 9 each wait for the 40 ms delayed ACK (plus the timer's slack).
      assert.match(f.title, /the client 10\.77\.0\.1:52872 waited ~4\d ms for an ACK before each of 9 small writes/);
      assert.deepEqual(f.packets, [10, 11, 12], 'the small segment, the late bare ACK, the held write');
      assert.match(f.explanation, /43\.2 ms later/);
      assert.match(f.explanation, /while the round trip is 0\.\d\d ms/);
      const nodelay = f.fixes.find((x) => /TCP_NODELAY/.test(x.title))!;
      assert.match(nodelay.title, /on the client/);
      assert.match(nodelay.cost!, /small packets/);
      assert.ok(f.fixes.some((x) => /TCP_QUICKACK/.test(x.title) && /server/.test(x.title) && /set again/.test(x.cost!)));
    });

    it('request/response without split writes (http-ipv4.pcap, rwnd-limited.pcap) has no stall', async () => {
      for (const name of ['http-ipv4.pcap', 'rwnd-limited.pcap', 'sender-limited.pcap']) {
        const { capture, result } = await analyzeFixture(name);
        capture.close();
        assert.deepEqual(byRule(result.findings, 'tcp.transfer.nagle-delayed-ack'), [], name);
      }
    });
  });

  describe('tcp.transfer.died-in-retransmissions', () => {
    it('rto-died.pcap: three timeouts of 10007 with doubling waits, 4448 bytes never acknowledged, no FIN/RST', async () => {
      const { capture, result } = await analyzeFixture('rto-died.pcap');
      capture.close();
      const [f, ...more] = byRule(result.findings, 'tcp.transfer.died-in-retransmissions');
      assert.equal(more.length, 0);
      assert.equal(f.severity, 'error');
      assert.match(f.title, /the client 10\.77\.1\.1:43208 resent its data 3 times \(backoff 0\.24, 0\.45, 0\.89 s\), 4448 bytes never acknowledged/);
      assert.deepEqual(f.packets, [27, 28, 32, 33, 34], "the server's last ACK, the original segment, the three timeouts");
      assert.deepEqual(byRule(result.findings, 'tcp.transfer.retransmissions'), [], 'superseded: the retransmissions are the death, not a loss rate');
      const retries = f.fixes.find((x) => x.action.kind === 'sysctl')!;
      assert.deepEqual(retries.action, { kind: 'sysctl', key: 'net.ipv4.tcp_retries2', value: '8', where: 'client' });
      assert.match(retries.cost!, /Every connection/);
    });

    it('a loss-recovered transfer and an MTU black hole are not "died"', async () => {
      for (const name of ['loss.pcap', 'pmtu-blackhole.pcap', 'rwnd-limited.pcap']) {
        const { capture, result } = await analyzeFixture(name);
        capture.close();
        assert.deepEqual(byRule(result.findings, 'tcp.transfer.died-in-retransmissions'), [], name);
      }
    });
  });

  describe('capture quality', () => {
    it('capture-drops.pcap: ACKed data never captured is one capture finding, not a transfer problem', async () => {
      const { capture, result } = await analyzeFixture('capture-drops.pcap');
      capture.close();
      assert.deepEqual(
        result.findings.map((f) => f.rule),
        ['capture.drops'],
        'nothing else: no retransmissions, no throughput limit, no offload',
      );
      const [f] = result.findings;
      assert.equal(f.severity, 'warning', 'no retransmission anywhere: the capture, not the wire, lost the data');
      assert.deepEqual(f.packets, [469, 842], 'the ACK for unseen data after the gap before 468, and the FIN acknowledging the missing tail');
      assert.deepEqual(f.streams, [0]);
      assert.match(f.explanation, /so the capture dropped it, not the network: nothing was retransmitted/);
      assert.ok(f.fixes.some((x) => x.action.kind === 'command' && /-B 65536/.test(x.action.command)));
    });

    it('offload-artefacts.pcap: giant segments with partial checksums are no transfer problem', async () => {
      const { capture, result } = await analyzeFixture('offload-artefacts.pcap');
      capture.close();
      assert.deepEqual(
        result.findings.filter((f) => f.rule.startsWith('tcp.transfer.')).map((f) => f.title),
        [],
      );
      const [f, ...more] = result.findings.filter((x) => x.rule === 'capture.offload');
      assert.equal(more.length, 0, 'said once for the capture');
      assert.equal(f.severity, 'info');
      assert.match(f.title, /larger than the receiver's MSS \(up to \d+ bytes\), sent by 10\.77\.0\.1: segmentation offload on the capturing host/);
      assert.deepEqual(f.packets.slice(0, 3), [8, 10, 13], "the client's first giant segments (ground truth)");
      assert.ok(f.fixes.some((x) => x.action.kind === 'command' && /tso off gso off/.test(x.action.command)));
    });

    it('wire-true captures have no oversized segment', async () => {
      for (const name of ['http-ipv4.pcap', 'loss.pcap', 'rwnd-limited.pcap', 'capture-drops.pcap']) {
        const { capture, result } = await analyzeFixture(name);
        capture.close();
        assert.deepEqual(byRule(result.findings, 'capture.offload'), [], name);
      }
    });
  });
});
