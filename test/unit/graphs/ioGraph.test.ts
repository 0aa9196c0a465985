import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { captureFieldSource } from '../../../src/core/filter/compileFilter';
import { GraphRequests } from '../../../src/extension/worker/graphRequests';
import { hasTshark } from '../helpers/tsharkFrames';
import { parseTsharkIoStat, tsharkStat } from '../helpers/tsharkStats';

const FIX = path.resolve(__dirname, '../../fixtures');

/** Frame numbers and times (µs, as the I/O taps round them) of the packets `filter` keeps, per tshark. */
function tsharkFrames(file: string, filter: string): Array<[number, number]> {
  const args = ['-r', file, '-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_relative'];
  if (filter) args.push('-Y', filter);
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split('\n')
    .filter((l) => l)
    .map((l) => {
      const [n, t] = l.split('\t');
      return [Number(n), Math.round(Number(t) * 1e6)];
    });
}

/**
 * The I/O graph the worker sends (GraphRequests.ioGraph, unthinned: wide enough for every interval)
 * against tshark: each line's counts equal `-z io,stat`'s columns, and the packet a click on an
 * interval selects is the first frame tshark's filter keeps in that interval.
 */
describe('I/O graph series equal tshark -z io,stat', () => {
  const cases: Array<[string, number, string[]]> = [
    ['loss.pcap', 0.01, ['tcp.analysis.retransmission', 'tcp.len > 1000']],
    ['zero-window.pcap', 0.5, ['tcp.analysis.zero_window', 'tcp.analysis.window_full']],
    ['http-ipv4.pcap', 0.005, ['tcp.flags.push==1']],
  ];
  for (const [name, interval, filters] of cases) {
    it(`${name} every ${interval} s with ${filters.join(', ')}`, async function () {
      if (!hasTshark()) {
        console.log('      SKIP: tshark is not installed');
        this.skip();
      }
      const file = path.join(FIX, name);
      const capture = await openCaptureFile(file);
      try {
        const graphs = new GraphRequests(capture, captureFieldSource(capture), analyzeCapture(capture));
        const packets = graphs.ioGraph({ type: 'ioGraph', interval, unit: 'packets', filters, width: 8192 });
        const bytes = graphs.ioGraph({ type: 'ioGraph', interval, unit: 'bytes', filters, width: 8192 });
        const bits = graphs.ioGraph({ type: 'ioGraph', interval, unit: 'bits', filters, width: 8192 });
        assert.deepEqual(
          packets.filters.map((f) => f.error),
          filters.map(() => undefined),
        );
        const want = parseTsharkIoStat(tsharkStat(file, `io,stat,${interval},,${filters.join(',')}`));
        assert.ok(want.length > 1, 'tshark printed rows');
        const lines = packets.graph!.series;
        assert.equal(lines.length, filters.length + 1);
        for (let c = 0; c < lines.length; c++) {
          assert.equal(lines[c].total, want.length, `${lines[c].name}: one point per interval`);
          assert.deepEqual(
            lines[c].y,
            want.map((row) => row[c][0]),
            `${lines[c].name}: packets`,
          );
          assert.deepEqual(
            bytes.graph!.series[c].y,
            want.map((row) => row[c][1]),
            `${lines[c].name}: bytes`,
          );
          assert.deepEqual(
            bits.graph!.series[c].y,
            want.map((row) => row[c][1] * 8),
            `${lines[c].name}: bits`,
          );
          const firsts = new Map<number, number>();
          for (const [frame, us] of tsharkFrames(file, c === 0 ? '' : filters[c - 1])) {
            const slot = Math.max(0, Math.floor(us / Math.round(interval * 1e6)));
            if (!firsts.has(slot)) firsts.set(slot, frame - 1);
          }
          assert.deepEqual(
            lines[c].packet,
            want.map((_, k) => firsts.get(k) ?? -1),
            `${lines[c].name}: first packet per interval`,
          );
        }
        assert.ok(
          lines.slice(1).every((l) => l.y.some((v) => v > 0)),
          'every filter matched something',
        );
      } finally {
        capture.close();
      }
    });
  }

  it('reports an invalid filter by itself and still draws the others', async () => {
    const capture = await openCaptureFile(path.join(FIX, 'loss.pcap'));
    try {
      const graphs = new GraphRequests(capture, captureFieldSource(capture), analyzeCapture(capture));
      const r = graphs.ioGraph({ type: 'ioGraph', interval: 'auto', unit: 'packets', filters: ['tcp.flags.syn==1', 'tcp.bogus == 1'], width: 600 });
      assert.equal(r.filters[0].error, undefined);
      assert.match(r.filters[1].error!.message, /bogus/);
      assert.deepEqual(
        r.graph!.series.map((s) => s.name),
        ['All packets', 'tcp.flags.syn==1'],
      );
      // Auto: an interval from the list that gives the capture at most 500 intervals.
      assert.ok(r.graph!.series[0].total <= 500 && r.graph!.series[0].total > 10, `${r.graph!.series[0].total} intervals of ${r.interval} s`);
    } finally {
      capture.close();
    }
  });
});
