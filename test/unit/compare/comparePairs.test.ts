import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { compareCaptures } from '../../../src/core/compare/compareCaptures';
import type { CompareFinding } from '../../../src/core/compare/compareFinding';
import type { CompareResult } from '../../../src/core/compare/compareTypes';
import { PACKET_CLASS_NAMES, PacketClass } from '../../../src/core/compare/compareTypes';
import { FIELD_CHANGES } from '../../../src/core/compare/fieldChanges';
import type { Expected } from './pairOracle';
import { COMPARE_FIX, expectedVerdicts, readScript, readTsv } from './pairOracle';

async function compare(pair: string): Promise<CompareResult> {
  const a = await openCaptureFile(path.join(COMPARE_FIX, `${pair}-a.pcap`));
  const b = await openCaptureFile(path.join(COMPARE_FIX, `${pair}-b.pcap`));
  try {
    return compareCaptures(a, b);
  } finally {
    a.close();
    b.close();
  }
}

const names = (cls: Uint8Array) => [...cls].map((c) => PACKET_CLASS_NAMES[c as PacketClass] ?? `unclassified ${c}`);

/** Every packet of both files against the oracle, the pairing, and the changed fields of each modified pair. */
async function assertEveryPacket(pair: string, serverPorts: number[]): Promise<{ r: CompareResult; want: Expected }> {
  const r = await compare(pair);
  const want = expectedVerdicts(pair, serverPorts);
  assert.deepEqual(names(r.a.cls), want.a, `${pair}: A's verdicts`);
  assert.deepEqual(names(r.b.cls), want.b, `${pair}: B's verdicts`);
  for (const [fa, fb] of want.pairs) assert.equal(r.a.peer[fa - 1] + 1, fb, `${pair}: A frame ${fa} is B frame ${fb}`);
  return { r, want };
}

const rules = (r: CompareResult) => r.findings.map((f) => f.rule);
const finding = (r: CompareResult, rule: string, match?: RegExp): CompareFinding => {
  const f = r.findings.find((x) => x.rule === rule && (!match || match.test(x.title)));
  assert.ok(f, `no ${rule}${match ? ` matching ${match}` : ''} in ${r.findings.map((x) => `${x.rule}: ${x.title}`).join('; ')}`);
  return f;
};

