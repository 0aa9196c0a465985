import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import type { BuiltFrame } from '../helpers/builtFrames';
import { itDecodesBuiltFrames, oneFrame } from '../helpers/builtFrames';
import { findAllNodes, findNode } from '../helpers/detailTree';
import { concat, ethernet, ipv4, ipv6, tcp, u16, u32 } from '../helpers/packetBuilder';

const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');
const HAVE_TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;

const seg = tcp({ flags: 0x018, seq: 5, ack: 9, payload: new TextEncoder().encode('hi') });
const v4 = ipv4(seg, { proto: 6, src: '192.0.2.1', dst: '198.51.100.7' });
const v6 = ipv6(seg, { nextHeader: 6, src: '2001:db8::1', dst: '2001:db8::2' });
const le32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
const le16 = (v: number) => [v & 255, (v >>> 8) & 255];
const text = (s: string, size: number) => {
  const b = new Uint8Array(size);
  b.set(new TextEncoder().encode(s));
  return b;
};
/** ARP for IPv4 over ARCNET (hardware type 7, one-byte station ids). */
const arcnetArp = (op: number) => concat(u16(7), u16(0x0800), [1, 4], u16(op), [0xbe], [10, 80, 131, 1], [op === 1 ? 0 : 0x50], [10, 80, 131, 254]);
/** Apple's PKTAP header: 108 bytes, little-endian, naming Ethernet (DLT 1) and the process (curl, pid 4321). */
const pktapHeader = concat(
  le32(108),
  le32(1),
  le32(1),
  text('en0', 24),
  le32(0),
  le32(2),
  le32(14),
  le32(0),
  le32(4321),
  text('curl', 20),
  le32(0),
  le16(6),
  le16(0),
  le32(4321),
  text('curl', 20),
);
/** Juniper extensions as bgp-aigp.pcap has them: media type, encapsulation, device and logical interface index. */
const juniperTlvs = [3, 1, 1, 6, 1, 0x0e, 1, 2, 0x8c, 0, 4, 4, 0x4c, 1, 0, 0];

