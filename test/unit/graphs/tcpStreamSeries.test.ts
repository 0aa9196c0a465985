import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { analyzeTcpSequences } from '../../../src/core/flows/tcpSequenceAnalysis';
import type { TcpStreamSeries } from '../../../src/core/graphs/tcpStreamSeries';
import { autoInterval, tcpStreamSeries, throughputSeries } from '../../../src/core/graphs/tcpStreamSeries';
import { captureSackReader } from '../../../src/core/summary/tcpInfo';
import { hasTshark, tsharkFields } from '../helpers/tsharkFrames';

const FIX = path.resolve(__dirname, '../../fixtures');

const FIELDS = [
  'frame.number',
  'frame.time_relative',
  'tcp.stream',
  'tcp.srcport',
  'tcp.flags.ack',
  'tcp.seq',
  'tcp.ack',
  'tcp.len',
  'tcp.window_size',
  'tcp.analysis.ack_rtt',
  'tcp.analysis.bytes_in_flight',
  'tcp.analysis.retransmission',
  'tcp.analysis.fast_retransmission',
  'tcp.analysis.spurious_retransmission',
  'tcp.analysis.out_of_order',
  'tcp.analysis.zero_window',
  'tcp.options.sack_le',
  'tcp.options.sack_re',
] as const;
type Row = Record<(typeof FIELDS)[number], string>;

function tsharkRows(file: string): Row[] {
  return tsharkFields(file, FIELDS).map((cols) => Object.fromEntries(FIELDS.map((f, k) => [f, cols[k] ?? ''])) as Row);
}

/** The stream's data sender as tshark sees it: the port that sent the most tcp.len bytes. */
function senderPort(rows: Row[]): string {
  const sent = new Map<string, number>();
  for (const r of rows) sent.set(r['tcp.srcport'], (sent.get(r['tcp.srcport']) ?? 0) + Number(r['tcp.len']));
  return [...sent].sort((a, b) => b[1] - a[1])[0][0];
}

const num = (s: string) => (s === '' ? NaN : Number(s));
const near = (got: number[], want: number[], what: string, tolerance = 1e-9) => {
  assert.equal(got.length, want.length, `${what}: count`);
  got.forEach((g, k) => {
    if (Number.isNaN(want[k])) assert.ok(Number.isNaN(g), `${what}[${k}]: tshark has none, we have ${g}`);
    else assert.ok(Math.abs(g - want[k]) <= tolerance, `${what}[${k}]: ${g} ≠ ${want[k]}`);
  });
};

/**
 * The stream graphs' series against tshark's fields on the same packets: the segments of the data
 * sender (tcp.seq, tcp.len, retransmission and out-of-order flags, bytes in flight) and the
 * receiver's ACKs (tcp.ack, tcp.window_size, zero window, ack_rtt, SACK blocks).
 */
