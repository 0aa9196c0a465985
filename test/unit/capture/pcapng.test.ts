import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { concatAll, pcapngSection, rawBlock } from '../helpers/captureWriter';
import { ethernet, ipv4, ipv6, tcp, udp } from '../helpers/packetBuilder';

const frame = ethernet(ipv4(udp(5353, 53, new Uint8Array(4)), { proto: 17 }), 0x0800);
const raw6 = ipv6(tcp({ flags: 0x002 }), { nextHeader: 6 });

/** Splits a 64-bit timestamp into the EPB's high and low words. */
function ts(value: bigint): { sec: number; frac: number } {
  return { sec: Number(value >> 32n), frac: Number(value & 0xffffffffn) };
}

describe('pcapng reader', () => {
  for (const little of [true, false]) {
    it(`reads ${little ? 'little' : 'big'}-endian sections with the default microsecond resolution`, () => {
      const cap = openCaptureBytes(pcapngSection({ little, interfaces: [{ linkType: 1 }], frames: [{ ...ts(1700000000_123456n), data: frame }] }));
      assert.equal(cap.error, undefined);
      assert.equal(cap.index.format?.format, 'pcapng');
      assert.equal(packetRecord(cap, 0).time, '1700000000.123456000');
      assert.equal(packetRecord(cap, 0).udp?.dport, 53);
    });
  }

  it('honours if_tsresol in decimal (10^-9) and binary (2^-10) forms and if_tsoffset', () => {
    const cap = openCaptureBytes(
      pcapngSection({
        interfaces: [
          { linkType: 1, tsresol: 9 },
          { linkType: 1, tsresol: 0x80 | 10, tsoffset: 100n },
        ],
        frames: [
          { ...ts(1700000000_987654321n), data: frame, iface: 0 },
          { ...ts(5n * 1024n + 512n), data: frame, iface: 1 },
        ],
      }),
    );
    assert.equal(packetRecord(cap, 0).time, '1700000000.987654321');
    assert.equal(packetRecord(cap, 1).time, '105.500000000');
    assert.equal(cap.index.interfaces[0].tsResolution, 'nanoseconds');
    assert.equal(cap.index.interfaces[1].tsResolution, '2^-10 s');
  });

  it('keeps a link type per interface and restarts interface numbering in each section', () => {
    const a = pcapngSection({ interfaces: [{ linkType: 1 }], frames: [{ sec: 0, frac: 1, data: frame }] });
    const b = pcapngSection({ little: false, interfaces: [{ linkType: 101, name: 'tun0' }], frames: [{ sec: 0, frac: 2, data: raw6, iface: 0 }] });
    const cap = openCaptureBytes(concatAll([a, b]));
    assert.equal(cap.error, undefined);
    assert.equal(cap.index.format?.sections, 2);
    assert.equal(cap.index.count, 2);
    assert.equal(cap.index.linkTypeOf(1), 101);
    assert.equal(packetRecord(cap, 1).src, 'fd00::1');
    assert.equal(cap.index.interfaces[1].name, 'tun0');
  });

  it('reads Simple and obsolete Packet blocks', () => {
    const simple = openCaptureBytes(pcapngSection({ interfaces: [{ linkType: 1, snaplen: 65535 }], frames: [{ sec: 0, frac: 0, data: frame }], simple: true }));
    assert.equal(simple.error, undefined);
    assert.equal(packetRecord(simple, 0).udp?.sport, 5353);
    const old = openCaptureBytes(pcapngSection({ interfaces: [{ linkType: 1 }], frames: [{ sec: 0, frac: 7, data: frame }], obsolete: true }));
    assert.equal(old.error, undefined);
    assert.equal(packetRecord(old, 0).time, '0.000007000');
  });

  it('skips Name Resolution, Interface Statistics, custom and unknown blocks by their length', () => {
    const cap = openCaptureBytes(
      pcapngSection({
        interfaces: [{ linkType: 1 }],
        extraBlocks: [
          rawBlock(true, 4, [0, 0, 0, 0]),
          rawBlock(true, 5, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
          rawBlock(true, 0x40000bad, [1, 2, 3, 4, 5, 6, 7, 8]),
          rawBlock(true, 0x1234, [9, 9, 9, 9]),
        ],
        frames: [{ sec: 0, frac: 0, data: frame }],
      }),
    );
    assert.equal(cap.error, undefined);
    assert.equal(cap.index.count, 1);
    assert.equal(cap.index.format?.nameResolutionBlocks, 1);
    assert.equal(cap.index.format?.interfaceStatisticsBlocks, 1);
    assert.equal(cap.index.format?.skippedBlocks, 2);
  });

  it('reads section and packet comments', () => {
    const cap = openCaptureBytes(
      pcapngSection({ comment: 'incident 4711', interfaces: [{ linkType: 1 }], frames: [{ sec: 0, frac: 0, data: frame, comment: 'the bad one' }] }),
    );
    assert.deepEqual(cap.index.format?.comments, ['incident 4711']);
    assert.deepEqual(packetRecord(cap, 0).comments, ['the bad one']);
  });

  it('stops with the offset at a block whose trailing length disagrees, keeping earlier packets', () => {
    const file = pcapngSection({
      interfaces: [{ linkType: 1 }],
      frames: [
        { sec: 0, frac: 0, data: frame },
        { sec: 0, frac: 1, data: frame },
      ],
    });
    const view = new DataView(file.buffer);
    const last = file.length - 4; // trailing length of the last EPB
    view.setUint32(last, view.getUint32(last, true) + 4, true);
    const cap = openCaptureBytes(file);
    assert.equal(cap.index.count, 1);
    assert.match(cap.error!.message, /trailing length does not match/);
  });

  it('refuses a packet block for an undeclared interface and a file without a section header', () => {
    const bad = openCaptureBytes(pcapngSection({ interfaces: [{ linkType: 1 }], frames: [{ sec: 0, frac: 0, data: frame, iface: 3 }] }));
    assert.match(bad.error!.message, /undeclared interface 3/);
    const noShb = openCaptureBytes(rawBlock(true, 1, [1, 0, 0, 0, 0, 0, 0, 0]));
    assert.match(noShb.error!.message, /Not a pcap or pcapng file/);
  });

  it('reports a block length that is not a multiple of 4 instead of misreading the rest', () => {
    const file = pcapngSection({ interfaces: [{ linkType: 1 }], frames: [{ sec: 0, frac: 0, data: frame }] });
    const shbLen = new DataView(file.buffer).getUint32(4, true);
    new DataView(file.buffer).setUint32(shbLen + 4, 33, true);
    const cap = openCaptureBytes(file);
    assert.match(cap.error!.message, /invalid length 33/);
    assert.equal(cap.error!.offset, shbLen);
  });
  it("accepts an obsolete Packet Block whose length leaves out the data's padding, as Wireshark does", () => {
    const shbAndIdb = pcapngSection({ interfaces: [{ linkType: 1 }], frames: [] });
    const data = [1, 2, 3, 4, 5];
    const unpadded = 8 + 20 + data.length + 4; // 37: the writer did not count the 3 padding bytes
    const u32 = (v: number) => [v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24];
    const pb = Uint8Array.from([
      ...u32(2),
      ...u32(unpadded),
      0,
      0,
      0,
      0,
      ...u32(0),
      ...u32(1000),
      ...u32(data.length),
      ...u32(data.length),
      ...data,
      0,
      0,
      0,
      ...u32(unpadded),
    ]);
    const cap = openCaptureBytes(concatAll([shbAndIdb, pb, pb]));
    assert.equal(cap.error, undefined, cap.error?.message);
    assert.equal(cap.index.count, 2);
    assert.deepEqual([...cap.packetBytes(1)], data);
  });

  it('does not read a section of an unknown major version as if it were 1.x: a first one stops with a message, a later one is skipped', () => {
    const frame = { sec: 0, frac: 1000, data: Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x88, 0xb5, 1, 2]) };
    const good = pcapngSection({ interfaces: [{ linkType: 1 }], frames: [frame, frame] });
    const v2 = Uint8Array.from(good);
    new DataView(v2.buffer).setUint16(12, 2, true); // SHB major version (little-endian section)
    const alone = openCaptureBytes(v2);
    assert.equal(alone.index.count, 0);
    assert.match(alone.error!.message, /pcapng version 2\.0 is not supported \(only 1\.x\)/);
    const later = openCaptureBytes(concatAll([good, v2, good]));
    assert.equal(later.error, undefined, later.error?.message);
    assert.equal(later.index.count, 4, 'the packets of the two 1.0 sections, none of the 2.0 one');
    assert.equal(later.index.format!.skippedSections, 1);
    assert.equal(later.index.format!.skippedBlocks, 3, 'its interface and two packet blocks');
  });
});
