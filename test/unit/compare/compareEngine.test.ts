import { strict as assert } from 'node:assert';
import { compareCaptures } from '../../../src/core/compare/compareCaptures';
import type { CompareResult } from '../../../src/core/compare/compareTypes';
import { PACKET_CLASS_NAMES, PacketClass } from '../../../src/core/compare/compareTypes';
import { FIELD_CHANGES } from '../../../src/core/compare/fieldChanges';
import type { PathEvent } from './twoPoints';
import { arpFrame, fixTcpChecksum, twoPoints } from './twoPoints';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { pcapFile } from '../helpers/captureWriter';
import type { Frame } from '../helpers/captureWriter';
import { ethernet, ipv6, tcp, u32 } from '../helpers/packetBuilder';

const SYN = 0x02,
  ACK = 0x10,
  PSH = 0x08,
  RST = 0x04;
const C_ISN = 1000,
  S_ISN = 9000;
const data = (n: number, fill = 0x61) => Array<number>(n).fill(fill);

/** A handshake, a request, a response and its ACK: the base every case changes one thing of. */
function exchange(): PathEvent[] {
  return [
    { from: 'c', flags: SYN, seq: C_ISN, id: 100, t: 0 },
    { from: 's', flags: SYN | ACK, seq: S_ISN, ack: C_ISN + 1, id: 0, t: 0.01 },
    { from: 'c', flags: ACK, seq: C_ISN + 1, ack: S_ISN + 1, id: 101, t: 0.02 },
    { from: 'c', flags: PSH | ACK, seq: C_ISN + 1, ack: S_ISN + 1, payload: data(100), id: 102, t: 0.03 },
    { from: 's', flags: PSH | ACK, seq: S_ISN + 1, ack: C_ISN + 101, payload: data(300, 0x62), id: 500, t: 0.04 },
    { from: 'c', flags: ACK, seq: C_ISN + 101, ack: S_ISN + 301, id: 103, t: 0.05 },
  ];
}

function run(events: PathEvent[], o: Parameters<typeof twoPoints>[1] = {}): CompareResult {
  const { a, b } = twoPoints(events, o);
  return compareCaptures(a, b);
}

const names = (cls: Uint8Array) => [...cls].map((c) => PACKET_CLASS_NAMES[c as PacketClass]);
const changed = (r: CompareResult, frameA: number) => FIELD_CHANGES.filter((_, k) => r.changes[frameA - 1] & (1 << k)).map(([n]) => n);

