import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { MemorySource } from '../../../src/core/capture/byteSource';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexSource, openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, linuxSynOptions, tcp } from '../helpers/packetBuilder';

const syn = ethernet(ipv4(tcp({ flags: 0x002, seq: 1000, options: linuxSynOptions(538477964, 0) }), { proto: 6 }), 0x0800);

describe('pcap reader', () => {
  for (const little of [true, false]) {
    for (const nanos of [false, true]) {
      it(`reads ${little ? 'little' : 'big'}-endian ${nanos ? 'nanosecond' : 'microsecond'} files with exact timestamps`, () => {
        const frac = nanos ? 123456789 : 123456;
        const cap = openCaptureBytes(pcapFile([{ sec: 1700000000, frac, data: syn }], { little, nanos }));
        assert.equal(cap.error, undefined);
        assert.equal(cap.index.count, 1);
        assert.equal(cap.index.format?.byteOrder, little ? 'little-endian' : 'big-endian');
        assert.equal(packetRecord(cap, 0).time, nanos ? '1700000000.123456789' : '1700000000.123456000');
        assert.equal(packetRecord(cap, 0).tcp?.tsval, 538477964);
      });
    }
  }

  it('reads the modified (Kuznetsov) variant with its 24-byte record headers', () => {
    const cap = openCaptureBytes(
      pcapFile(
        [
          { sec: 1, frac: 0, data: syn },
          { sec: 2, frac: 0, data: syn },
        ],
        { kuznetsov: true },
      ),
    );
    assert.equal(cap.error, undefined);
    assert.equal(cap.index.count, 2);
    assert.equal(cap.index.format?.variant, 'modified (Kuznetsov)');
    assert.equal(packetRecord(cap, 1).tcp?.sport, 51234);
  });

  it('keeps caplen < original length and still decodes the captured headers', () => {
    const cut = syn.subarray(0, 54); // Ethernet + IPv4 + the fixed TCP header; options cut off
    const cap = openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: cut, origLen: syn.length }], { snaplen: 54 }));
    const rec = packetRecord(cap, 0);
    assert.equal(rec.caplen, 54);
    assert.equal(rec.len, syn.length);
    assert.equal(rec.tcp?.sport, 51234);
    assert.equal(rec.tcp?.len, 0);
  });

  it('stops at a truncated record, keeps the packets before it and names the byte offset', () => {
    const file = pcapFile([
      { sec: 1, frac: 0, data: syn },
      { sec: 2, frac: 0, data: syn },
    ]);
    const cut = file.subarray(0, file.length - 10);
    const cap = openCaptureBytes(cut);
    assert.equal(cap.index.count, 1);
    assert.match(cap.error!.message, /Truncated record: 74 bytes announced, 64 present/);
    assert.equal(cap.error!.offset, 24 + 16 + 74);
  });

  it('stops at a truncated record header', () => {
    const file = pcapFile([{ sec: 1, frac: 0, data: syn }]);
    const cap = openCaptureBytes(Uint8Array.from([...file, 1, 2, 3]));
    assert.equal(cap.index.count, 1);
    assert.match(cap.error!.message, /Truncated record header/);
  });

  it('rejects an absurd captured length instead of allocating it', () => {
    const file = pcapFile([{ sec: 1, frac: 0, data: syn }]);
    new DataView(file.buffer).setUint32(24 + 8, 0x7fffffff, true);
    const cap = openCaptureBytes(file);
    assert.equal(cap.index.count, 0);
    assert.match(cap.error!.message, /claims 2147483647 captured bytes/);
    assert.equal(cap.error!.offset, 24);
  });

  it('reports files that are not captures, empty, or too short', () => {
    assert.match(openCaptureBytes(new TextEncoder().encode('hello world, not a capture')).error!.message, /Not a pcap or pcapng file/);
    assert.match(openCaptureBytes(new Uint8Array()).error!.message, /empty/);
    assert.match(openCaptureBytes(Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0])).error!.message, /too short/);
  });

  it('opens gzip-compressed captures by content, and a cut gzip stream yields the packets it holds', () => {
    const file = pcapFile(Array.from({ length: 50 }, (_, k) => ({ sec: k, frac: 0, data: syn })));
    const gz = gzipSync(file);
    const cap = openCaptureBytes(gz);
    assert.equal(cap.compression, 'gzip');
    assert.equal(cap.index.count, 50);
    const cut = openCaptureBytes(gz.subarray(0, Math.floor(gz.length * 0.6)));
    assert.ok(cut.index.count > 0 && cut.index.count < 50, `got ${cut.index.count}`);
    assert.ok(cut.error, 'a cut stream reports where it stopped');
  });

  it('a timestamp fraction of a second or more is carried into the seconds and flagged, and reading goes on (tshark reads such files)', () => {
    for (const nanos of [false, true]) {
      const unit = nanos ? 1e9 : 1e6;
      const cap = openCaptureBytes(
        pcapFile(
          [
            { sec: 100, frac: 5, data: syn },
            { sec: 100, frac: unit + unit / 2, data: syn },
            { sec: 103, frac: 0xffffffff, data: syn },
            { sec: 110, frac: 0, data: syn },
          ],
          { nanos },
        ),
      );
      assert.equal(cap.error, undefined, cap.error?.message);
      assert.equal(cap.index.count, 4);
      assert.deepEqual([...cap.index.sec.subarray(0, 4)], [100, 101, 103 + Math.floor(0xffffffff / unit), 110]);
      assert.equal(cap.index.nsec[1], 500_000_000);
      assert.equal(cap.index.nsec[2], (0xffffffff % unit) * (nanos ? 1 : 1000));
      const note = (i: number) => JSON.stringify(dissectPacket(cap, i)[0]).includes('Timestamp fraction out of range');
      assert.deepEqual([0, 1, 2, 3].map(note), [false, true, true, false]);
    }
  });

  it('a corrupt gzip stream keeps the packets before the damage, in memory and from a file alike', async () => {
    // Different packets, so deflate has to refer back: damage then shows as zlib errors such as
    // "invalid distance too far back" or "incorrect data check", which used to escape the engine.
    const file = pcapFile(
      Array.from({ length: 400 }, (_, k) => ({
        sec: k,
        frac: 0,
        data: ethernet(ipv4(tcp({ flags: 0x010, seq: k * 7919, ack: k * 104729 }), { proto: 6, id: k }), 0x0800),
      })),
    );
    const gz = gzipSync(file);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-gz-'));
    try {
      const messages = new Set<string>();
      for (const at of [Math.floor(gz.length * 0.3), Math.floor(gz.length * 0.6), gz.length - 6]) {
        const bad = Uint8Array.from(gz);
        bad[at] ^= 0x5a;
        const inMemory = openCaptureBytes(bad);
        assert.ok(inMemory.error, `damage at ${at} is reported`);
        assert.match(inMemory.error.message, /gzip stream is corrupt near compressed byte \d+/);
        messages.add(/\(([^)]*)\)/.exec(inMemory.error.message)![1]);
        assert.ok(inMemory.index.count > 0 && inMemory.index.count <= 400, `damage at ${at}: ${inMemory.index.count} packets kept`);
        const p = path.join(dir, `damaged-${at}.pcap.gz`);
        fs.writeFileSync(p, bad);
        const fromFile = await openCaptureFile(p);
        assert.equal(fromFile.index.count, inMemory.index.count, 'both paths keep the same packets');
        assert.equal(fromFile.error?.message, inMemory.error.message);
        fromFile.close();
      }
      assert.ok(messages.size >= 1, [...messages].join(' | '));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws or hangs on random corruption of a valid file', () => {
    const base = pcapFile(Array.from({ length: 20 }, (_, k) => ({ sec: k, frac: 0, data: syn })));
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 300; round++) {
      const copy = Uint8Array.from(base);
      for (let k = 0; k < 8; k++) copy[24 + Math.floor(rand() * (copy.length - 24))] = Math.floor(rand() * 256);
      const cap = openCaptureBytes(copy);
      for (let i = 0; i < cap.index.count; i++) packetRecord(cap, i);
    }
  });
});

describe('indexing hooks', () => {
  it('reports progress with the rows read so far and stops on request, keeping them', () => {
    const file = pcapFile(Array.from({ length: 1000 }, (_, k) => ({ sec: k, frac: 0, data: syn })));
    const seen: number[] = [];
    const index = indexSource(new MemorySource(file), {
      progressEveryPackets: 100,
      onProgress: (ix, bytes) => seen.push(ix.count, bytes),
      shouldStop: () => seen.length >= 6,
    });
    assert.deepEqual(
      seen.filter((_, k) => k % 2 === 0),
      [100, 200, 300],
    );
    assert.equal(seen[1], 24 + 100 * (16 + 74));
    assert.equal(index.count, 300);
    assert.equal(index.error?.message, 'Reading was cancelled');
    const all = indexSource(new MemorySource(file), { progressEveryPackets: 100 });
    assert.equal(all.count, 1000);
    assert.equal(all.error, undefined);
  });
});
