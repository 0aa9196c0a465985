import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { MemorySink } from '../../../src/core/export/byteSink';
import type { ExportFormat } from '../../../src/core/export/captureWriter';
import { ExportError } from '../../../src/core/export/captureWriter';
import { exportPackets } from '../../../src/core/export/exportPackets';
import { mergeCaptures } from '../../../src/core/export/mergeCaptures';
import { captureFieldSource, compileFilter, filterPackets } from '../../../src/core/filter/compileFilter';
import { hasTshark } from '../helpers/tsharkFrames';
import { hasMergecap, mergecapPackets, tsharkPackets } from './tsharkPackets';

const ROOT = path.resolve(__dirname, '../../..');
const FIX = path.join(ROOT, 'test/fixtures');
const PUBLIC = path.resolve(ROOT, '../shared/captures/public');

/**
 * Export and merge read back by tshark: the same frames (bytes, nanosecond times, lengths, comments)
 * as `tshark -r FILE -Y FILTER`, and as mergecap's merge.
 *
 * Deviations, not compared: pcapng Custom Blocks are not copied (tshark shows them as frames);
 * a Simple Packet Block of a later section's interface 0 becomes an EPB at time 0 (the export is
 * one section); inputs tshark cannot read to their end (a pcapng 2.0 section) are left out. Filters
 * are ones both engines evaluate alike (our `http` matches the first segment of a message, tshark's
 * the one that completes its reassembly).
 */