describe('compare engine on byte-built captures', () => {
  it('pairs every packet of an unchanged path and measures the delay and the hop', () => {
    const r = run(exchange(), { delay: 0.004, hops: 2 });
    assert.deepEqual(names(r.a.cls), Array(6).fill('matched'));
    assert.deepEqual(names(r.b.cls), Array(6).fill('matched'));
    assert.deepEqual(r.hops, { aToB: 2, bToA: 2 });
    assert.ok(Math.abs(r.delay.aToB!.median - 0.004) < 1e-5 && Math.abs(r.delay.bToA!.median - 0.004) < 1e-5, JSON.stringify(r.delay));
    assert.ok(Math.abs(r.clockOffset!) < 1e-5);
    assert.equal(r.findings.length, 0);
  });

  it('a clock offset of several seconds changes nothing but the offset it reports', () => {
    const base = run(exchange());
    for (const shift of [7.25, -3.5, 3600]) {
      const r = run(exchange(), { shift });
      assert.deepEqual(names(r.a.cls), names(base.a.cls), `shift ${shift}`);
      assert.deepEqual([...r.a.peer], [...base.a.peer]);
      assert.ok(Math.abs(r.clockOffset! - shift) < 1e-5, `offset ${r.clockOffset} for ${shift}`);
      assert.ok(Math.abs(r.delay.aToB!.median - base.delay.aToB!.median) < 1e-5);
    }
  });

  it('a segment lost between the points is lost, its retransmission (a new IP ID) matched', () => {
    const ev = exchange();
    ev.splice(3, 1, { ...ev[3], only: 'up' }, { ...ev[3], id: 104, t: 0.035 });
    const r = run(ev);
    assert.deepEqual(names(r.a.cls), ['matched', 'matched', 'matched', 'lostBetween', 'matched', 'matched', 'matched']);
    assert.equal(r.packets.lostBetween, 1);
    const f = r.findings.find((x) => x.rule === 'compare.lost-between')!;
    assert.deepEqual(f.packetsA, [4]);
    assert.match(f.title, /from A's side to B's \(1 of 5, 1 of 2 data segments\)/);
  });

  it('an RST injected between the points appears in A only, and is called forged', () => {
    const ev = exchange();
    ev.push({ from: 's', flags: RST | ACK, seq: S_ISN + 301, ack: C_ISN + 101, id: 0xbeef, t: 0.06, only: 'down', ttl: 60 });
    // B still capturing after it (else the RST could have passed B after B stopped: outside the overlap).
    ev.push({ from: 's', flags: ACK, seq: S_ISN + 301, ack: C_ISN + 101, id: 501, t: 0.07 });
    const r = run(ev);
    assert.equal(names(r.a.cls)[6], 'appearedBetween');
    const f = r.findings[0];
    assert.equal(f.rule, 'compare.appeared-between');
    assert.equal(f.severity, 'error');
    assert.equal(f.title, 'Forges 1 RST to 10.0.0.1:40000 in the name of 10.0.0.2:80');
    assert.match(f.explanation, /TTL is 59 where the genuine packets of 10\.0\.0\.2:80 arrive with 63/);
    assert.deepEqual(f.packetsA, [7]);
  });

  it('TTL beyond the hop, DSCP re-marking, a rewritten payload and IP ID: each named, field by field', () => {
    const ev = exchange();
    ev[2].change = (ip) => {
      ip[8] -= 3; // TTL: 3 more than the one router takes
    };
    ev[3].change = (ip) => {
      ip[1] = 0x28 << 2; // DSCP AF11 → CS5
      const ihl = (ip[0] & 15) * 4;
      ip[ihl + 20] = 0x7a; // the request's first byte
      fixTcpChecksum(ip);
    };
    ev[5].change = (ip) => {
      ip[4] = 0x12;
      ip[5] = 0x34;
    };
    const r = run(ev);
    assert.deepEqual(names(r.a.cls), ['matched', 'matched', 'modified', 'modified', 'matched', 'modified']);
    assert.deepEqual(changed(r, 3), ['ip.ttl']);
    assert.deepEqual(changed(r, 4), ['ip.dsfield.dscp', 'tcp.payload']);
    assert.deepEqual(changed(r, 6), ['ip.id']);
    const ttl = r.findings.find((f) => f.rule === 'compare.rewritten' && f.fields[0].name === 'ip.ttl')!;
    assert.deepEqual(ttl.fields, [{ name: 'ip.ttl', a: 64, b: 60 }]);
  });

  it('a checksum broken on the way is corruption, not an update', () => {
    const ev = exchange();
    ev[4].change = (ip) => {
      const ihl = (ip[0] & 15) * 4;
      ip[ihl + 16] ^= 0x5a;
    };
    const r = run(ev);
    assert.deepEqual(changed(r, 5), ['tcp.checksum']);
    const f = r.findings.find((x) => x.rule === 'compare.checksum-corrupted')!;
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.packetsA, [5]);
  });

  it('IPv6 (no IP ID): a bulk sender repeating one buffer within one TSval tick still pairs each segment with its own copy', () => {
    // iperf3 sends the same buffer again and again, many segments per millisecond: payload and TSval
    // alone say nothing. One segment never reaches B: it, and only it, is lost.
    const seg = (k: number) =>
      ipv6(
        tcp({
          sport: 40000,
          dport: 5201,
          seq: 1000 + k * 100,
          ack: 1,
          flags: ACK,
          payload: Uint8Array.from(data(100)),
          options: [1, 1, 8, 10, ...u32(777), ...u32(5)],
        }),
        {
          src: 'fd00::1',
          dst: 'fd00::2',
          nextHeader: 6,
        },
      );
    const at = (t: number, ip: Uint8Array): Frame => ({ sec: 1_700_000_000, frac: t, data: ethernet(ip, 0x86dd) });
    const a: Frame[] = [],
      b: Frame[] = [];
    for (let k = 0; k < 20; k++) {
      a.push(at(k * 10, seg(k)));
      if (k !== 7) b.push({ ...at(k * 10 + 300, seg(k)), sec: 1_700_000_004 });
    }
    const r = compareCaptures(openCaptureBytes(pcapFile(a)), openCaptureBytes(pcapFile(b)));
    assert.deepEqual(
      names(r.a.cls).map((n, k) => `${k}:${n}`),
      a.map((_, k) => `${k}:${k === 7 ? 'lostBetween' : 'matched'}`),
    );
    assert.deepEqual([...r.a.peer], [0, 1, 2, 3, 4, 5, 6, -1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('hundreds of SYN/ACKs with IP ID 0 (no socket yet) each pair with their own copy, told apart by TSval', () => {
    // Linux gives ID 0 to what it sends without a socket: in a capture of short connections thousands
    // share one identity, more than a bounded walk of equal identities can look through.
    const ev: PathEvent[] = [];
    for (let k = 0; k < 300; k++) {
      const t = k * 0.01;
      const ts = (v: number) => [1, 1, 8, 10, ...u32(v), ...u32(0)];
      ev.push({ from: 'c', flags: SYN, seq: 1000 * k, id: 100 + k, t, cport: 20000 + k, options: ts(50 + k) });
      ev.push({ from: 's', flags: SYN | ACK, seq: 7000 * k, ack: 1000 * k + 1, id: 0, t: t + 0.004, cport: 20000 + k, options: ts(9000 + k) });
    }
    const r = run(ev);
    assert.equal(r.packets.matched, 600);
    assert.equal(r.connections.length, 300);
  });

  it('an ARP frame is not forwarded; packets before the other capture started are outside the overlap', () => {
    const ev = exchange().map((e) => ({ ...e, t: e.t + 10 }));
    ev.unshift({ from: 'c', flags: SYN, seq: 77, id: 7, t: 0, only: 'up' });
    const r = run(ev, { extraA: [arpFrame(1_700_000_005)] });
    assert.deepEqual(names(r.a.cls), ['onlyOutsideOverlap', 'notForwarded', 'matched', 'matched', 'matched', 'matched', 'matched', 'matched']);
    assert.equal(r.packets.notForwarded, 1);
    assert.equal(r.packets.onlyOutsideOverlap, 1);
    assert.equal(r.findings.length, 0);
  });

  it('a port reused after the first connection, whose new SYN one capture missed: that capture has one stream where the other has two, and both connections still pair', () => {
    // Connection 2 reuses the client's port with new ISNs; its SYN never shows at B (B's index then
    // keeps one stream for the 4-tuple: the SYN/ACK only rebases it), its retransmission neither.
    const FIN = 0x01;
    const second = (t: number, cIsn: number, sIsn: number, idBase: number): PathEvent[] => [
      { from: 'c', flags: SYN, seq: cIsn, id: idBase, t, only: 'up' },
      { from: 's', flags: SYN | ACK, seq: sIsn, ack: cIsn + 1, id: 0, t: t + 0.01 },
      { from: 'c', flags: ACK, seq: cIsn + 1, ack: sIsn + 1, id: idBase + 1, t: t + 0.02 },
      { from: 'c', flags: PSH | ACK, seq: cIsn + 1, ack: sIsn + 1, payload: data(100), id: idBase + 2, t: t + 0.03 },
      { from: 's', flags: PSH | ACK, seq: sIsn + 1, ack: cIsn + 101, payload: data(300, 0x62), id: 700, t: t + 0.04 },
      { from: 'c', flags: ACK, seq: cIsn + 101, ack: sIsn + 301, id: idBase + 3, t: t + 0.05 },
    ];
    const first = [
      ...exchange(),
      { from: 'c', flags: FIN | ACK, seq: C_ISN + 101, ack: S_ISN + 301, id: 104, t: 0.06 },
      { from: 's', flags: FIN | ACK, seq: S_ISN + 301, ack: C_ISN + 102, id: 501, t: 0.07 },
      { from: 'c', flags: ACK, seq: C_ISN + 102, ack: S_ISN + 302, id: 105, t: 0.08 },
    ] as PathEvent[];
    const { a, b } = twoPoints([...first, ...second(2, 555_000, 777_000, 200)], { shift: 4.5 });
    const streams = (c: typeof a) => new Set([...c.index.stream.subarray(0, c.index.count)]);
    assert.deepEqual([streams(a).size, streams(b).size], [2, 1], 'A splits at the new SYN; B, without it, does not');
    const r = compareCaptures(a, b);
    assert.deepEqual(names(r.a.cls), [...Array(9).fill('matched'), 'lostBetween', ...Array(5).fill('matched')]);
    assert.deepEqual(names(r.b.cls), Array(14).fill('matched'));
    assert.equal(r.connections.filter((c) => c.streamA >= 0 && c.streamB >= 0).length, 2);
    assert.ok(Math.abs(r.clockOffset! - 4.5) < 1e-5, String(r.clockOffset));
  });
});