describe('compare: capture pairs from the real stack (test/fixtures/compare, make-compare.sh)', () => {
  it('nat-mss: masquerade with a port change and an MSS clamp, B 3.5 s behind, connections outside the overlap', async () => {
    const { r, want } = await assertEveryPacket('nat-mss', [80]);
    // Every pair went through the NAT: all modified, none only matched.
    assert.equal(r.packets.matched, 0);
    assert.equal(r.packets.modified, want.pairs.size);
    assert.equal(r.packets.lostBetween + r.packets.appearedBetween, 0);
    assert.ok(r.packets.onlyOutsideOverlap >= 2 * 7, 'the connections before and after B ran are outside the overlap');
    const script = readScript('nat-mss');
    assert.ok(Math.abs(r.clockOffset! - script.clockShiftB) < 0.005, `clock offset ${r.clockOffset}`);
    assert.deepEqual(r.hops, { aToB: 1, bToA: 1 });
    const nat = finding(r, 'compare.nat');
    const a = readTsv('nat-mss-a.tsv'),
      b = readTsv('nat-mss-b.tsv');
    const synB = b.find((f) => f.flags === 0x02)!;
    const synA = a[r.b.peer[synB.no - 1]];
    assert.equal(nat.title, `NAT 10.88.1.1:${synA.sport} → 10.88.2.254:${synB.sport}`);
    assert.ok(synB.sport >= 6001 && synB.sport <= 6010);
    const clampUp = finding(r, 'compare.mss-clamped', /from A's side/);
    assert.deepEqual(clampUp.fields, [{ name: 'tcp.options.mss_val', a: 1460, b: 1380 }]);
    const clampDown = finding(r, 'compare.mss-clamped', /from B's side/);
    assert.deepEqual(clampDown.fields, [{ name: 'tcp.options.mss_val', a: 1380, b: 1460 }]);
    assert.equal(clampUp.location, 'between A and B (1 router by the TTL)');
    assert.ok(!rules(r).includes('compare.rewritten'), 'NAT and clamping are not reported as rewrites');
  });

  it('founding: the SYN/ACK TSecr rewritten, options stripped, a segment dropped and an RST forged, seen from both sides', async () => {
    const { r } = await assertEveryPacket('founding', [8080, 8081]);
    const script = readScript('founding');
    const rewrites = script.box.filter((e) => e.action === 'rewrite' && e.fields?.tsecr);
    const forged = script.box.filter((e) => e.action === 'inject');
    const dropped = script.box.filter((e) => e.action === 'drop');
    assert.ok(rewrites.length >= 2 && forged.length === 1 && dropped.length === 1);
    assert.ok(Math.abs(r.clockOffset!) < 0.002, `clock offset ${r.clockOffset}`);
    assert.deepEqual(r.hops, { aToB: 0, bToA: 0 });

    const ts = finding(r, 'compare.rewritten', /TSecr/);
    assert.equal(ts.severity, 'error');
    assert.equal(ts.count, rewrites.length);
    const [was, now] = rewrites[0].fields!.tsecr as [number, number];
    assert.deepEqual(ts.fields, [{ name: 'tcp.options.timestamp.tsecr', a: now, b: was }]);
    assert.equal(ts.location, 'between A and B (a transparent device: the TTL does not drop)');
    const a = readTsv('founding-a.tsv'),
      b = readTsv('founding-b.tsv');
    assert.deepEqual(
      ts.packetsA,
      a.filter((f) => f.tsecr === now && f.flags === 0x12).map((f) => f.no),
    );

    const rst = finding(r, 'compare.appeared-between');
    assert.equal(rst.severity, 'error');
    assert.match(rst.title, /^Forges 1 RST to 10\.88\.0\.1:\d+ in the name of 10\.88\.0\.2:8081$/);
    assert.deepEqual(rst.packetsA, [a.find((f) => f.id === forged[0].ip_id)!.no]);
    const lost = finding(r, 'compare.lost-between');
    assert.deepEqual(lost.packetsB, [b.find((f) => f.id === dropped[0].ip_id && f.len > 0)!.no]);

    const ws = finding(r, 'compare.option-stripped', /window scaling/);
    const sack = finding(r, 'compare.option-stripped', /SACK-permitted/);
    const synAcks = script.box.filter((e) => e.action === 'rewrite').length;
    assert.equal(ws.count, synAcks);
    assert.equal(sack.count, synAcks);
    assert.equal(ws.fields[0].name, 'tcp.options.wscale.shift');
    assert.equal(ws.fields[0].a, null);
    // Errors first.
    assert.deepEqual(
      r.findings.map((f) => f.severity),
      [...r.findings.map((f) => f.severity)].sort((x, y) => ['error', 'warning', 'info'].indexOf(x) - ['error', 'warning', 'info'].indexOf(y)),
    );
  });

  it('drops: nft drops between the points are exactly the packets lost between, per direction', async () => {
    const { r } = await assertEveryPacket('drops', [80]);
    const script = readScript('drops');
    const lostAB = [...r.a.cls].filter((c) => c === PacketClass.LostBetween).length;
    const lostBA = [...r.b.cls].filter((c) => c === PacketClass.LostBetween).length;
    assert.equal(lostAB, script.droppedAtoB);
    assert.equal(lostBA, script.droppedBtoA);
    assert.equal(r.packets.appearedBetween, 0);
    assert.equal(r.packets.modified, 0, 'a router that only forwards changes nothing but the TTL');
    assert.deepEqual(r.hops, { aToB: 1, bToA: 1 });
    // 3 ms each way in the wire namespace, plus the stack: the delay is measured, not assumed.
    assert.ok(r.delay.aToB!.min >= 0.003 && r.delay.aToB!.median < 0.05, JSON.stringify(r.delay));
    const lost = r.findings.filter((f) => f.rule === 'compare.lost-between');
    assert.equal(
      lost.reduce((n, f) => n + f.count, 0),
      script.droppedAtoB! + script.droppedBtoA!,
    );
  });

  it('seqrand: a constant sequence offset per connection, B 7.25 s ahead', async () => {
    const { r, want } = await assertEveryPacket('seqrand', [80]);
    const script = readScript('seqrand');
    assert.ok(Math.abs(r.clockOffset! - script.clockShiftB) < 0.002, `clock offset ${r.clockOffset}`);
    const offsets = script.box.filter((e) => e.action === 'offset').map((e) => e.offset!);
    assert.equal(offsets.length, 2);
    const signed = (x: number) => (x > 0x7fffffff ? x - 0x100000000 : x);
    assert.deepEqual(
      r.connections.map((c) => c.seqOffset.aToB),
      offsets.map(signed),
    );
    assert.deepEqual(
      r.connections.map((c) => c.seqOffset.bToA),
      [0, 0],
    );
    const f = finding(r, 'compare.seq-offset');
    assert.equal(f.count, 2);
    assert.ok(!rules(r).includes('compare.rewritten'), 'a constant offset is not a rewrite of each segment');
    assert.equal(r.packets.modified, want.pairs.size);
  });

  it('the changed fields of every modified pair are the ones tshark shows', async () => {
    for (const [pair, ports] of [
      ['nat-mss', [80]],
      ['founding', [8080, 8081]],
      ['seqrand', [80]],
    ] as const) {
      const a = await openCaptureFile(path.join(COMPARE_FIX, `${pair}-a.pcap`));
      const b = await openCaptureFile(path.join(COMPARE_FIX, `${pair}-b.pcap`));
      const r = compareCaptures(a, b);
      const want = expectedVerdicts(pair, [...ports]);
      for (const [fa, names] of want.fields) {
        const got = FIELD_CHANGES.filter((_, k) => r.changes[fa - 1] & (1 << k)).map(([n]) => n);
        assert.deepEqual(got.sort(), [...names].sort(), `${pair} A frame ${fa}`);
      }
      a.close();
      b.close();
    }
  });
});
