import { strict as assert } from 'node:assert';
import { EthernetPairs } from '../../../src/core/stats/ethernetPairs';

/** Two MACs at offsets 0 (src) and 6 (dst) of a 12-byte view. */
function macs(src: number, dst: number): DataView {
  const b = new Uint8Array(12);
  b[5] = src;
  b[11] = dst;
  return new DataView(b.buffer);
}

describe("EthernetPairs: each frame's MAC pair without a column", () => {
  it('keeps one pair per stream direction and the frames that differ from it (a path change, no stream)', () => {
    const e = new EthernetPairs();
    e.note(0, macs(1, 2), 0, 6, false, 0, 0);
    e.note(1, macs(2, 1), 0, 6, false, 0, 1);
    e.note(2, macs(1, 2), 0, 6, false, 0, 0);
    e.note(3, macs(3, 2), 0, 6, false, 0, 0); // a new router on the path: differs from its direction's pair
    e.note(4, macs(1, 2), 0, 6, true, 0, 0); // UDP stream 0 is another stream than TCP stream 0
    e.note(5, macs(4, 5), 0, 6, false, -1, 0); // no stream (ICMP, ARP)
    const text = (i: number, udp: boolean, stream: number, dir: number) => {
      const p = e.pairOf(i, udp, stream, dir);
      return `${e.macText(e.sourceOf(p))}>${e.macText(e.destinationOf(p))}`;
    };
    assert.equal(text(0, false, 0, 0), '00:00:00:00:00:01>00:00:00:00:00:02');
    assert.equal(text(1, false, 0, 1), '00:00:00:00:00:02>00:00:00:00:00:01');
    assert.equal(text(2, false, 0, 0), '00:00:00:00:00:01>00:00:00:00:00:02');
    assert.equal(text(3, false, 0, 0), '00:00:00:00:00:03>00:00:00:00:00:02');
    assert.equal(text(4, true, 0, 0), '00:00:00:00:00:01>00:00:00:00:00:02');
    assert.equal(text(5, false, -1, 0), '00:00:00:00:00:04>00:00:00:00:00:05');
    assert.equal(e.exceptions.size, 2);
    assert.equal(e.pairOf(6, false, -1, 0), 0, 'a frame without Ethernet header has no pair');
  });
});
