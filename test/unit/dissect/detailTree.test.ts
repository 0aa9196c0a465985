import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { reassembledDatagram } from '../../../src/core/summary/reassembledDatagram';
import { pcapFile } from '../helpers/captureWriter';
import { FIXTURES, goldenCaptures } from '../golden/tsharkGolden';

function walk(nodes: DetailNode[], each: (n: DetailNode) => void): void {
  for (const n of nodes) {
    each(n);
    if (n.children) walk(n.children, each);
  }
}

describe('detail tree', () => {
  it('every node of every fixture packet lies within the captured bytes', async () => {
    let nodes = 0;
    for (const name of goldenCaptures()) {
      const cap = await openCaptureFile(path.join(FIXTURES, name));
      for (let i = 0; i < cap.index.count; i++) {
        const caplen = cap.index.caplen[i];
        // The layers of a reassembled datagram address its bytes, not the frame's.
        const reassembled = reassembledDatagram(cap, i)?.payload.length ?? 0;
        walk(dissectPacket(cap, i), (n) => {
          nodes++;
          const limit = n.source === 'reassembled' ? reassembled : caplen;
          assert.ok(n.offset >= 0 && n.length >= 0 && n.offset + n.length <= limit, `${name} #${i + 1} ${n.field} @${n.offset}+${n.length} > ${limit}`);
          assert.ok(n.text.length > 0, `${name} #${i + 1} ${n.field} has text`);
        });
      }
      cap.close();
    }
    assert.ok(nodes > 10000, `walked ${nodes} nodes`);
  });

  it("the tree's field values agree with the index (ports, relative seq, TS option)", async () => {
    const cap = await openCaptureFile(path.join(FIXTURES, 'founding-tsecr.pcap'));
    const synAck = [...Array(cap.index.count).keys()].find((i) => (cap.index.flags[i] & 0xfff) === 0x012)!;
    const fields = new Map<string, DetailNode>();
    walk(dissectPacket(cap, synAck), (n) => {
      if (!fields.has(n.field)) fields.set(n.field, n);
    });
    const rec = packetRecord(cap, synAck);
    assert.equal(fields.get('tcp.srcport')!.value, rec.tcp!.sport);
    assert.equal(fields.get('tcp.seq')!.value, rec.tcp!.seq);
    assert.equal(fields.get('tcp.options.timestamp.tsecr')!.value, 2174718965);
    const tsecr = fields.get('tcp.options.timestamp.tsecr')!;
    const bytes = cap.packetBytes(synAck);
    assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(tsecr.offset), 2174718965, 'its byte range holds the value');
    cap.close();
  });

  it('random bytes under every supported link type never throw', () => {
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const linkType of [0, 1, 101, 108, 113, 228, 229, 276]) {
      const frames = Array.from({ length: 200 }, (_, k) => {
        const data = Uint8Array.from({ length: Math.floor(rand() * 120) }, () => Math.floor(rand() * 256));
        // Bias towards parseable prefixes so the deeper decoders are reached.
        if (linkType === 1 && data.length > 14) {
          data[12] = k % 2 ? 0x08 : 0x86;
          data[13] = k % 2 ? 0x00 : 0xdd;
          data[14] = k % 2 ? 0x45 : 0x60;
        }
        if ((linkType === 101 || linkType === 228) && data.length > 0) data[0] = 0x45;
        return { sec: k, frac: 0, data };
      });
      const cap = openCaptureBytes(pcapFile(frames, { linkType }));
      for (let i = 0; i < cap.index.count; i++) {
        dissectPacket(cap, i);
        packetRecord(cap, i);
      }
    }
  });
});
