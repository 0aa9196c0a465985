import * as fs from 'node:fs';
import * as path from 'node:path';
import { pcapFile, pcapngSection } from '../unit/helpers/captureWriter';
import { concat, ethernet, ipv4, ipv6, linuxSynOptions, tcp, u16, u32, udp } from '../unit/helpers/packetBuilder';
import { everyTunnelFrame } from '../unit/helpers/tunnelFrames';
import type { Seed } from './mutate';
import { seedOf } from './mutate';

/** Frames the fixtures lack: ICMP errors quoting IPv4/IPv6 datagrams, IPv6 extension headers, odd TCP options. */
function cornerCaseFrames(): Uint8Array[] {
  const quotedV4 = ipv4(tcp({ sport: 40000, dport: 443, flags: 0x002, options: linuxSynOptions(538477964, 0) }), {
    proto: 6,
    src: '10.77.1.1',
    dst: '10.77.2.2',
  });
  const quotedV6 = ipv6(udp(5353, 53, Uint8Array.from([0, 1, 2, 3])), { nextHeader: 17, src: 'fd00::1', dst: 'fd00::2' });
  return [
    ethernet(ipv4(concat([3, 3, 0, 0, 0, 0, 0, 0], quotedV4), { proto: 1, src: '10.77.2.2', dst: '10.77.1.1' }), 0x0800),
    ethernet(ipv4(concat([3, 4, 0, 0, 0, 0, ...u16(1400)], quotedV4), { proto: 1, src: '10.77.0.254', dst: '10.77.1.1' }), 0x0800),
    ethernet(ipv6(concat([2, 0, 0, 0, ...u32(1280)], quotedV6), { nextHeader: 58, src: 'fd00::fe', dst: 'fd00::1' }), 0x86dd),
    ethernet(ipv6(concat([1, 4, 0, 0, 0, 0, 0, 0], quotedV6), { nextHeader: 58, src: 'fd00::2', dst: 'fd00::1' }), 0x86dd),
    // Hop-by-hop + fragment header before TCP.
    ethernet(
      ipv6(tcp({ flags: 0x012, options: [2, 4, ...u16(1440), 4, 2, 8, 10, ...u32(0), ...u32(0), 1, 3, 3, 14] }), {
        nextHeader: 0,
        ext: [44, 0, 1, 4, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 7],
      }),
      0x86dd,
    ),
    // SACK blocks, TFO cookie, an unknown and an experimental option.
    ethernet(
      ipv4(
        tcp({
          flags: 0x010,
          ack: 5000,
          options: [1, 1, 5, 18, ...u32(100), ...u32(200), ...u32(300), ...u32(400), 34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 254, 4, 0xf9, 0x89, 99, 2],
        }),
        { proto: 6 },
      ),
      0x0800,
    ),
    ethernet(ipv4(udp(40000, 53, Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 119, 119, 119, 0, 0, 1, 0, 1])), { proto: 17 }), 0x0800),
    ethernet(ipv4(new Uint8Array(24), { proto: 6, flags: 1, fragOffset: 0 }), 0x0800, [{ tpid: 0x8100, vid: 7 }]),
  ];
}

/**
 * One frame per vendor or legacy link type (ARCNET BSD with an exception frame and Linux with ARP,
 * Solaris IPNET, Apple PKTAP and its DLT_USER2 form, Linux ATM CLIP, Juniper Ethernet with
 * extensions and with its link header stripped), each on its own pcapng interface.
 */
