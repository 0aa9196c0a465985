import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { MemorySource } from '../../../src/core/capture/byteSource';
import { Capture, openCaptureBytes } from '../../../src/core/capture/openCapture';
import { reviveIndex, transferBuffers } from '../../../src/core/index/indexClone';
import { summarize } from '../../../src/core/summary/packetSummary';

const FIXTURES = path.join(__dirname, '../../fixtures');

/** The class of every object reachable from `v`, by path: what structured clone drops and reviveIndex restores. */
function classes(v: unknown, at = 'index', out = new Map<string, string>(), seen = new Set<object>()): Map<string, string> {
  if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return out;
  seen.add(v);
  out.set(at, v.constructor?.name ?? 'null-prototype');
  if (v instanceof Map) for (const [k, x] of v) classes(x, `${at}.get(${String(k)})`, out, seen);
  else if (!(v instanceof Set)) for (const [k, x] of Object.entries(v)) classes(x, `${at}.${k}`, out, seen);
  return out;
}

/** The index of `bytes` sent through structured clone with its buffers moved, as a worker would post it. */
function clonedCapture(bytes: Uint8Array): Capture {
  const built = openCaptureBytes(bytes).index;
  const clone = structuredClone(built, { transfer: transferBuffers(built) });
  // Moved, not copied: the builder's columns are gone.
  assert.equal(built.seq.length, 0);
  return new Capture(reviveIndex(clone), new MemorySource(bytes), undefined);
}

describe('a packet index moved between threads (indexClone.ts)', () => {
  const files = ['founding-tsecr.pcap', 'fragments.pcap', 'fragments-ipv6.pcap', 'http-ipv6.pcapng', 'tunnel-vxlan.pcap', 'loss.pcap', 'any-sll2.pcap'];
  for (const name of files) {
    it(`${name}: the revived clone has every class back and gives the same rows and findings`, () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
      const original = openCaptureBytes(bytes);
      const clone = clonedCapture(bytes);
      assert.deepEqual(classes(clone.index), classes(original.index));
      assert.equal(clone.index.count, original.index.count);
      for (let i = 0; i < original.index.count; i++) assert.deepEqual(summarize(clone, i), summarize(original, i), `frame ${i + 1}`);
      assert.deepEqual(analyzeCapture(clone).findings, analyzeCapture(original).findings);
    });
  }

  it('datagrams still waiting for fragments at the end of the file come back as assemblies', () => {
    // fragments.pcap cut after frame 4: the first echo request's two fragments, its last one missing.
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'fragments.pcap'))).slice(0, 24 + 2 * (16 + 42) + 2 * (16 + 1514));
    const original = openCaptureBytes(bytes);
    const clone = clonedCapture(bytes);
    const pending = classes(clone.index);
    const assemblies = [...pending].filter(([at, cls]) => at.startsWith('index.fragments.pending.get') && cls === 'DatagramAssembly');
    assert.equal(assemblies.length, 1, [...pending.keys()].join('\n'));
    assert.deepEqual(pending, classes(original.index));
  });
});