describe('TCP stream graph series equal tshark fields', () => {
  // What each fixture makes the comparison cover (so a series that stayed empty could not pass).
  const covers: Record<string, (s: TcpStreamSeries) => boolean> = {
    // Window scaling on: a window beyond 16 bits shows the scale was applied.
    'loss.pcap': (s) =>
      Math.max(...s.acks.window) > 65535 && s.segments.outOfOrder.includes(true) && s.segments.retransmitted.includes(true) && s.sacks.packet.length > 0,
    'zero-window.pcap': (s) => s.acks.zeroWindow.includes(true),
    'sack-mangling.pcap': (s) => s.segments.retransmitted.filter(Boolean).length > 10 && s.sacks.packet.length > 0,
    'rwnd-limited.pcap': (s) => s.acks.rtt.some(Number.isFinite) && s.segments.inFlight.some((b) => b > 0),
  };
  for (const name of Object.keys(covers)) {
    it(name, async function () {
      if (!hasTshark()) {
        console.log('      SKIP: tshark is not installed');
        this.skip();
      }
      const file = path.join(FIX, name);
      const rows = tsharkRows(file).filter((r) => r['tcp.stream'] === '0');
      const sender = senderPort(rows);
      const data = rows.filter((r) => r['tcp.srcport'] === sender);
      const acks = rows.filter((r) => r['tcp.srcport'] !== sender && r['tcp.flags.ack'] === '1');

      const capture = await openCaptureFile(file);
      try {
        const sacks = captureSackReader(capture);
        const s = tcpStreamSeries(capture.index, analyzeTcpSequences(capture.index, sacks), 0, undefined, sacks);
        assert.ok(covers[name](s), `${name} has the events this comparison is meant to cover`);
        const seg = s.segments;
        assert.deepEqual(
          seg.packet.map((i) => i + 1),
          data.map((r) => Number(r['frame.number'])),
          'segments are the sender packets',
        );
        near(
          seg.time,
          data.map((r) => num(r['frame.time_relative'])),
          'segment time',
        );
        near(
          seg.seq,
          data.map((r) => num(r['tcp.seq'])),
          'tcp.seq',
        );
        near(
          seg.len,
          data.map((r) => num(r['tcp.len'])),
          'tcp.len',
        );
        assert.deepEqual(
          seg.retransmitted,
          data.map((r) => !!(r['tcp.analysis.retransmission'] || r['tcp.analysis.fast_retransmission'] || r['tcp.analysis.spurious_retransmission'])),
          'retransmissions',
        );
        assert.deepEqual(
          seg.outOfOrder,
          data.map((r) => !!r['tcp.analysis.out_of_order']),
          'out of order',
        );
        near(
          seg.inFlight,
          data.map((r) => (r['tcp.analysis.bytes_in_flight'] ? Number(r['tcp.analysis.bytes_in_flight']) : 0)),
          'bytes in flight',
        );

        const a = s.acks;
        assert.deepEqual(
          a.packet.map((i) => i + 1),
          acks.map((r) => Number(r['frame.number'])),
          'ACKs are the receiver packets with the ACK flag',
        );
        near(
          a.ack,
          acks.map((r) => num(r['tcp.ack'])),
          'tcp.ack',
        );
        near(
          a.window,
          acks.map((r) => num(r['tcp.window_size'])),
          'tcp.window_size',
        );
        near(
          a.rtt,
          acks.map((r) => num(r['tcp.analysis.ack_rtt'])),
          'tcp.analysis.ack_rtt',
        );
        assert.deepEqual(
          a.zeroWindow,
          acks.map((r) => !!r['tcp.analysis.zero_window']),
          'zero window',
        );

        const wantSack = acks.flatMap((r) => {
          const le = r['tcp.options.sack_le'] ? r['tcp.options.sack_le'].split(',').map(Number) : [];
          const re = r['tcp.options.sack_re'] ? r['tcp.options.sack_re'].split(',').map(Number) : [];
          return le.map((l, k) => `${r['frame.number']}:${l}-${re[k]}`);
        });
        assert.deepEqual(
          s.sacks.packet.map((i, k) => `${i + 1}:${s.sacks.left[k]}-${s.sacks.right[k]}`),
          wantSack,
          'SACK blocks',
        );
      } finally {
        capture.close();
      }
    });
  }

  it('throughput: payload bytes per interval from the first segment, over the interval, and the moving average', async function () {
    if (!hasTshark()) {
      console.log('      SKIP: tshark is not installed');
      this.skip();
    }
    const file = path.join(FIX, 'loss.pcap');
    const rows = tsharkRows(file).filter((r) => r['tcp.stream'] === '0');
    const data = rows.filter((r) => r['tcp.srcport'] === senderPort(rows));
    const capture = await openCaptureFile(file);
    try {
      const s = tcpStreamSeries(capture.index, analyzeTcpSequences(capture.index), 0);
      const tp = throughputSeries(s, 0.005, 4);
      const t0 = Number(data[0]['frame.time_relative']);
      const want = new Map<number, number>();
      for (const r of data) {
        const bin = Math.floor((Number(r['frame.time_relative']) - t0) / 0.005 + 1e-9);
        want.set(bin, (want.get(bin) ?? 0) + Number(r['tcp.len']));
      }
      const bins = Math.max(...want.keys()) + 1;
      assert.equal(tp.rate.length, bins);
      near(
        tp.rate,
        Array.from({ length: bins }, (_, b) => (want.get(b) ?? 0) / 0.005),
        'bytes/s',
        1e-6,
      );
      const avg = Array.from({ length: bins }, (_, b) => {
        let sum = 0;
        for (let k = Math.max(0, b - 3); k <= b; k++) sum += want.get(k) ?? 0;
        return sum / (Math.min(b + 1, 4) * 0.005);
      });
      near(tp.average, avg, 'moving average', 1e-6);
      assert.equal(tp.start[0], s.segments.time[0]);
    } finally {
      capture.close();
    }
  });

  it('picks an interval from 1 ms to 10 min that gives about 100 of them', () => {
    assert.equal(autoInterval(0.08), 0.001);
    assert.equal(autoInterval(0.5), 0.005);
    assert.equal(autoInterval(95), 1);
    assert.equal(autoInterval(1e7), 600);
  });

  it('--direction: the client or the server as data sender, whatever sent more', async () => {
    const capture = await openCaptureFile(path.join(FIX, 'loss.pcap'));
    try {
      const extras = analyzeTcpSequences(capture.index);
      const auto = tcpStreamSeries(capture.index, extras, 0);
      const client = tcpStreamSeries(capture.index, extras, 0, 'client');
      const server = tcpStreamSeries(capture.index, extras, 0, 'server');
      // loss.pcap: the server (iperf3 -R) sends the bulk data to the client.
      assert.equal(auto.fromClient, false);
      assert.equal(server.dataDir, auto.dataDir);
      assert.equal(client.dataDir, auto.dataDir ^ 1);
      assert.ok(client.segments.len.reduce((x, y) => x + y, 0) < server.segments.len.reduce((x, y) => x + y, 0));
      assert.throws(() => tcpStreamSeries(capture.index, extras, 99), /no TCP stream 99/);
    } finally {
      capture.close();
    }
  });
});
