import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { alignRows } from '../../../src/core/compare/alignedRows';
import { compareLadder } from '../../../src/core/compare/compareLadder';
import { comparedSide, compareSides } from '../../../src/core/compare/compareCaptures';
import type { ComparedSide } from '../../../src/core/compare/comparedSide';
import type { CompareResult } from '../../../src/core/compare/compareTypes';
import { PACKET_CLASS_NAMES, PacketClass } from '../../../src/core/compare/compareTypes';
import { packetVerdict } from '../../../src/core/compare/packetVerdict';

const FIXTURES = path.join(__dirname, '../../fixtures/compare');

/** What the side-by-side view and the four-lane ladder read from the engine, on the founding pair. */
describe('compare view: aligned rows, verdicts and the four-lane ladder (founding pair)', () => {
  let a: ComparedSide, b: ComparedSide, r: CompareResult;
  before(async () => {
    a = comparedSide(await openCaptureFile(path.join(FIXTURES, 'founding-a.pcap')));
    b = comparedSide(await openCaptureFile(path.join(FIXTURES, 'founding-b.pcap')));
    r = compareSides(a, b);
  });
  after(() => {
    a.capture.close();
    b.capture.close();
  });

  const rowText = (rows: ReturnType<typeof alignRows>) =>
    Array.from({ length: rows.count }, (_, k) => {
      const v = packetVerdict(a, b, r, rows.a[k], rows.b[k]);
      return `${rows.a[k] + 1}|${rows.b[k] + 1}|${PACKET_CLASS_NAMES[v.cls]}`;
    });

  it('puts a pair on one line, the lost packet with no A side, the injected RST with no B side, in time order', () => {
    assert.deepEqual(rowText(alignRows(a, b, r)), [
      '1|1|matched',
      '2|2|modified',
      '3|3|matched',
      '4|4|matched',
      '5|5|modified',
      '6|6|matched',
      '7|7|matched',
      '8|8|modified',
      '9|9|matched',
      '10|10|matched',
      '11|11|modified',
      '12|12|matched',
      '13|13|matched',
      // B's ACK 14 left B before B's response 15, which A never got; A's RST 15 never passed B.
      '14|14|matched',
      '0|15|lostBetween',
      '15|0|appearedBetween',
      '16|16|matched',
      '17|17|matched',
    ]);
  });

  it('narrows to one connection: the second one has its nine rows (A frames 10–17, B frames 10–17)', () => {
    const rows = alignRows(a, b, r, 1);
    assert.equal(rows.count, 9);
    assert.deepEqual(
      [...rows.a].filter((x) => x >= 0).map((x) => x + 1),
      [10, 11, 12, 13, 14, 15, 16, 17],
    );
    assert.deepEqual(
      [...rows.b].filter((x) => x >= 0).map((x) => x + 1),
      [10, 11, 12, 13, 14, 15, 16, 17],
    );
  });

  it("a modified SYN/ACK's verdict lists the engine's changed fields, TSecr as each point saw it, and the delay", () => {
    const v = packetVerdict(a, b, r, 1, 1);
    assert.equal(v.cls, PacketClass.Modified);
    assert.deepEqual(
      v.fields.map((f) => [f.name, f.a, f.b]),
      [
        ['tcp.options.wscale.shift', null, 10],
        ['tcp.options.sack_perm', null, 1],
        ['tcp.options.timestamp.tsecr', 2174718965, 2680413648],
      ],
    );
    // B→A: seen at B first; the delay is A's time minus B's moved to A's clock, within the path's range.
    assert.ok(v.delay! >= r.delay.bToA!.min - 1e-9 && v.delay! <= r.delay.bToA!.max + 1e-9, String(v.delay));
    assert.match(v.text, /^Modified between A and B \(from B's side to A's\): .*tcp\.options\.timestamp\.tsecr 2174718965 at A, 2680413648 at B/);
    assert.match(packetVerdict(a, b, r, 14, -1).text, /^Appeared between the points/);
    assert.match(packetVerdict(a, b, r, -1, 14).text, /^Lost between the points .* passed B and never reached A/);
  });

  it('draws four lanes; a lost arrow stops between the points, an injected one starts there, a modified one changes there', () => {
    const m = compareLadder(a, b, r, 1, { a: 'founding-a.pcap', b: 'founding-b.pcap' })!;
    assert.deepEqual(
      m.lanes!.map((l) => `${l.role} ${l.label}`),
      ['client 10.88.0.1:60272', 'point A founding-a.pcap', 'point B founding-b.pcap', 'server 10.88.0.2:8081'],
    );
    const spans = m.arrows.map(
      (x) => `${x.frames!.a}/${x.frames!.b} ${x.span!.kind} ${x.span!.from}→${x.span!.to}${x.span!.changedAt ? ` @${x.span!.changedAt}` : ''}`,
    );
    assert.deepEqual(spans, [
      '10/10 matched 0→3',
      '11/11 modified 3→0 @1.5',
      '12/12 matched 0→3',
      '13/13 matched 0→3',
      '14/14 matched 3→0',
      '0/15 lost 3→1.5',
      '15/0 appeared 1.5→0',
      '16/16 matched 3→0',
      '17/17 matched 0→3',
    ]);
    // The tooltip is the engine's verdict, the same text the table row shows.
    assert.equal(m.arrows[6].tip, packetVerdict(a, b, r, 14, -1).text);
  });
});
