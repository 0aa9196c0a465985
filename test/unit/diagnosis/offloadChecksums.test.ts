import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { PacketFields } from '../../../src/core/decode/fields';
import { decodePacket } from '../../../src/core/decode/packetDecoder';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const HAVE_TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;

/**
 * http-ipv4.pcap (captured with the offloads off: every checksum good) with the TCP checksum of
 * every packet sent by `senders` replaced by what a NIC with TX checksum offload leaves there for
 * the card to finish — the pseudo-header's sum alone — as a capture on that host shows it.
 */
function withPartialChecksums(senders: string[]): Uint8Array {
  const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'http-ipv4.pcap')));
  const view = new DataView(bytes.buffer);
  assert.equal(view.getUint32(0, true), 0xa1b2c3d4, 'a little-endian µs pcap');
  const f = new PacketFields();
  for (let at = 24; at + 16 <= bytes.length;) {
    const caplen = view.getUint32(at + 8, true),
      origLen = view.getUint32(at + 12, true);
    const data = at + 16;
    decodePacket(view.getUint32(20, true), view, data, data + caplen, data + origLen, f);
    const src = [...bytes.subarray(f.srcOff, f.srcOff + 4)].join('.');
    if (f.ipProto === 6 && senders.includes(src)) {
      let sum = 6 + f.l4Len;
      for (let k = 0; k < 8; k += 2) sum += view.getUint16(f.srcOff + k);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      view.setUint16(f.l4Off + 16, sum);
    }
    at = data + caplen;
  }
  return bytes;
}

describe("capture.offload: bad checksums on one host's sent packets only", () => {
  it("offload-artefacts.pcap: the giant segments' finding adds the client's bad checksums (5 of the 6 verifiable, as tshark counts)", async () => {
    const { capture, result } = await analyzeFixture('offload-artefacts.pcap');
    capture.close();
    const found = result.findings.filter((x) => x.rule === 'capture.offload');
    assert.equal(found.length, 1);
    assert.match(found[0].explanation, /\(5 of the 6 packets of 10\.77\.0\.1 checked have a bad TCP checksum; none of the other hosts'\)/);
  });

  it('a capture on the client with TX checksum offload: said once, naming the client, with its first bad packets', function () {
    const bytes = withPartialChecksums(['10.77.0.1']);
    let tsharkBad: number[] | undefined;
    if (HAVE_TSHARK) {
      // The oracle agrees on which packets are bad.
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-csum-')), 'c.pcap');
      fs.writeFileSync(file, bytes);
      const out = spawnSync(
        'tshark',
        ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-Y', 'tcp.checksum.status == 0', '-T', 'fields', '-e', 'frame.number', '-e', 'ip.src'],
        { encoding: 'utf8' },
      );
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      const bad = out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'));
      assert.ok(bad.length >= 20 && bad.every(([, src]) => src === '10.77.0.1'), out.stdout);
      tsharkBad = bad.map(([n]) => Number(n));
    }
    const capture = openCaptureBytes(bytes);
    const found = analyzeCapture(capture).findings.filter((x) => x.rule === 'capture.offload');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'info');
    assert.equal(found[0].title, 'Bad TCP checksums only on packets sent by 10.77.0.1: checksum offload on the capturing host');
    // The first bad ones (DNS before the connection is UDP, not judged): the SYN, the ACK, the request…
    assert.deepEqual(found[0].packets, tsharkBad?.slice(0, 5) ?? [5, 7, 8, 11, 13]);
    assert.ok(found[0].packets.every((n) => packetRecord(capture, n - 1).src === '10.77.0.1'));
    assert.ok(found[0].fixes.some((x) => x.action.kind === 'command' && /tx off/.test(x.action.command)));
  });

  it('bad checksums in both directions are not offload (corruption, or a capture tool that mangles): no finding', () => {
    const bytes = withPartialChecksums(['10.77.0.1', '10.77.0.2']);
    assert.deepEqual(
      analyzeCapture(openCaptureBytes(bytes)).findings.filter((x) => x.rule === 'capture.offload'),
      [],
    );
  });

  it('good checksums everywhere: no finding', () => {
    const bytes = withPartialChecksums([]);
    assert.deepEqual(
      analyzeCapture(openCaptureBytes(bytes)).findings.filter((x) => x.rule === 'capture.offload'),
      [],
    );
  });
});