/** One frame of each link type, built byte by byte, with what it must decode to (and what tshark 4.0 shows for it). */
const FRAMES: BuiltFrame[] = [
  {
    name: 'ARCNET Linux, RFC 1201 IP (split flag, sequence)',
    linkType: 129,
    data: concat([0xbe, 0x50], [0xa8, 0xe7], [212], [0], u16(0x166), v4),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  {
    name: 'ARCNET Linux, RFC 1051 ARP request',
    linkType: 129,
    data: concat([0xbe, 0], [0xed, 0x08], [241], arcnetArp(1)),
    proto: 'ARP',
    info: /^Who has 10\.80\.131\.254\? Tell 10\.80\.131\.1$/,
  },
  {
    name: 'ARCNET Linux, RFC 1201 ARP reply',
    linkType: 129,
    data: concat([0x50, 0xbe], [0, 0], [213], [0], u16(0x165), arcnetArp(2)),
    proto: 'ARP',
    info: /^10\.80\.131\.1 is at be$/,
  },
  { name: 'ARCNET BSD, RFC 1051 IP', linkType: 7, data: concat([0xbe, 0x50], [240], v4), src: '192.0.2.1', proto: 'TCP' },
  {
    name: 'ARCNET BSD, RFC 1201 exception frame',
    linkType: 7,
    data: concat([0xbe, 0x50], [212], [0xff], [0, 0], [212], [1], u16(7), v4),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  { name: 'ARCNET BSD, IPv6', linkType: 7, data: concat([0xbe, 0x50], [196], [0], u16(1), v6), src: '2001:db8::1', proto: 'TCP' },
  {
    name: 'ARCNET BSD, RFC 1201 IP of a bogus version (bacnet-arcnet.cap)',
    linkType: 7,
    data: concat([0x3d, 0xc0], [212], [0], u16(0xcd82), [0x82, 0x03, 1, 0, 0x30, 5]),
    proto: 'IP',
    info: /^Bogus IP version \(8\)$/,
  },
  {
    name: 'ARCNET BSD, a protocol id nothing decodes',
    linkType: 7,
    data: concat([0xc0, 0], [0xef], [0], u16(0xcd), [0x82, 0x82, 3, 1]),
    proto: '0x00ef',
    info: /^ARCNET$/,
    undecoded: true,
  },
  { name: 'ARCNET BSD, IPX', linkType: 7, data: concat([0xc0, 0], [250], [0], u16(1), new Uint8Array(30).fill(0xff)), proto: 'IPX', undecoded: true },
  {
    name: 'Solaris IPNET, IPv4 inbound',
    linkType: 226,
    data: concat([1, 2], u16(0), u32(v4.length), u32(2), u32(0), u32(0), u32(0xffffffff), v4),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  {
    name: 'Solaris IPNET, IPv6 outbound',
    linkType: 226,
    data: concat([1, 26], u16(1), u32(v6.length), u32(2), u32(0), u32(0), u32(0), v6),
    src: '2001:db8::1',
    proto: 'TCP',
  },
  { name: 'Apple PKTAP, Ethernet', linkType: 258, data: concat(pktapHeader, ethernet(v4, 0x0800)), src: '192.0.2.1', proto: 'TCP' },
  { name: 'DLT_USER2 read as PKTAP (Mac OS X 10.9)', linkType: 149, data: concat(pktapHeader, ethernet(v6, 0x86dd)), src: '2001:db8::1', proto: 'TCP' },
  { name: 'Linux ATM CLIP, IPv4', linkType: 106, data: v4, src: '192.0.2.1', proto: 'TCP' },
  { name: 'Linux ATM CLIP (old number 18), IPv6', linkType: 18, data: v6, src: '2001:db8::1', proto: 'TCP' },
  {
    name: 'Linux ATM CLIP, a bogus IP version (heap-overflow-2.pcap)',
    linkType: 106,
    data: Uint8Array.from([0x30, 0, 0, 0]),
    proto: 'IP',
    info: /^Bogus IP version \(3\)$/,
  },
  {
    name: 'Juniper Ethernet with extensions',
    linkType: 178,
    data: concat([0x4d, 0x47, 0x43, 0x80], u16(juniperTlvs.length), juniperTlvs, ethernet(v4, 0x0800)),
    src: '192.0.2.1',
    proto: 'TCP',
  },
  {
    name: 'Juniper Ethernet, link header stripped: IPv6 payload',
    linkType: 178,
    data: concat([0x4d, 0x47, 0x43, 0x03], le32(6), v6),
    src: '2001:db8::1',
    proto: 'TCP',
  },
  { name: 'Juniper Ethernet without the magic (JUNOS before 7.5)', linkType: 178, data: ethernet(v4, 0x0800), src: '192.0.2.1', proto: 'TCP' },
];

function tempPcap(frames: Array<{ data: Uint8Array; origLen?: number }>, linkType: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-links-')), 'f.pcap');
  fs.writeFileSync(
    file,
    pcapFile(
      frames.map((f, k) => ({ sec: 1 + k, frac: 0, data: f.data, origLen: f.origLen })),
      { linkType },
    ),
  );
  return file;
}

/** tshark's Protocol column and first IPv4/IPv6 source of each frame in `file`. */
function tsharkColumns(file: string): Array<{ proto: string; src: string; info: string }> {
  const out = spawnSync('tshark', ['-r', file, '-n', '-T', 'fields', '-e', '_ws.col.Protocol', '-e', 'ip.src', '-e', 'ipv6.src', '-e', '_ws.col.Info'], {
    encoding: 'utf8',
  });
  return out.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [proto, ip4, ip6, info] = l.split('\t');
      return { proto, src: (ip4 || ip6).split(',')[0], info };
    });
}

describe('vendor and legacy link types (ARCNET, IPNET, PKTAP, CLIP, Juniper): built frames', () => {
  itDecodesBuiltFrames(FRAMES);

  it('tshark names every built frame the same (Protocol column, source address)', function () {
    if (!HAVE_TSHARK) {
      console.log('      SKIP tshark is not installed');
      this.skip();
    }
    for (const fr of FRAMES) {
      const file = tempPcap([{ data: fr.data }], fr.linkType);
      try {
        const [t] = tsharkColumns(file);
        assert.equal(fr.proto, t.proto, `${fr.name}: tshark says ${t.proto} (${t.info})`);
        assert.equal(fr.src ?? '', t.src, fr.name);
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    }
  });

  it("the trees show each header's fields at their bytes", () => {
    const tree = (name: string) => {
      const fr = FRAMES.find((x) => x.name.startsWith(name))!;
      return dissectPacket(oneFrame(fr.data, fr.linkType), 0);
    };
    const exc = tree('ARCNET BSD, RFC 1201 exception');
    assert.equal(findNode(exc, 'arcnet.exception_flag')?.offset, 3);
    assert.deepEqual(
      findAllNodes(exc, 'arcnet.protID').map((n) => n.text),
      ['Protocol ID: RFC 1201 IP (0xd4)', 'Protocol ID: RFC 1201 IP (0xd4)'],
    );
    assert.equal(findNode(exc, 'arcnet.sequence')?.text, 'Sequence: 7');
    assert.equal(findNode(exc, 'arcnet')?.length, 10, 'src, dst, id, exception flag, padding (2), id, split flag, sequence (2)');
    const linux = tree('ARCNET Linux, RFC 1201 ARP');
    assert.equal(findNode(linux, 'arcnet.offset')?.text, 'Offset: 0x0000');
    assert.equal(findNode(linux, 'arp.src.hw')?.text, 'Sender hardware address: be');
    assert.match(findNode(linux, 'arp.hw.type')!.text, /^Hardware type: ARCNET \(7\)$/);
    const ipnet = tree('Solaris IPNET, IPv6');
    assert.equal(findNode(ipnet, 'ipnet.family')?.text, 'Address family: Solaris AF_INET6 (26)');
    assert.equal(findNode(ipnet, 'ipnet.htype')?.text, 'Hook type: Outbound (1)');
    const pktap = tree('Apple PKTAP');
    assert.equal(findNode(pktap, 'pktap.ifname')?.text, 'Interface name: en0');
    assert.equal(findNode(pktap, 'pktap.cmdname')?.text, 'Command name: curl');
    assert.equal(findNode(pktap, 'pktap.pid')?.text, 'Process ID: 4321');
    assert.equal(findNode(pktap, 'pktap')?.length, 108);
    assert.match(findNode(tree('DLT_USER2'), 'user_dlt')!.text, /^DLT: 149 \(USER 2, read as PKTAP/);
    assert.equal(findNode(tree('Linux ATM CLIP, IPv4'), 'clip')?.text, 'Classical IP frame');
    const bogus = tree('Linux ATM CLIP, a bogus');
    assert.equal(findNode(bogus, 'ip.version')?.severity, 'error');
    const jun = tree('Juniper Ethernet with extensions');
    assert.deepEqual(
      findAllNodes(jun, 'juniper.ext').map((n) => n.text),
      [
        'Device Media Type Extension TLV #3, length: 1: 1',
        'Logical Interface Encapsulation Extension TLV #6, length: 1: 14',
        'Device Interface Index Extension TLV #1, length: 2: 140',
        'Logical Interface Index Extension TLV #4, length: 4: 332',
      ],
    );
    assert.equal(findNode(jun, 'juniper')?.length, 22);
    assert.equal(findNode(tree('Juniper Ethernet, link header stripped'), 'juniper.payload_type')?.text, 'Payload Type: IPv6 (6)');
  });

  it('a frame that stops at the link layer names what it carries for the undecoded finding', () => {
    const fr = FRAMES.find((x) => x.proto === '0x00ef')!;
    const found = analyzeCapture(oneFrame(fr.data, fr.linkType)).findings.filter((f) => f.rule === 'capture.undecoded');
    assert.deepEqual(
      found.map((f) => f.title),
      ['1 of 1 packets could not be decoded beyond the link layer (ARCNET protocol Unknown (0xef) not supported)'],
    );
  });
});

/**
 * The public captures of these link types (each was all disagreements before its layer existed),
 * field by field against tshark: addresses, ports, and the Protocol column. BGP (bgp-aigp.pcap) is a
 * protocol we do not dissect: there ours names TCP, the layer below. An HTTP response in two segments
 * is the listed 'app-reassembly' deviation (publicFields/deviationClasses.ts): tshark names the
 * segment that completes it, we the one that starts it.
 */
const PUBLIC_FILES = [
  'tcpdump/arcnet-rfc1051-arp-icmp-http.pcap',
  'tcpdump/arcnet-rfc1201-arp-icmp-http.pcap',
  'wireshark-wiki/SampleCaptures__bacnet-arcnet.cap',
  'tcpdump/e1000g.pcap',
  'tcpdump/LINKTYPE_PKTAP.pcap',
  'tcpdump/LINKTYPE_USER2_PKTAP.pcap',
  'wireshark-wiki/SampleCaptures__atm_capture1.cap',
  'tcpdump/heap-overflow-2.pcap',
  'tcpdump/bgp-aigp.pcap',
];
const NOT_DISSECTED: Record<string, string> = { BGP: 'TCP' };

describe('vendor and legacy link types: public captures agree with tshark', function () {
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
        '_ws.col.Protocol',
        'tcp.reassembled.length',
        '_ws.col.Info',
      ];
      const out = spawnSync('tshark', ['-r', file, '-n', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const rows = out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'));
      const cap = await openCaptureFile(file);
      try {
        assert.equal(cap.index.count, rows.length);
        const bad: string[] = [];
        for (let i = 0; i < rows.length; i++) {
          const t = rows[i];
          const r = packetRecord(cap, i);
          const reassembly =
            (r.proto === 'HTTP' && t[8] === 'TCP' && t[10].includes('[TCP segment of a reassembled PDU]')) ||
            (r.proto === 'TCP' && t[8] === 'HTTP' && t[9] !== '');
          const want = [t[0] || t[2], t[1] || t[3], t[4] || t[6], t[5] || t[7], reassembly ? r.proto : (NOT_DISSECTED[t[8]] ?? t[8])];
          const got = [r.src ?? '', r.dst ?? '', String(r.tcp?.sport ?? r.udp?.sport ?? ''), String(r.tcp?.dport ?? r.udp?.dport ?? ''), r.proto];
          if (want.join() !== got.join()) bad.push(`#${i + 1}: ${got.join(' ')} vs tshark ${want.join(' ')}`);
        }
        assert.deepEqual(bad.slice(0, 10), []);
      } finally {
        cap.close();
      }
    });
  }
});
