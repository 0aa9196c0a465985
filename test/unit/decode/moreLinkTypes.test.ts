import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import type { BuiltFrame } from '../helpers/builtFrames';
import { itDecodesBuiltFrames, oneFrame } from '../helpers/builtFrames';
import { concat, ethernet, ipv4, ipv6, tcp, u16, u32 } from '../helpers/packetBuilder';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');
const HAVE_TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;

const seg = tcp({ flags: 0x018, seq: 5, ack: 9, payload: new TextEncoder().encode('hi') });
const v4 = ipv4(seg, { proto: 6, src: '192.0.2.1', dst: '198.51.100.7' });
const v6 = ipv6(seg, { nextHeader: 6, src: '2001:db8::1', dst: '2001:db8::2' });
const snapIp = (ip: Uint8Array, type = 0x0800) => concat([0xaa, 0xaa, 0x03, 0, 0, 0], u16(type), ip);
const mac = (k: number) => [2, 0, 0, 0, 0, k];

/** One frame of each link type, built byte by byte, with what it must decode to. */
const FRAMES: BuiltFrame[] = [
  { name: 'FDDI LLC/SNAP IPv4', linkType: 10, data: concat([0x50], mac(2), mac(1), snapIp(v4)), src: '192.0.2.1', proto: 'TCP' },
  { name: 'FDDI SMT frame', linkType: 10, data: concat([0x41], mac(2), mac(1), new Uint8Array(20)), proto: 'FDDI', info: /^SMT frame/ },
  {
    name: 'Token Ring with source routing, LLC/SNAP IPv6',
    linkType: 6,
    data: concat([0x10, 0x40], mac(2), [0x82, 0, 0, 0, 0, 1], [0x06, 0x80, 0x12, 0x34, 0x56, 0x70], snapIp(v6, 0x86dd)),
    src: '2001:db8::1',
    proto: 'TCP',
  },
  { name: 'PPP in HDLC framing', linkType: 9, data: concat([0xff, 0x03], u16(0x0021), v4), src: '192.0.2.1', proto: 'TCP' },
  { name: 'PPP, protocol field compressed (RFC 1661 §6.5)', linkType: 50, data: concat([0x21], v4), src: '192.0.2.1', proto: 'TCP' },
  { name: 'PPP IPv6', linkType: 9, data: concat(u16(0x0057), v6), src: '2001:db8::1', proto: 'TCP' },
  { name: 'PPP LCP Echo Request', linkType: 9, data: concat([0xff, 0x03], u16(0xc021), [9, 1, 0, 8, 0, 0, 0, 0]), proto: 'PPP LCP', info: /^Echo Request$/ },
  {
    name: 'PPP with direction, IPCP',
    linkType: 204,
    data: concat([1, 0xff, 0x03], u16(0x8021), [1, 1, 0, 4]),
    proto: 'PPP IPCP',
    info: /^Configuration Request$/,
  },
  { name: 'Cisco HDLC in a PPP-serial capture', linkType: 50, data: concat([0x0f, 0], u16(0x0800), v4), src: '192.0.2.1', proto: 'TCP' },
  {
    name: 'PPPoE session in Ethernet, padded',
    linkType: 1,
    data: ethernet(concat([0x11, 0, 0, 1], u16(v4.length + 2), u16(0x0021), v4, new Uint8Array(6)), 0x8864),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  { name: 'PPPoE discovery PADI', linkType: 1, data: ethernet(concat([0x11, 0x09, 0, 0], u16(4), u16(0x0101), u16(0)), 0x8863), proto: 'PPPoED', info: /PADI/ },
  { name: 'Cisco HDLC IPv6', linkType: 104, data: concat([0x8f, 0], u16(0x86dd), v6), src: '2001:db8::1', proto: 'TCP' },
  {
    name: 'Cisco HDLC SLARP keepalive',
    linkType: 104,
    data: concat([0x8f, 0], u16(0x8035), u32(2), u32(7), u32(6), u16(0xffff)),
    proto: 'SLARP',
    info: /^Line keepalive, outgoing sequence 7, returned sequence 6$/,
  },
  { name: 'Frame Relay RFC 2427 IPv4', linkType: 107, data: concat([0x18, 0x41, 0x03, 0xcc], v4), src: '192.0.2.1', proto: 'TCP' },
  {
    name: 'Frame Relay RFC 2427 SNAP IPv6 with pad',
    linkType: 107,
    data: concat([0x18, 0x41, 0x03, 0x00, 0x80, 0, 0, 0], u16(0x86dd), v6),
    src: '2001:db8::1',
    proto: 'TCP',
  },
  { name: 'Frame Relay Cisco encapsulation', linkType: 107, data: concat([0x18, 0x41], u16(0x0800), v4), src: '192.0.2.1', proto: 'TCP' },
  { name: 'IPoIB', linkType: 242, data: concat(new Uint8Array(40), u16(0x0800), u16(0), v4), src: '192.0.2.1', proto: 'TCP' },
  {
    name: 'NFLOG (little-endian TLVs): prefix, uid, payload',
    linkType: 239,
    data: concat(
      [2, 0],
      u16(0),
      [8, 0, 1, 0],
      u16(0x0800),
      [3, 0],
      [12, 0, 10, 0],
      [...'drop'].map((c) => c.charCodeAt(0)),
      [0, 0, 0, 0],
      [8, 0, 11, 0],
      u32(1000),
      [4 + v4.length, 0, 9, 0],
      v4,
    ),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  {
    // Radiotap with TSFT + Flags (FCS at end), a 4-address QoS data frame with a Mesh Control (one extra address), LLC/SNAP, IPv4.
    name: 'radiotap (FCS) + 802.11 QoS data, WDS/mesh, LLC/SNAP',
    linkType: 127,
    data: concat(
      [0, 0],
      [20, 0],
      [3, 0, 0, 0],
      new Uint8Array(8),
      [0x10],
      new Uint8Array(3),
      [0x88, 0x03, 0, 0],
      mac(1),
      mac(2),
      mac(3),
      [0x10, 0x00],
      mac(4),
      [0x00, 0x01],
      [0x01, 5, 1, 0, 0, 0],
      mac(9),
      snapIp(v4),
      [0xde, 0xad, 0xbe, 0xef],
    ),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  {
    name: '802.11 beacon',
    linkType: 105,
    data: concat(
      [0x80, 0, 0, 0],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      mac(1),
      mac(1),
      [0x10, 0x3e],
      new Uint8Array(8),
      [100, 0],
      [0x01, 0x04],
      [0, 4],
      [...'Lab1'].map((c) => c.charCodeAt(0)),
    ),
    proto: '802.11',
    info: /^Beacon frame, SN=993, FN=0, Flags=\.{8}, BI=100, SSID="Lab1"$/,
  },
  {
    name: '802.11 protected data',
    linkType: 105,
    data: concat([0x08, 0x41, 0, 0], mac(1), mac(2), mac(3), [0x20, 0], new Uint8Array(40)),
    proto: '802.11',
    info: /^Data, SN=2, FN=0, Flags=\.p\.\.\.\.\.T$/,
  },
  { name: '802.11 ACK', linkType: 105, data: concat([0xd4, 0, 0, 0], mac(1)), proto: '802.11', info: /^Acknowledgement, Flags=\.{8}$/ },
  {
    name: 'AVS + 802.11 data',
    linkType: 163,
    data: concat(u32(0x80211001), u32(64), new Uint8Array(56), [0x08, 0x02, 0, 0], mac(1), mac(2), mac(3), [0, 0], snapIp(v4)),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  {
    name: 'Prism + 802.11 data',
    linkType: 119,
    data: concat(u32(0x41000000), [144, 0, 0, 0], new Uint8Array(136), [0x08, 0x01, 0, 0], mac(1), mac(2), mac(3), [0, 0], snapIp(v4)),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  { name: 'ATM RFC 1483 LLC/SNAP', linkType: 100, data: snapIp(v4), src: '192.0.2.1', proto: 'TCP' },
  { name: 'PPI + Ethernet', linkType: 192, data: concat([0, 0, 8, 0, 1, 0, 0, 0], ethernet(v4, 0x0800)), src: '192.0.2.1', proto: 'TCP' },
  {
    name: '802.3 + LLC STP',
    linkType: 1,
    data: concat(
      [1, 0x80, 0xc2, 0, 0, 0],
      mac(1),
      [0, 38],
      [0x42, 0x42, 3, 0, 0, 0, 0, 0, 0x80, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0x80, 0, 2, 0, 0, 0, 0, 1, 0x80, 1, 0, 0, 0x14, 0, 2, 0, 0x0f, 0],
    ),
    proto: 'STP',
    info: /^Conf\. Root = 32768\/0\/02:00:00:00:00:01 {2}Cost = 4 {2}Port = 0x8001$/,
  },
];

describe('more link types: built frames', () => {
  itDecodesBuiltFrames(FRAMES);

  it('the radiotap FCS is not read as payload, and the tree names the mesh control and the trailing FCS flag', () => {
    const fr = FRAMES.find((x) => x.linkType === 127)!;
    const cap = oneFrame(fr.data, 127);
    const text = JSON.stringify(dissectPacket(cap, 0));
    assert.match(text, /Mesh Control: flags 0x01, TTL 5/);
    assert.match(text, /frame includes FCS/);
    assert.equal(packetRecord(cap, 0).tcp?.len, 2);
  });

  it('NFLOG shows its prefix and uid in the tree', () => {
    const cap = oneFrame(FRAMES.find((x) => x.linkType === 239)!.data, 239);
    const text = JSON.stringify(dissectPacket(cap, 0));
    assert.match(text, /Linux Netfilter NFLOG, prefix \\"drop\\"/);
    assert.match(text, /UID: 1000/);
    assert.match(text, /Netfilter hook: LOCAL_OUT \(3\)/);
  });

  it('an unknown link type stays "Unknown link type N"; DLT_USER keeps Wireshark\'s name', () => {
    assert.equal(packetRecord(oneFrame(Uint8Array.from([1, 2, 3]), 4000), 0).proto, 'Unknown link type 4000');
    assert.equal(packetRecord(oneFrame(Uint8Array.from([1, 2, 3]), 150), 0).proto, 'USER 3');
  });

  it('an unknown ethertype inside SNAP is still reported as undecoded, by its ethertype', () => {
    const cap = oneFrame(concat([0x08, 0x02, 0, 0], mac(1), mac(2), mac(3), [0, 0], [0xaa, 0xaa, 3, 0, 0, 0], u16(0x88b5), new Uint8Array(10)), 105);
    const found = analyzeCapture(cap).findings.filter((f) => f.rule === 'capture.undecoded');
    assert.deepEqual(
      found.map((f) => f.title),
      ['1 of 1 packets could not be decoded beyond the link layer (ethertype Unknown (0x88b5) not supported)'],
    );
  });
});

/**
 * FDDI: the example is a trace with 1,333 TCP connections of which we reported none. That
 * trace is not among the public captures here, so an FDDI capture of 40 connections is built
 * (LLC/SNAP, as FDDI carries IP) and its connection count compared with tshark's on the same file.
 */
describe('FDDI: TCP connections as tshark counts them', () => {
  it("40 connections in an FDDI capture: our TCP conversations = tshark's tcp.stream count", function () {
    if (!HAVE_TSHARK) {
      console.log('      SKIP tshark is not installed');
      this.skip();
    }
    const frames = [];
    for (let k = 0; k < 40; k++) {
      for (const [flags, seq, ack, a, b] of [
        [0x002, 100, 0, 1, 2],
        [0x012, 500, 101, 2, 1],
        [0x010, 101, 501, 1, 2],
      ] as const) {
        const t = tcp({ flags, seq, ack, sport: a === 1 ? 40000 + k : 80, dport: a === 1 ? 80 : 40000 + k });
        const ip = ipv4(t, { proto: 6, src: `10.0.0.${a}`, dst: `10.0.0.${b}` });
        frames.push({ sec: 1 + k, frac: frames.length, data: concat([0x50], mac(b), mac(a), snapIp(ip)) });
      }
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-fddi-')), 'fddi.pcap');
    fs.writeFileSync(file, pcapFile(frames, { linkType: 10 }));
    try {
      const t = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.stream'], { encoding: 'utf8' });
      const tsharkStreams = new Set(t.stdout.split('\n').filter(Boolean)).size;
      assert.equal(tsharkStreams, 40);
      const cap = openCaptureBytes(fs.readFileSync(file));
      const flows = analyzeCapture(cap).flows.filter((f) => f.transport === 'tcp');
      assert.equal(flows.length, tsharkStreams);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

/**
 * Real captures of each link type (public folder), field by field against tshark: IP addresses,
 * TCP/UDP ports, the number of TCP streams, and the Protocol column of frames we decode only at
 * the link layer (802.11 management, PPP LCP, SLARP, EAPOL…). Application protocols we do not
 * decode (SSH, CUPS, EIGRP…) are outside this comparison.
 */
const PUBLIC_FILES = [
  'wireshark-wiki/SampleCaptures__ppp_lcp_ipcp.pcap',
  'tcpdump/hdlc_slarp.pcapng',
  'tcpdump/chdlc-slarp-short.pcap',
  'wireshark-wiki/SampleCaptures__R0_to_R1.cap',
  'wireshark-wiki/SampleCaptures__dssetup_DsRoleGetPrimaryDomainInformation_ad_dc.cap',
  'wireshark-wiki/SampleCaptures__rpl_sample.cap.gz',
  'wireshark-wiki/SampleCaptures__wpa-Induction.pcap.gz',
  'wireshark-wiki/SampleCaptures__wpa2.eapol.cap',
  'wireshark-wiki/SampleCaptures__mesh1.pcap',
  'wireshark-wiki/e8cebabd278b76e3bc9edbd484c4d293__http_PPI.cap',
  'wireshark-wiki/SampleCaptures__testing.cap',
  'tcpdump/nflog.pcap',
  'wireshark-wiki/SampleCaptures__nflog.pcap',
  'wireshark-wiki/SampleCaptures__nflog-ebtables.pcapng',
  'tcpdump/ipoib.pcap',
  'tcpdump/OSPFv3_multipoint_adjacencies.pcap',
  'tcpdump/llc-xid-heapoverflow.pcap',
  'tcpdump/UDLD.pcap',
];
/** Link-level Protocol columns where Wireshark names more than we decode; each with its reason. */
const PROTOCOL_DEVIATIONS: Record<string, string> = {
  ARP: 'mesh1.pcap frames Wireshark decodes by guessing a pre-standard mesh header where no QoS bit says so and the body is not LLC',
};

describe('more link types: real captures agree with tshark', function () {
  this.timeout(120_000);
  for (const name of PUBLIC_FILES) {
    it(name, async function () {
      const file = path.join(PUBLIC, name);
      if (!fs.existsSync(file)) {
        console.log(`      SKIP ${file} is absent`);
        this.skip();
      }
      if (!HAVE_TSHARK) {
        console.log('      SKIP tshark is not installed');
        this.skip();
      }
      const fields = [
        'ip.src',
        'ip.dst',
        'ipv6.src',
        'ipv6.dst',
        'tcp.srcport',
        'tcp.dstport',
        'udp.srcport',
        'udp.dstport',
        'tcp.stream',
        '_ws.col.Protocol',
        'icmp.type',
        'icmpv6.type',
      ];
      const out = spawnSync('tshark', ['-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const rows = out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'));
      const cap = await openCaptureFile(file);
      try {
        assert.equal(cap.index.count, rows.length);
        const bad: string[] = [];
        const ours = new Set<number>(),
          theirs = new Set<string>();
        for (let i = 0; i < rows.length; i++) {
          const t = rows[i];
          const r = packetRecord(cap, i);
          // ICMP errors: tshark lists the quoted datagram's fields after the packet's own.
          const first = (s: string) => s.split(',')[0];
          const quoted = t[10] !== '' || t[11] !== '';
          const want = [first(t[0] || t[2]), first(t[1] || t[3]), quoted ? '' : t[4] || t[6], quoted ? '' : t[5] || t[7]];
          const got = [r.src ?? '', r.dst ?? '', String(r.tcp?.sport ?? r.udp?.sport ?? ''), String(r.tcp?.dport ?? r.udp?.dport ?? '')];
          if (want.join() !== got.join()) bad.push(`#${i + 1}: ${got.join(' ')} vs tshark ${want.join(' ')}`);
          if (r.tcp?.stream !== undefined) ours.add(r.tcp.stream);
          if (t[8]) theirs.add(t[8]);
          if (cap.index.proto[i] === 14 && r.proto !== t[9] && !PROTOCOL_DEVIATIONS[t[9]]) bad.push(`#${i + 1}: Protocol ${r.proto} vs tshark ${t[9]}`);
        }
        assert.deepEqual(bad.slice(0, 10), []);
        assert.equal(ours.size, theirs.size, 'TCP streams');
      } finally {
        cap.close();
      }
    });
  }
});
