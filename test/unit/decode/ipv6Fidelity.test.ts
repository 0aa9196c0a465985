import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, icmpEcho, ipv4, ipv6, u32, udp } from '../helpers/packetBuilder';
import { hasTshark, tsharkFields, tsharkFieldsOfBytes } from '../helpers/tsharkFrames';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');
const FIELDS = ['_ws.col.Protocol', 'ip.src', 'ipv6.src', 'udp.dstport'];

function oursAsTshark(cap: Capture): string[][] {
  return Array.from({ length: cap.index.count }, (_, i) => {
    const r = packetRecord(cap, i);
    return [r.proto, r.src?.includes('.') ? r.src : '', r.src?.includes(':') ? r.src : '', String(r.udp?.dport ?? '')];
  });
}

function skipWithoutTshark(ctx: Mocha.Context): void {
  if (hasTshark()) return;
  console.log('    SKIP tshark is not installed (apt-get install -y tshark): it is the oracle here');
  ctx.skip();
}

/** An IPv6 jumbogram (RFC 2675): Payload Length 0, its length in a Hop-by-Hop Jumbo Payload option. */
function jumbogram(payload: Uint8Array, nextHeader: number): Uint8Array {
  const hbh = [nextHeader, 0, 0xc2, 4, ...u32(8 + payload.length)];
  const v6 = ipv6(payload, { nextHeader: 0, ext: hbh, src: '2001:db8::1', dst: '2001:db8::2' });
  v6[4] = 0;
  v6[5] = 0;
  return v6;
}

describe('IPv6 fidelity: jumbograms and the IPv6-only link type, as tshark reads them', () => {
  it("a jumbogram's transport is found through the Jumbo Payload option; link type 229 reads an IPv4 packet as bogus IPv6, 228 hands IPv6 on", function () {
    skipWithoutTshark(this);
    const dns = udp(5353, 53, new Uint8Array(20));
    const big = new Array<number>(65536).fill(0x5a);
    const frames = [
      { linkType: 1, data: ethernet(jumbogram(icmpEcho(128, 1, 2, big), 58), 0x86dd) },
      { linkType: 1, data: ethernet(jumbogram(udp(5353, 53, Uint8Array.from(big)), 17), 0x86dd) },
      // A Jumbo Payload option under 65,536 bytes is an error (RFC 2675 §3): no transport.
      { linkType: 1, data: ethernet(jumbogram(icmpEcho(128, 1, 2, [1, 2, 3, 4]), 58), 0x86dd) },
      { linkType: 229, data: ipv4(dns, { proto: 17, src: '192.0.2.1' }) },
      { linkType: 229, data: ipv6(dns, { nextHeader: 17, src: '2001:db8::7' }) },
      { linkType: 228, data: ipv6(dns, { nextHeader: 17, src: '2001:db8::8' }) },
    ];
    for (const { linkType, data } of frames) {
      const file = pcapFile([{ sec: 1, frac: 0, data }], { linkType });
      assert.deepEqual(
        oursAsTshark(openCaptureBytes(file)),
        tsharkFieldsOfBytes(file, FIELDS),
        `link type ${linkType}: ${Buffer.from(data.slice(0, 16)).toString('hex')}`,
      );
    }
    const jumboDns = oursAsTshark(openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: concat(frames[1].data) }])));
    assert.equal(jumboDns[0][3], '53');
  });

  it("public captures: tcpdump's jumbogram and LINKTYPE_IPV4/IPV6 files", async function () {
    skipWithoutTshark(this);
    for (const name of [
      'tcpdump/ipv6_jumbogram_1.pcap',
      'tcpdump/LINKTYPE_IPV6_invalid.pcap',
      'tcpdump/LINKTYPE_IPV4_invalid.pcap',
      'tcpdump/LINKTYPE_IPV6.pcap',
    ]) {
      const file = path.join(PUBLIC, name);
      if (!fs.existsSync(file)) {
        console.log(`    SKIP ${name}: ${PUBLIC} does not have it`);
        continue;
      }
      assert.deepEqual(oursAsTshark(await openCaptureFile(file)), tsharkFields(file, FIELDS), name);
    }
  });
});