describe('Export and merge against tshark and mergecap', function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    if (!hasTshark()) {
      console.log('    skipped: tshark is not installed');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-export-'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  async function exported(file: string, filter: string, format: ExportFormat): Promise<string> {
    const capture = await openCaptureFile(file);
    try {
      const test = compileFilter(filter, captureFieldSource(capture));
      const packets = test ? filterPackets(test, capture.index.count) : Uint32Array.from({ length: capture.index.count }, (_, i) => i);
      const sink = new MemorySink();
      exportPackets(capture, packets, format, sink.write);
      const out = path.join(dir, `out.${format}`);
      fs.writeFileSync(out, sink.bytes());
      return out;
    } finally {
      capture.close();
    }
  }

  const cases: Array<[string, string]> = [
    [path.join(FIX, 'http-ipv4.pcap'), 'tcp.stream eq 0'],
    [path.join(FIX, 'http-ipv4.pcap'), 'udp || arp'],
    [path.join(FIX, 'loss.pcap'), 'tcp.len > 0 && ip.src == 10.77.2.2'],
    [path.join(FIX, 'http-ipv6.pcapng'), 'ipv6 && tcp.port == 80'],
    [path.join(FIX, 'span-reorder.pcap'), 'tcp.flags.syn == 1 || tcp.len > 1000'],
    [path.join(PUBLIC, 'tcpdump/tcp-handshake-nano.pcap'), 'tcp'],
    [path.join(PUBLIC, 'pcapng-test-generator/output_le__basic__test009.pcapng'), 'frame.len > 1'],
    [path.join(PUBLIC, 'pcapng-test-generator/output_be__advanced__test100.pcapng'), 'frame.len > 1'],
    [path.join(PUBLIC, 'pcapng-test-generator/output_le__basic__test010.pcapng'), 'frame.len > 1'],
  ];
  for (const [file, filter] of cases) {
    for (const format of ['pcapng', 'pcap'] as const) {
      it(`${path.basename(file)} -Y "${filter}" → ${format}`, async function () {
        if (!fs.existsSync(file)) {
          console.log(`    skipped: ${file} is absent`);
          this.skip();
        }
        const want = tsharkPackets(file, filter);
        let out: string;
        try {
          out = await exported(file, filter, format);
        } catch (e) {
          // pcap holds one link type: a multi-interface pcapng with several says so instead.
          if (format === 'pcap' && e instanceof ExportError) return;
          throw e;
        }
        assert.ok(want.frames.length > 0, 'the filter selects something');
        const got = tsharkPackets(out);
        if (format === 'pcap') {
          // pcap has no comments, and no untimed record: a Simple Packet Block's packet gets time 0.
          const strip = (rows: string[]): string[] => rows.map((r) => r.split('\t').slice(0, 3).join('\t').replace(/^\t/, '0.000000000\t'));
          assert.deepEqual(strip(got.frames), strip(want.frames));
        } else assert.deepEqual(got.frames, want.frames);
        assert.deepEqual(got.bytes, want.bytes);
      });
    }
  }

  it('keeps the interfaces and their timestamp resolution (µs stays µs, ns stays ns), and comments', async function () {
    const nano = path.join(PUBLIC, 'tcpdump/tcp-handshake-nano.pcap');
    const multi = path.join(PUBLIC, 'pcapng-test-generator/output_le__advanced__test100.pcapng');
    const commented = path.join(PUBLIC, 'pcapng-test-generator/output_le__basic__test009.pcapng');
    if (![nano, multi, commented].every((f) => fs.existsSync(f))) {
      console.log('    skipped: public captures absent');
      this.skip();
    }
    const reread = async (file: string): Promise<Capture> => openCaptureFile(await exported(file, '', 'pcapng'));
    const n = await reread(nano);
    assert.deepEqual(
      n.index.interfaces.map((f) => [f.linkType, f.tsResolution]),
      [[113, 'nanoseconds']],
    );
    n.close();
    const original = await openCaptureFile(multi);
    const m = await reread(multi);
    const shape = (c: Capture) => c.index.interfaces.map((f) => [f.linkType, f.snaplen, f.name, f.description, f.tsResolution]);
    assert.deepEqual(shape(m), shape(original));
    assert.ok(m.index.interfaces.length > 1);
    assert.deepEqual(
      Array.from({ length: m.index.count }, (_, i) => m.index.interfaceOf(i)),
      Array.from({ length: original.index.count }, (_, i) => original.index.interfaceOf(i)),
    );
    m.close();
    original.close();
    const c = await reread(commented);
    assert.ok([...c.index.comments.values()].flat().length >= 2, 'packet comments kept');
    c.close();
  });

  describe('merge', () => {
    before(function () {
      if (!hasMergecap()) {
        console.log('    skipped: mergecap is not installed');
        this.skip();
      }
    });
    const sets: string[][] = [
      [path.join(FIX, 'http-ipv4.pcap'), path.join(FIX, 'loss.pcap')],
      [path.join(FIX, 'loss.pcap'), path.join(FIX, 'sack-mangling.pcap'), path.join(FIX, 'span-reorder.pcap')],
      [path.join(FIX, 'http-ipv6.pcapng'), path.join(FIX, 'http-ipv4.pcap')],
      // The same file twice: equal timestamps, the earlier input first.
      [path.join(FIX, 'http-ipv4.pcap'), path.join(FIX, 'http-ipv4.pcap')],
      [path.join(FIX, 'capture-drops.pcap'), path.join(FIX, 'any-sll.pcap'), path.join(FIX, 'tunnel-vxlan.pcap')],
      [path.join(PUBLIC, 'tcpdump/tcp-handshake-nano.pcap'), path.join(FIX, 'http-ipv4.pcap')],
      [
        path.join(PUBLIC, 'pcapng-test-generator/output_le__basic__test006.pcapng'),
        path.join(PUBLIC, 'pcapng-test-generator/output_be__basic__test008.pcapng'),
      ],
    ];
    for (const inputs of sets) {
      it(inputs.map((f) => path.basename(f)).join(' + '), async function () {
        if (!inputs.every((f) => fs.existsSync(f))) {
          console.log('    skipped: public captures absent');
          this.skip();
        }
        const captures = await Promise.all(inputs.map((f) => openCaptureFile(f)));
        const sink = new MemorySink();
        try {
          mergeCaptures(captures, 'pcapng', sink.write);
        } finally {
          for (const c of captures) c.close();
        }
        const ours = path.join(dir, 'merged.pcapng');
        fs.writeFileSync(ours, sink.bytes());
        const want = mergecapPackets(path.join(dir, 'mergecap.pcapng'), inputs);
        const got = tsharkPackets(ours);
        assert.deepEqual(got.frames, want.frames);
        assert.deepEqual(got.bytes, want.bytes);
        // Interfaces kept apart: one per input interface.
        const merged = await openCaptureFile(ours);
        const total = (
          await Promise.all(
            inputs.map(async (f) => {
              const c = await openCaptureFile(f);
              const k = c.index.interfaces.length;
              c.close();
              return k;
            }),
          )
        ).reduce((a, b) => a + b, 0);
        assert.equal(merged.index.interfaces.length, total);
        merged.close();
      });
    }
  });
});
