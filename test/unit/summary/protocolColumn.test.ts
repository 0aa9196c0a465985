import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, udp } from '../helpers/packetBuilder';
import { hasTshark, tsharkFields, tsharkFieldsOfBytes } from '../helpers/tsharkFrames';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');

function protocols(cap: Capture): string[] {
  return Array.from({ length: cap.index.count }, (_, i) => packetRecord(cap, i).proto);
}

function skipWithoutTshark(ctx: Mocha.Context): void {
  if (hasTshark()) return;
  console.log('    SKIP tshark is not installed (apt-get install -y tshark): it is the oracle here');
  ctx.skip();
}

/** Frames whose Protocol column tshark names by a rule below the port or protocol number. */
function builtFrames(): Uint8Array[] {
  const igmp = (b: number[]) => ethernet(ipv4(Uint8Array.from(b), { proto: 2, src: '10.0.0.1', dst: '224.0.0.1' }), 0x0800);
  const natT = (sport: number, b: number[]) => ethernet(ipv4(udp(sport, 4500, Uint8Array.from(b)), { proto: 17 }), 0x0800);
  const pim = (b: number[]) => ethernet(ipv4(Uint8Array.from(b), { proto: 103 }), 0x0800);
  const g = [239, 1, 2, 3];
  return [
    // IGMP queries: v1 (no Max Resp Time), v2 (general, specific; 11 bytes is still v2), v3 (12 bytes or more).
    igmp([0x11, 0, 0, 0, 0, 0, 0, 0]), igmp([0x11, 100, 0, 0, 0, 0, 0, 0]), igmp([0x11, 100, 0, 0, ...g]),
    igmp([0x11, 100, 0, 0, 0, 0, 0, 0, 2, 125, 0]), igmp([0x11, 100, 0, 0, 0, 0, 0, 0, 2, 125, 0, 0]),
    // Reports and leaves of each version, IGMPv0, DVMRP and PIMv1 over IGMP, unknown types.
    igmp([0x12, 0, 0, 0, ...g]), igmp([0x16, 0, 0, 0, ...g]), igmp([0x17, 0, 0, 0, ...g]), igmp([0x22, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0, ...g]),
    igmp([0x01, 0, 0, 0, 0, 0, 0, 0]), igmp([0x13, 0, 0, 0, 0, 0, 0, 0]), igmp([0x14, 0, 0, 0, 0, 0, 0, 0]), igmp([0x30, 0, 0, 0, 0, 0, 0, 0]),
    // UDP 4500: ESP (either port), IKE after the non-ESP marker, a NAT-keepalive, a datagram too short to say.
    natT(4500, [0, 0, 1, 0, 0, 0, 0, 1, 5, 6, 7, 8, 1, 2, 3, 4]), natT(1234, [0, 0, 1, 0, 0, 0, 0, 1, 5, 6, 7, 8]),
    natT(4500, [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]), natT(4500, [0xff]), natT(4500, [0, 0, 1]),
    // PIM versions 2 and 1 directly over IP.
    pim([0x20, 0, 0, 0, 0, 0, 0, 0]), pim([0x10, 0, 0, 0, 0, 0, 0, 0]),
  ];
}

describe('Protocol column: versions and encapsulations named as tshark names them', () => {
  it('IGMP versions, DVMRP/PIMv1 over IGMP, ESP/ISAKMP/UDPENCAP on UDP 4500, PIMv2 (built frames)', function () {
    skipWithoutTshark(this);
    const file = pcapFile(builtFrames().map((data, k) => ({ sec: k, frac: 0, data })));
    const theirs = tsharkFieldsOfBytes(file, ['_ws.col.Protocol']).map((r) => r[0]);
    assert.deepEqual(protocols(openCaptureBytes(file)), theirs);
    assert.ok(theirs.includes('IGMPv3') && theirs.includes('ESP') && theirs.includes('PIMv2'));
  });

  it('public captures with IGMPv2/v3, NAT-T ESP and PIMv2 agree with tshark on those packets', async function () {
    this.timeout(60_000);
    skipWithoutTshark(this);
    const files = [
      'wireshark-wiki/SampleCaptures__myfisrtsll.cap', 'wireshark-wiki/SampleCaptures__tfp_capture.pcapng',
      'scapy/pcaps__ikev2_nat_t.pcapng', 'wireshark-wiki/SampleCaptures__http_capture.pcap',
    ];
    for (const name of files) {
      const file = path.join(PUBLIC, name);
      if (!fs.existsSync(file)) {
        console.log(`    SKIP ${name}: ${PUBLIC} does not have it`);
        continue;
      }
      const ours = protocols(await openCaptureFile(file));
      const theirs = tsharkFields(file, ['_ws.col.Protocol']).map((r) => r[0]);
      const named = /^(IGMP|ESP|ISAKMP|UDPENCAP|PIM|DVMRP)/;
      const differ = theirs.flatMap((t, k) => (named.test(t) && ours[k] !== t ? [`#${k + 1}: ours ${ours[k]} tshark ${t}`] : []));
      assert.deepEqual(differ, [], name);
      assert.ok(theirs.some((t) => named.test(t)), `${name} has such packets`);
    }
  });
});
