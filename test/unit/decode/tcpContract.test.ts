import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, tcp } from '../helpers/packetBuilder';
import { hasTshark, tsharkFields, tsharkFieldsOfBytes } from '../helpers/tsharkFrames';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');
const FIELDS = ['tcp.srcport', 'tcp.dstport', 'tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.ack_raw', 'tcp.window_size_value'];

function oursAsTshark(cap: Capture): string[][] {
  const s = (v: number | undefined) => (v === undefined ? '' : String(v));
  return Array.from({ length: cap.index.count }, (_, i) => {
    const t = packetRecord(cap, i).tcp;
    return [s(t?.sport), s(t?.dport), s(t?.stream), s(t?.seq), s(t?.ack), s(t?.ackRaw), s(t?.win)];
  });
}

function skipWithoutTshark(ctx: Mocha.Context): void {
  if (hasTshark()) return;
  console.log('    SKIP tshark is not installed (apt-get install -y tshark): it is the oracle here');
  ctx.skip();
}

const seg = (o: Parameters<typeof tcp>[0]) => ethernet(ipv4(tcp(o), { proto: 6, src: '192.0.2.1', dst: '192.0.2.2' }), 0x0800);

describe('packets --json tcp object: what tshark shows of odd segments', () => {
  it('a RST without ACK carrying a non-zero acknowledgment field: tcp.ack is the wire value', function () {
    skipWithoutTshark(this);
    const file = pcapFile([
      { sec: 1, frac: 0, data: seg({ sport: 40000, dport: 3389, flags: 0x002, seq: 1000 }) },
      { sec: 1, frac: 1, data: seg({ sport: 3389, dport: 40000, flags: 0x012, seq: 5000, ack: 1001 }) },
      { sec: 1, frac: 2, data: seg({ sport: 3389, dport: 40000, flags: 0x004, seq: 5001, ack: 1016235330 }) },
    ]);
    const ours = oursAsTshark(openCaptureBytes(file));
    assert.deepEqual(ours, tsharkFieldsOfBytes(file, FIELDS));
    assert.equal(ours[2][4], '1016235330');
  });

  it('a TCP header cut short before its 20 fixed bytes: only the ports, no stream', function () {
    skipWithoutTshark(this);
    const whole = seg({ sport: 12336, dport: 443, flags: 0x018, seq: 7, ack: 9 });
    const file = pcapFile([
      { sec: 1, frac: 0, data: whole.slice(0, 14 + 20 + 12), origLen: whole.length },
      { sec: 1, frac: 1, data: whole.slice(0, 14 + 20 + 3), origLen: whole.length },
    ]);
    const cap = openCaptureBytes(file);
    assert.deepEqual(oursAsTshark(cap), tsharkFieldsOfBytes(file, FIELDS));
    assert.deepEqual(packetRecord(cap, 0).tcp, { sport: 12336, dport: 443, cut: true });
    assert.equal(packetRecord(cap, 1).tcp, undefined, 'three bytes hold no port pair');
  });

  it('public captures: RDP-003 #435 (RST, ack not 0) and tcp_header_heapoverflow #1 (header cut at 12 bytes)', async function () {
    skipWithoutTshark(this);
    for (const name of ['wireshark-wiki/SampleCaptures__RDP-003.pcap.gz', 'tcpdump/tcp_header_heapoverflow.pcap']) {
      const file = path.join(PUBLIC, name);
      if (!fs.existsSync(file)) {
        console.log(`    SKIP ${name}: ${PUBLIC} does not have it`);
        continue;
      }
      assert.deepEqual(oursAsTshark(await openCaptureFile(file)), tsharkFields(file, FIELDS), name);
    }
  });
});