function vendorLinkTypeSection(ip4: Uint8Array, ip6: Uint8Array, eth: Uint8Array): Uint8Array {
  const le32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
  const name = (t: string, size: number) => {
    const b = new Uint8Array(size);
    b.set(new TextEncoder().encode(t));
    return b;
  };
  const pktap = concat(
    le32(108),
    le32(1),
    le32(1),
    name('en0', 24),
    le32(0),
    le32(2),
    le32(14),
    le32(0),
    le32(77),
    name('curl', 20),
    le32(0),
    [6, 0, 0, 0],
    le32(77),
    name('curl', 20),
    eth,
  );
  const arcnetArp = concat([0xbe, 0], [0xed, 0x08], [241], u16(7), u16(0x0800), [1, 4], u16(1), [0xbe, 10, 80, 131, 1, 0, 10, 80, 131, 254]);
  const byType: Array<[number, Uint8Array]> = [
    [7, concat([0xbe, 0x50], [212], [0xff], [0, 0], [212], [1], u16(7), ip4)],
    [129, arcnetArp],
    [226, concat([1, 26], u16(1), u32(ip6.length), u32(2), u32(0), u32(0), u32(0), ip6)],
    [258, pktap],
    [149, pktap],
    [106, ip4],
    [178, concat([0x4d, 0x47, 0x43, 0x80], u16(16), [3, 1, 1, 6, 1, 0x0e, 1, 2, 0x8c, 0, 4, 4, 0x4c, 1, 0, 0], eth)],
    [178, concat([0x4d, 0x47, 0x43, 0x03], le32(2), ip4)],
  ];
  return pcapngSection({
    interfaces: byType.map(([linkType]) => ({ linkType })),
    frames: byType.map(([, data], k) => ({ sec: 0x60000, frac: k * 1000, data, iface: k })),
  });
}

/**
 * The inputs mutations start from: every capture under test/fixtures (real Linux traffic), the
 * corner-case frames above as pcap and as pcapng, and, with `publicDir`, the public captures from
 * other projects' test suites (read from where they are, never copied).
 */
export function fuzzSeeds(root: string, publicDir?: string): Seed[] {
  const seeds: Seed[] = [];
  const fixtures = path.join(root, 'test/fixtures');
  for (const f of fs.readdirSync(fixtures).sort()) {
    if (/\.(pcap|pcapng|cap)$/.test(f)) seeds.push(seedOf(f, fs.readFileSync(path.join(fixtures, f))));
  }
  const frames = cornerCaseFrames().map((data, k) => ({ sec: 1_700_000_000 + k, frac: k * 1000, data }));
  seeds.push(seedOf('corner-cases.pcap', pcapFile(frames)));
  seeds.push(seedOf('tunnels.pcap', pcapFile(everyTunnelFrame().map(([, data], k) => ({ sec: 1_700_000_000 + k, frac: 0, data })))));
  // ERF records (link type 197): an extension header and the Ethernet pad before an Ethernet frame, and raw IPv4.
  const erf = (type: number, body: ArrayLike<number>) =>
    concat([0, 0, 0, 0x80, 0xef, 0x41, 0x2b, 0x48, type, 4, ...u16(16 + body.length), 0, 0, ...u16(body.length)], body);
  seeds.push(
    seedOf(
      'erf.pcap',
      pcapFile(
        [
          { sec: 1, frac: 0, data: erf(0x82, concat([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], frames[2].data)) },
          { sec: 2, frac: 0, data: erf(22, frames[5].data.slice(14)) },
        ],
        { linkType: 197 },
      ),
    ),
  );
  seeds.push(seedOf('vendor-link-types.pcapng', vendorLinkTypeSection(frames[5].data.slice(14), frames[4].data.slice(14), frames[6].data)));
  seeds.push(
    seedOf(
      'corner-cases.pcapng',
      pcapngSection({ interfaces: [{ linkType: 1 }], frames: frames.map((f, k) => ({ ...f, sec: 0x60000, frac: k * 1_000_000 })), comment: 'fuzz seed' }),
    ),
  );
  if (publicDir && fs.existsSync(publicDir)) {
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(pcap|pcapng|cap|ntar)$/i.test(e.name) && fs.statSync(p).size <= 2 * 1024 * 1024)
          seeds.push(seedOf(path.relative(publicDir, p), fs.readFileSync(p)));
      }
    };
    walk(publicDir);
  }
  return seeds;
}
