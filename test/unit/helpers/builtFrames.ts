import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from './captureWriter';

/**
 * One frame of some link type built byte by byte, with what it must decode to: its Protocol
 * column, its IP source when it carries one (then a 2-byte TCP segment inside), its Info.
 */
export interface BuiltFrame {
  name: string;
  linkType: number;
  data: Uint8Array;
  src?: string;
  proto: string;
  info?: RegExp;
  /** It carries something no layer decodes: capture.undecoded reports it. */
  undecoded?: boolean;
}

/** A capture of `data` alone, cut to `caplen` bytes as a snap length would. */
export function oneFrame(data: Uint8Array, linkType: number, caplen = data.length): Capture {
  return openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: data.subarray(0, caplen), origLen: data.length }], { linkType }));
}

function walk(nodes: DetailNode[], visit: (n: DetailNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.children) walk(n.children, visit);
  }
}

/**
 * The checks every built frame gets (inside a `describe`): it decodes to what it says, with no
 * malformed node and (unless it says so) no capture.undecoded finding; and cut at every offset it neither throws nor
 * shows a malformed node or a field beyond the captured bytes.
 */
export function itDecodesBuiltFrames(frames: readonly BuiltFrame[]): void {
  for (const fr of frames) {
    it(`${fr.name} (link type ${fr.linkType})`, () => {
      const cap = oneFrame(fr.data, fr.linkType);
      const r = packetRecord(cap, 0);
      assert.equal(r.proto, fr.proto, r.info);
      assert.equal(r.src, fr.src);
      if (fr.src) assert.equal(r.tcp?.len, 2, 'the TCP segment inside was reached');
      if (fr.info) assert.match(r.info, fr.info);
      walk(dissectPacket(cap, 0), (n) => assert.notEqual(n.field, '_ws.malformed', n.text));
      if (!fr.undecoded)
        assert.equal(analyzeCapture(cap).findings.filter((f) => f.rule === 'capture.undecoded').length, 0, 'a decoded frame is not reported as undecoded');
    });
  }

  it('every frame cut at every offset: no throw, no malformed node, the tree stays within the captured bytes', () => {
    for (const fr of frames) {
      for (let caplen = 0; caplen <= fr.data.length; caplen++) {
        const cap = oneFrame(fr.data, fr.linkType, caplen);
        const what = `${fr.name} cut at ${caplen}`;
        assert.doesNotThrow(() => packetRecord(cap, 0), what);
        walk(dissectPacket(cap, 0), (n) => {
          assert.notEqual(n.field, '_ws.malformed', `${what}: ${n.text}`);
          assert.ok(n.offset >= 0 && n.offset + n.length <= caplen, `${what}: ${n.field} at ${n.offset}+${n.length}`);
        });
      }
    }
  });
}
