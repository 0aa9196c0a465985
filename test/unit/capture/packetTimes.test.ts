import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { captureFieldSource, compileFilter, filterPackets } from '../../../src/core/filter/compileFilter';
import { buildUdpFlows } from '../../../src/core/flows/udpConversations';
import { captureInfo } from '../../../src/core/summary/captureInfo';
import { packetLine } from '../../../src/core/summary/packetLine';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { NO_TIMESTAMP, RowBuilder } from '../../../src/extension/worker/packetRows';
import { pcapngSection } from '../helpers/captureWriter';
import { ethernet, ipv4, tcp, udp } from '../helpers/packetBuilder';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');
const frame = ethernet(ipv4(udp(5353, 53, new Uint8Array(4)), { proto: 17 }), 0x0800);

/** A 64-bit pcapng timestamp as the EPB's high and low words. */
function ts(value: bigint): { sec: number; frac: number } {
  return { sec: Number(value >> 32n), frac: Number(value & 0xffffffffn) };
}

function frames(cap: Capture, filter: string): number[] {
  return Array.from(filterPackets(compileFilter(filter, captureFieldSource(cap))!, cap.index.count), (i) => i + 1);
}

function fieldsOf(nodes: DetailNode[]): string[] {
  const out: string[] = [];
  const walk = (ns: DetailNode[]) => {
    for (const n of ns) {
      out.push(n.field);
      if (n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** tshark 4.0.17 `-T fields -e frame.time_epoch -e frame.time_relative` and capinfos, kept as the oracle. */
describe('packet times (pcapng Simple Packet Blocks, timestamps past 2106)', () => {
  describe('a Simple Packet Block has no timestamp (pcapng §4.4)', () => {
    // SPB, EPB at 1000.5 s, SPB, EPB at 1002 s (microsecond resolution).
    const cap = openCaptureBytes(
      pcapngSection({
        interfaces: [{ linkType: 1 }],
        frames: [
          { sec: 0, frac: 0, data: frame, simple: true },
          { ...ts(1000_500000n), data: frame },
          { sec: 0, frac: 0, data: frame, simple: true },
          { ...ts(1002_000000n), data: frame },
        ],
      }),
    );

    it('packets --json: time is null, not 1970', () => {
      // tshark: frame.time_epoch empty for 1 and 3, 1000.500000000 and 1002.000000000 for 2 and 4.
      assert.deepEqual(
        [0, 1, 2, 3].map((i) => packetRecord(cap, i).time),
        [null, '1000.500000000', null, '1002.000000000'],
      );
    });

    it('relative times count from the first packet that has a timestamp, and a packet without one shows none', () => {
      // tshark 4.0 prints the SPBs' Time blank, as we do, but counts frame.time_relative from frame 1's
      // missing time, i.e. from 1970 (1000.5 and 1002.0): a deviation on purpose, 0 and 1.5 are the answer.
      const times = [0, 1, 2, 3].map((i) => packetLine(cap, i).slice(2, 15).trim());
      assert.deepEqual(times, ['', '0.000000000', '', '1.500000000']);
      assert.deepEqual(frames(cap, 'frame.time_relative == 1.5'), [4]);
      assert.deepEqual(frames(cap, 'frame.time_relative >= 0'), [2, 4]);
    });

    it('info: first, last and duration over the timed packets; the untimed ones counted apart', () => {
      // capinfos 4.0 gives no first/last/duration at all once one packet has no timestamp; we give
      // them over the packets that have one and say how many have none.
      const info = captureInfo(cap);
      assert.equal(info.first, '1000.500000000');
      assert.equal(info.last, '1002.000000000');
      assert.equal(info.duration, '1.500000000');
      assert.equal(info.untimedPackets, 2);
      const none = captureInfo(openCaptureBytes(pcapngSection({ interfaces: [{ linkType: 1 }], frames: [{ sec: 0, frac: 0, data: frame }], simple: true })));
      assert.equal(none.first, undefined);
      assert.equal(none.duration, undefined);
      assert.equal(none.untimedPackets, 1);
    });

    it('filters: an untimed packet has no frame.time_epoch (as in tshark)', () => {
      assert.deepEqual(frames(cap, 'frame.time_epoch'), [2, 4]);
      assert.deepEqual(frames(cap, '!frame.time_epoch'), [1, 3]);
      assert.deepEqual(frames(cap, 'frame.time_epoch < 1001'), [2]);
    });

    it('the detail tree says there is no timestamp instead of an epoch time', () => {
      const spb = fieldsOf(dissectPacket(cap, 0));
      assert.ok(spb.includes('frame.time_missing'));
      assert.ok(!spb.includes('frame.time_epoch'));
      assert.ok(fieldsOf(dissectPacket(cap, 1)).includes('frame.time_epoch'));
    });

    it('the Time column says so, and a delta skips the untimed rows above', () => {
      const rows = new RowBuilder(cap).rows(undefined, 0, 4);
      assert.deepEqual(
        rows.map((r) => r.rel),
        [NO_TIMESTAMP, '0.000000', NO_TIMESTAMP, '1.500000'],
      );
      assert.deepEqual(
        rows.map((r) => r.abs),
        [NO_TIMESTAMP, '1970-01-01 00:16:40.500000', NO_TIMESTAMP, '1970-01-01 00:16:42.000000'],
      );
      assert.deepEqual(
        rows.map((r) => r.delta),
        [NO_TIMESTAMP, '0.000000', NO_TIMESTAMP, '1.500000'],
      );
    });

    it('TCP analysis, flows and findings never compute with a missing time (no NaN, no 1970)', () => {
      // SYN at 1000.5 s, SYN/ACK as an SPB, ACK at 1000.6 s, the client's RST as an SPB.
      const c2s = (t: Uint8Array) => ethernet(ipv4(t, { proto: 6 }), 0x0800);
      const s2c = (t: Uint8Array) => ethernet(ipv4(t, { proto: 6, src: '10.0.0.2', dst: '10.0.0.1' }), 0x0800);
      const tcpCap = openCaptureBytes(
        pcapngSection({
          interfaces: [{ linkType: 1 }],
          frames: [
            { ...ts(1000_500000n), data: c2s(tcp({ flags: 0x002, seq: 100 })) },
            { sec: 0, frac: 0, data: s2c(tcp({ flags: 0x012, sport: 80, dport: 51234, seq: 500, ack: 101 })), simple: true },
            { ...ts(1000_600000n), data: c2s(tcp({ flags: 0x010, seq: 101, ack: 501 })) },
            { sec: 0, frac: 0, data: c2s(tcp({ flags: 0x004, seq: 101, ack: 501 })), simple: true },
          ],
        }),
      );
      const result = analyzeCapture(tcpCap);
      const flow = result.flows.find((f) => f.transport === 'tcp')!;
      assert.equal(flow.start, '1000.500000000');
      assert.equal(flow.duration, 0.1);
      assert.equal(flow.irtt, 0.1);
      assert.deepEqual(
        flow.handshake?.synAcks.map((s) => s.at),
        [0],
        "the untimed SYN/ACK keeps the SYN's time",
      );
      const text = JSON.stringify({ flows: result.flows, findings: result.findings });
      assert.doesNotMatch(text, /NaN|null/);
      const halfOpen = result.findings.find((f) => f.rule === 'tcp.rst.half-open');
      assert.match(JSON.stringify(halfOpen), /silent on for \? s/);
    });

    it("a conversation's start and duration leave the untimed packets out", () => {
      const [flow] = buildUdpFlows(cap);
      assert.equal(flow.packets.client + flow.packets.server, 4);
      assert.equal(flow.start, '1000.500000000');
      assert.equal(flow.duration, 1.5);
    });
  });

  describe('pcapng timestamps are 64 bits: no clamp at 2^32 − 1 s (2106-02-07 06:28:15 UTC)', () => {
    // 4294967295.5 s, 4294967296.25 s, exactly 4294967295 s (the column's own maximum).
    const cap = openCaptureBytes(
      pcapngSection({
        interfaces: [{ linkType: 1 }],
        frames: [
          { ...ts(4294967295_500000n), data: frame },
          { ...ts(4294967296_250000n), data: frame },
          { ...ts(4294967295_000000n), data: frame },
        ],
      }),
    );

    it('epoch, relative time and info agree with tshark and capinfos', () => {
      // tshark: 4294967295.500000000 / 4294967296.250000000 / 4294967295.000000000, relative 0 / 0.75 / -0.5.
      assert.deepEqual(
        [0, 1, 2].map((i) => packetRecord(cap, i).time),
        ['4294967295.500000000', '4294967296.250000000', '4294967295.000000000'],
      );
      assert.deepEqual(
        [0, 1, 2].map((i) => packetLine(cap, i).slice(2, 15).trim()),
        ['0.000000000', '0.750000000', '-0.500000000'],
      );
      // capinfos: first 2106-02-07 06:28:15.000000, last 2106-02-07 06:28:16.250000, duration 1.250000 s.
      const info = captureInfo(cap);
      assert.equal(info.firstIso, '2106-02-07T06:28:15.000000000Z');
      assert.equal(info.lastIso, '2106-02-07T06:28:16.250000000Z');
      assert.equal(info.duration, '1.250000000');
      assert.deepEqual(frames(cap, 'frame.time_epoch > 4294967296'), [2]);
      assert.deepEqual(frames(cap, 'frame.time_relative < 0'), [3]);
    });

    it('the largest nanosecond timestamp (2^64 − 1 ns, in 2554) keeps every digit', () => {
      const big = openCaptureBytes(pcapngSection({ interfaces: [{ linkType: 1, tsresol: 9 }], frames: [{ sec: 0xffffffff, frac: 0xffffffff, data: frame }] }));
      // tshark: 18446744073.709551615, "Jul 21, 2554 23:34:33.709551615 UTC".
      assert.equal(packetRecord(big, 0).time, '18446744073.709551615');
      assert.equal(captureInfo(big).firstIso, '2554-07-21T23:34:33.709551615Z');
      const tree = dissectPacket(big, 0)[0].children!.find((n) => n.field === 'frame.time_epoch')!;
      assert.equal(tree.text, 'Epoch Time: 18446744073.709551615 seconds');
    });

    it('a negative if_tsoffset reaches before 1970 instead of being clamped to 0', () => {
      // if_tsoffset −10 s, timestamps 5.25 s and 20 s: −4.75 s and 10 s. tshark 4.0 agrees on the date
      // (Dec 31, 1969 23:59:55.25) and the relative time (14.75) but prints frame.time_epoch as
      // "-5.250000000" (the whole seconds and the positive fraction side by side); we print the value.
      const neg = openCaptureBytes(
        pcapngSection({
          interfaces: [{ linkType: 1, tsoffset: -10n }],
          frames: [
            { ...ts(5_250000n), data: frame },
            { ...ts(20_000000n), data: frame },
          ],
        }),
      );
      assert.equal(packetRecord(neg, 0).time, '-4.750000000');
      assert.equal(captureInfo(neg).firstIso, '1969-12-31T23:59:55.250000000Z');
      assert.equal(captureInfo(neg).duration, '14.750000000');
    });

    it("tcpdump's time_2107.pcapng (public test suite) reads 2107, as tshark and capinfos do", async function () {
      const file = path.join(PUBLIC, 'tcpdump/time_2107.pcapng');
      if (!fs.existsSync(file)) {
        console.log(`    SKIP ${file} is absent`);
        this.skip();
      }
      const c = await openCaptureFile(file);
      try {
        // tshark: frame.time_epoch 4323283200.000000000, relative 0; capinfos: 2107-01-01 00:00:00.000000, 0 s.
        assert.equal(packetRecord(c, 0).time, '4323283200.000000000');
        assert.equal(captureInfo(c).firstIso, '2107-01-01T00:00:00.000000000Z');
        assert.equal(captureInfo(c).duration, '0.000000000');
        assert.deepEqual(frames(c, 'frame.time_epoch == 4323283200'), [1]);
      } finally {
        c.close();
      }
    });
  });

  describe('public pcapng-test-generator captures with Simple Packet Blocks, field by field against tshark 4.0', () => {
    // frame.time_epoch per frame ('' = none) from tshark; relative times where tshark counts from a
    // first packet without timestamp differ by design (see above) and are stated as ours.
    const CASES: Record<string, { epoch: string[]; relative: string[] }> = {
      basic__test010: { epoch: ['', '', '', ''], relative: ['', '', '', ''] },
      // tshark relative: '', 1340954905.298858000, '', 1340954905.300858000 (counted from 1970).
      basic__test011: { epoch: ['', '1340954905.298858000', '', '1340954905.300858000'], relative: ['', '0.000000000', '', '0.002000000'] },
      // First packet is an EPB: tshark relative 0, 0, '', 0.003 — the same as ours.
      advanced__test101: {
        epoch: ['1340954905.298858000', '1340954905.298858000', '', '1340954905.301858000'],
        relative: ['0.000000000', '0.000000000', '', '0.003000000'],
      },
    };
    for (const [name, want] of Object.entries(CASES)) {
      for (const order of ['le', 'be']) {
        it(`${order} ${name}`, async function () {
          const file = path.join(PUBLIC, `pcapng-test-generator/output_${order}__${name}.pcapng`);
          if (!fs.existsSync(file)) {
            console.log(`    SKIP ${file} is absent`);
            this.skip();
          }
          const c = await openCaptureFile(file);
          try {
            const n = c.index.count;
            assert.deepEqual(
              Array.from({ length: n }, (_, i) => packetRecord(c, i).time ?? ''),
              want.epoch,
            );
            assert.deepEqual(
              Array.from({ length: n }, (_, i) => packetLine(c, i).slice(2, 15).trim()),
              want.relative,
            );
          } finally {
            c.close();
          }
        });
      }
    }
  });
});
