import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, ipv4, ipv6, tcp, u16, udp } from '../helpers/packetBuilder';
import { hasTshark, tsharkFields, tsharkFieldsOfBytes } from '../helpers/tsharkFrames';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');
const FIELDS = ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'ip.src', 'ipv6.src', 'tcp.srcport', 'udp.dstport'];

/** Ours in tshark's terms, per frame: the same columns as FIELDS. */
function oursAsTshark(cap: Capture): string[][] {
  return Array.from({ length: cap.index.count }, (_, i) => {
    const r = packetRecord(cap, i);
    const v4 = r.src?.includes('.') ? r.src : '';
    const v6 = r.src?.includes(':') ? r.src : '';
    return [r.time ?? '', String(r.len), String(r.caplen), v4, v6, String(r.tcp?.sport ?? ''), String(r.udp?.dport ?? '')];
  });
}

function skipWithoutTshark(ctx: Mocha.Context): void {
  if (hasTshark()) return;
  console.log('    SKIP tshark is not installed (apt-get install -y tshark): it is the oracle here');
  ctx.skip();
}

/** An ERF record header: 32.32 little-endian timestamp, type, flags, rlen, lctr, wlen. */
function erfHeader(sec: number, frac: number, type: number, rlen: number, wlen: number): number[] {
  const le32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
  return [...le32(frac), ...le32(sec), type, 0x04, ...u16(rlen), ...u16(0), ...u16(wlen)];
}

const payload = Array.from({ length: 24 }, (_, k) => (k * 37 + 11) & 255);
const segment = ipv4(tcp({ flags: 0x018, seq: 7, ack: 9, payload: new TextEncoder().encode('hello') }), { proto: 6, src: '192.0.2.10', dst: '198.51.100.20' });
const datagram = ethernet(ipv6(udp(5353, 4789, new Uint8Array(6)), { nextHeader: 17, src: '2001:db8::a', dst: '2001:db8::b' }), 0x86dd);

describe('capture pseudo-headers: frame lengths and times as tshark shows them', () => {
  it('fixed pseudo-headers (SunATM 4, IrDA 16, LAPD 16, SITA 5, PPP direction 1, I2C 5) are left out of frame.len and frame.cap_len', function () {
    skipWithoutTshark(this);
    // IrDA and LAPD carry a Linux cooked header whose protocol wiretap checks (ETH_P_IRDA 0x17, ETH_P_LAPD 0x30).
    const sll = (protocol: number) => [0, 4, ...payload.slice(0, 12), ...u16(protocol)];
    const pseudo: Record<number, number[]> = {
      123: payload.slice(0, 4),
      144: sll(0x17),
      177: sll(0x30),
      196: payload.slice(0, 5),
      204: [1],
      209: payload.slice(0, 5),
    };
    for (const [linkType, header] of Object.entries(pseudo)) {
      const size = header.length;
      // A whole record, one cut short by the snap length, and one holding only its pseudo-header.
      const frames = [
        { sec: 100, frac: 250_000, data: concat(header, payload.slice(0, 12)) },
        { sec: 101, frac: 0, data: concat(header, payload.slice(0, 3)), origLen: size + 40 },
        { sec: 102, frac: 0, data: Uint8Array.from(header) },
      ];
      const file = pcapFile(frames, { linkType: Number(linkType) });
      const ours = oursAsTshark(openCaptureBytes(file)).map((r) => r.slice(1, 3));
      const theirs = tsharkFieldsOfBytes(file, ['frame.len', 'frame.cap_len']);
      assert.deepEqual(ours, theirs, `link type ${linkType}`);
      assert.deepEqual(ours[0], [String(12), String(12)], `link type ${linkType}: ${size} bytes of pseudo-header`);
    }
  });

  it('ERF: header, extension headers and the Ethernet pad are left out, the time is the ERF timestamp, Ethernet and IP inside are decoded', function () {
    skipWithoutTshark(this);
    const ipRecord = concat(erfHeader(1210794479, 0x7febea60, 22, 16 + segment.length, segment.length), segment);
    // Type 2 with the "extension header follows" bit, one extension header (last: top bit clear), then offset + pad.
    const ethBody = concat([0, 0], datagram);
    const ethRecord = concat(erfHeader(1210794480, 0xffffffff, 0x82, 24 + ethBody.length, datagram.length), [0x05, 0, 0, 0, 0, 0, 0, 1], ethBody);
    // A multi-channel HDLC record: a 4-byte subheader.
    const mcRecord = concat(erfHeader(1210794481, 1, 5, 16 + 4 + 10, 10), [0, 0, 0, 1], payload.slice(0, 10));
    const file = pcapFile(
      [
        { sec: 1, frac: 2, data: ipRecord },
        { sec: 1, frac: 2, data: ethRecord },
        { sec: 1, frac: 2, data: mcRecord },
        { sec: 1, frac: 2, data: ethRecord.slice(0, 30), origLen: ethRecord.length },
      ],
      { linkType: 197 },
    );
    const cap = openCaptureBytes(file);
    const ours = oursAsTshark(cap);
    assert.deepEqual(ours, tsharkFieldsOfBytes(file, FIELDS));
    assert.equal(ours[0][0], '1210794479.499693535');
    assert.equal(ours[0][5], '51234');
    assert.equal(ours[1][4], '2001:db8::a');
  });

  it("the detail tree: the frame has tshark's lengths and the pseudo-header is a layer of its own over its bytes", () => {
    const cap = openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: Uint8Array.from(payload.slice(0, 19)) }], { linkType: 209 }));
    const [frame, pseudo] = dissectPacket(cap, 0);
    assert.equal(frame.text, 'Frame 1: 14 bytes on wire, 14 bytes captured');
    assert.equal(pseudo.text, 'I2C pseudo-header (5 bytes)');
    assert.deepEqual([pseudo.offset, pseudo.length], [0, 5]);
    assert.equal(cap.packetBytes(0).length, 19, 'the bytes pane still has every byte of the record');
    assert.equal(packetRecord(cap, 0).proto, 'I2C with Linux-specific pseudo-header');
  });

  it('public captures of these link types agree with tshark on lengths and times', async function () {
    this.timeout(60_000);
    skipWithoutTshark(this);
    const files = [
      'wireshark-wiki/Sample-Captures__ipmb.ipmb_traced.pcap',
      'wireshark-wiki/SampleCaptures__SITA-Protocols.cap',
      'wireshark-wiki/SampleCaptures__IrDA_Traffic.ntar',
      'wireshark-wiki/SampleCaptures__abis-accept-network.pcap',
      'wireshark-wiki/SampleCaptures__ppp_lcp_ipcp.pcap',
      'wireshark-wiki/SampleCaptures__infiniband.pcap',
      'tcpdump/atm-heapoverflow.pcap',
    ];
    for (const name of files) {
      const file = path.join(PUBLIC, name);
      if (!fs.existsSync(file)) {
        console.log(`    SKIP ${name}: ${PUBLIC} does not have it`);
        continue;
      }
      const ours = oursAsTshark(await openCaptureFile(file)).map((r) => r.slice(0, 3));
      assert.deepEqual(ours, tsharkFields(file, FIELDS.slice(0, 3)), name);
    }
  });
});
