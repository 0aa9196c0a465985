import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';

const ROOT = path.resolve(__dirname, '../../..');
const PUBLIC = path.resolve(ROOT, '../shared/captures/public');
const GOLDEN = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/goldens/public-packet-counts.json'), 'utf8')) as {
  tshark: string;
  counts: Record<string, number>;
};

/**
 * Files where our count differs from tshark's, each with the reason. Formats this tool does not read
 * (snoop, ERF, NetScreen, …) are listed by their reader's message; everything else must match.
 */
const DEVIATIONS: Record<string, string> = {
  'gopacket/pcapgo__tests__be__test901.pcapng':
    'a section of pcapng version 2.0: tshark stops there, we skip that section and read the next (issue 10 allows either)',
  'gopacket/pcapgo__tests__le__test901.pcapng':
    'a section of pcapng version 2.0: tshark stops there, we skip that section and read the next (issue 10 allows either)',
  'pcapng-test-generator/output_be__advanced__test102.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_le__advanced__test102.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_be__basic__test017.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_le__basic__test017.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_be__basic__test018.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_le__basic__test018.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_be__difficult__test202.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'pcapng-test-generator/output_le__difficult__test202.pcapng': 'pcapng Custom Blocks (CB/DCB): tshark 4.0 lists each as a record, they hold no packet',
  'tcpdump/brcm-tag-prepend.pcap': 'tshark 4.0 refuses the whole file (pcap network type 282 unknown); we read its records, reported by capture.undecoded',
  'tcpdump/dsa-high-vid.pcap': 'tshark 4.0 refuses the whole file (pcap network type 284 unknown); we read its records, reported by capture.undecoded',
  'tcpdump/frf16_magic_ie-oobr.pcap': 'tshark 4.0 refuses the whole file (pcap network type 182 unknown); we read its record, reported by capture.undecoded',
  'tcpdump/kday6.pcap': 'tshark 4.0 refuses the whole file (pcap network type 182 unknown); we read its records, reported by capture.undecoded',
  'tcpdump/vtp_asan-2.pcap': 'tshark 4.0 refuses the whole file (pcap network type 182 unknown); we read its record, reported by capture.undecoded',
  'tcpdump/vtp_asan-3.pcap': 'tshark 4.0 refuses the whole file (pcap network type 182 unknown); we read its record, reported by capture.undecoded',
  'wireshark-wiki/414badce315db0652fc323b7c0f18bf7__sidx.pcap':
    'tshark 4.0 refuses the whole file (pcap network type 289 unknown); we read its records, reported by capture.undecoded',
  'wireshark-wiki/a0884e575b7edb2034948fd1bb13e5fa__lls-tables-alp.pcap':
    'tshark 4.0 refuses the whole file (pcap network type 289 unknown); we read its records, reported by capture.undecoded',
  'wireshark-wiki/Development__PcapNg__pcap-ng_Wi-Fi_Bluetooth_USB_Cooked_timestamps_issue_1.ntar':
    'tshark stops at a 3-byte Bluetooth packet (too short for its pseudo-header) and calls the file damaged; the record itself is sound, we read on',
  'wireshark-wiki/SampleCaptures__BT_USB_LinCooked_Eth_80211_RT.ntar.gz':
    'a packet block names an interface its section never declared: tshark refuses the file, we keep the 4785 packets before it and say where it stopped',
  'wireshark-wiki/SampleCaptures__003transf.cap':
    'Network Instruments Observer: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__123.snoop': 'Sun snoop: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__cmp-trace.pcap.gz':
    'Sun snoop: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__ascend.trace.gz':
    'Ascend trace text: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__D-1-Anonymous-Anonymous-D-OFF-27d01m2009y-00h00m00s-0a0None.trc':
    'a vendor .trc trace: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__erf-ethernet-example.erf':
    'Endace ERF: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__l2ping.cap':
    'a non-pcap .cap: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__netlog5.cap':
    'Microsoft Network Monitor: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__ROBBIE.cap':
    'Microsoft Network Monitor: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
  'wireshark-wiki/SampleCaptures__NetScreen.txt.gz':
    'NetScreen snoop text: a capture format this tool does not read (only pcap and pcapng); it says so and analyses nothing',
};

describe(`packets read from the public captures agree with ${GOLDEN.tshark}`, () => {
  it('every file tshark reads: the same number of packets, or a listed deviation', async function () {
    this.timeout(180_000);
    if (!fs.existsSync(PUBLIC)) {
      console.log(`    SKIP public captures: ${PUBLIC} is absent`);
      this.skip();
    }
    const unexplained: string[] = [];
    const seen: string[] = [];
    let equal = 0;
    for (const [file, tshark] of Object.entries(GOLDEN.counts)) {
      const p = path.join(PUBLIC, file);
      if (!fs.existsSync(p)) continue;
      const cap = await openCaptureFile(p);
      const ours = cap.index.count;
      const why = cap.error?.message;
      cap.close();
      if (ours === tshark) {
        equal++;
        continue;
      }
      const line = `${file}: ours ${ours}, tshark ${tshark}${why ? ` (${why})` : ''}`;
      if (DEVIATIONS[file]) seen.push(file);
      else unexplained.push(line);
    }
    const total = Object.keys(GOLDEN.counts).length;
    console.log(`      ${total} files: ${equal} read alike, ${seen.length} listed deviations, ${unexplained.length} unexplained`);
    assert.deepEqual(unexplained, []);
    assert.deepEqual(
      Object.keys(DEVIATIONS).filter((f) => !seen.includes(f)),
      [],
      'a listed deviation that no longer happens is taken off the list',
    );
  });
});
