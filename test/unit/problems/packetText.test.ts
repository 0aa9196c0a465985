import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { packetLine } from '../../../src/core/summary/packetLine';
import { packetText } from '../../../src/extension/problems/answerQuery';
import { repeatAsConversations } from '../../support/repeatCapture';
import { FIXTURES } from '../golden/tsharkGolden';

/**
 * The Problems side's text view of a capture: whole for small ones; for large ones the first lines,
 * the neighbourhood of every evidence packet and empty lines elsewhere, so that line n stays frame
 * n + 1 and the view stays small. Limits are shrunk here so a real capture of 2,200 packets is "large".
 */
describe('the text view of a large capture keeps line n = frame n + 1 and stays small', () => {
  const capture = openCaptureBytes(repeatAsConversations(fs.readFileSync(path.join(FIXTURES, 'founding-tsecr.pcap')), 100, 35034));
  const analysis = analyzeCapture(capture, { flowDetail: false });
  const n = capture.index.count;
  const width = String(n).length;
  const limits = { fullLines: 500, headLines: 20, evidenceContext: 3 };

  it('shows a capture within the limit whole', () => {
    const { text } = packetText(capture, analysis, undefined, width, { ...limits, fullLines: n });
    const lines = text.split('\n');
    assert.equal(lines.length - 1, n);
    assert.equal(lines[n - 1], packetLine(capture, n - 1, width));
  });

  it('past the limit: the first lines, every evidence packet with its neighbours, one marker per gap, the rest empty', () => {
    const { text, frames } = packetText(capture, analysis, undefined, width, limits);
    assert.equal(frames, undefined);
    const lines = text.split('\n').slice(0, -1);
    assert.equal(lines.length, n, 'one line per packet');
    for (let i = 0; i < 20; i++) assert.equal(lines[i], packetLine(capture, i, width));
    const evidence = analysis.findings.flatMap((f) => f.packets);
    assert.ok(
      evidence.some((p) => p > 30),
      `evidence beyond the first lines: ${evidence.slice(0, 8).join()}…`,
    );
    for (const p of evidence) {
      for (let i = Math.max(0, p - 1 - 3); i < Math.min(n, p + 3); i++)
        assert.equal(lines[i], packetLine(capture, i, width), `frame ${i + 1} near evidence ${p}`);
    }
    assert.match(lines[20], /^… frames 21–\d+ are not shown here \(\d+ packets?; .*the capture editor shows every packet$/);
    const markers = lines.filter((l) => l.startsWith('… frames ')).length;
    const full = lines.filter((l) => l.length > 0 && !l.startsWith('… ')).length;
    assert.ok(full < n / 2 && markers > 0, `${full} full lines and ${markers} markers of ${n}`);
    assert.ok(text.length < n * 40, `${text.length} characters for ${n} packets`);
  });

  it('a filtered view keeps the first matches and says how many more there are', () => {
    const { text, frames } = packetText(capture, analysis, 'tcp.flags.reset == 1', width, { ...limits, fullLines: 10 });
    const lines = text.split('\n').slice(0, -1);
    assert.equal(frames!.length, 10);
    assert.equal(lines.length, 11);
    assert.deepEqual(
      lines.slice(0, 10),
      frames!.map((f) => packetLine(capture, f - 1, width)),
    );
    const resets = Array.from({ length: n }, (_, i) => i).filter((i) => capture.index.flags[i] & 0x004).length;
    assert.equal(lines[10], `… ${resets - 10} more packets match "tcp.flags.reset == 1": narrow the filter, or see them all in the capture editor`);
  });
});
