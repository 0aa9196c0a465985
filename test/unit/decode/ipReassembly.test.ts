import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { MAX_HELD_BYTES, MAX_PENDING } from '../../../src/core/index/fragmentTracker';
import { PF_FRAGMENT } from '../../../src/core/index/packetIndex';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { buildUdpFlows } from '../../../src/core/flows/udpConversations';
import { pcapFile } from '../helpers/captureWriter';
import { evenPieces, ipv4Fragments, ipv6Fragments } from '../helpers/fragmentBuilder';
import { concat, ethernet, ipv6, linuxSynOptions, tcp, u16, u32, udp } from '../helpers/packetBuilder';
import { findNode } from '../helpers/detailTree';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public');

function capture(frames: Uint8Array[], secs?: number[]): Capture {
  return openCaptureBytes(pcapFile(frames.map((data, k) => ({ sec: secs?.[k] ?? k, frac: 0, data }))));
}

/** A DNS response for example.com carrying `answers` TXT records of 200 bytes: an EDNS-sized answer. */
function dnsResponse(answers: number): Uint8Array {
  const name = [7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0];
  const rr = (k: number) => [0xc0, 12, ...u16(16), ...u16(1), ...u32(60), ...u16(201), 200, ...new Array(200).fill(0x61 + (k % 26))];
  return Uint8Array.from([
    ...u16(0x1234),
    0x81,
    0x80,
    ...u16(1),
    ...u16(answers),
    0,
    0,
    0,
    0,
    ...name,
    ...u16(16),
    ...u16(1),
    ...Array.from({ length: answers }, (_, k) => rr(k)).flat(),
  ]);
}

const sample = Uint8Array.from({ length: 64 }, (_, k) => 0x40 + k);

describe('IP fragment reassembly', () => {
  it('fragments.pcap: the last fragment shows the ICMP echo, the others link to it (as tshark -2)', async () => {
    const cap = await openCaptureFile(path.join(FIXTURES, 'fragments.pcap'));
    try {
      assert.equal(packetRecord(cap, 2).info, 'Fragmented IP protocol (proto=ICMP 1, off=0, ID=3b07) [Reassembled in #5]');
      assert.equal(packetRecord(cap, 3).info, 'Fragmented IP protocol (proto=ICMP 1, off=1480, ID=3b07) [Reassembled in #5]');
      assert.match(packetRecord(cap, 4).info, /^Echo \(ping\) request {2}id=0x2549, seq=1\/256, ttl=64 \(reply in 8\)$/);
      const tree = dissectPacket(cap, 4);
      assert.equal(findNode(tree, 'ip.fragments')?.text, '[3 IPv4 Fragments (3008 bytes): #3(1480), #4(1480), #5(48)]');
      const icmp = tree.find((n) => n.field === 'icmp');
      assert.equal(icmp?.source, 'reassembled');
      assert.equal(icmp?.offset, 0);
      assert.equal(findNode(tree, 'ipv6.fragments'), undefined);
      // IPv6: tshark -2 shows no "Reassembled in" in the Info of the other fragments.
      assert.equal(packetRecord(cap, 16).info, 'IPv6 fragment (off=0 more=y ident=0xe6519e27 nxt=58)');
      assert.equal(findNode(dissectPacket(cap, 18), 'ipv6.fragments')?.text, '[3 IPv6 Fragments (3008 bytes): #17(1448), #18(1448), #19(112)]');
    } finally {
      cap.close();
    }
  });

  it('UDP out of order: the datagram gets its ports, length, stream and flow; DNS over fragmented UDP is DNS', () => {
    const dns = udp(53, 40000, dnsResponse(12));
    const frames = ipv4Fragments(dns, evenPieces(dns.length, 1480), { id: 0x77, proto: 17 });
    assert.equal(frames.length, 2);
    const cap = capture([frames[1], frames[0]]);
    const last = packetRecord(cap, 1);
    assert.equal(last.proto, 'DNS');
    assert.match(last.info, /^Standard query response 0x1234 TXT example\.com/);
    assert.deepEqual(last.udp, { sport: 53, dport: 40000, len: dns.length });
    assert.equal(packetRecord(cap, 0).info, 'Fragmented IP protocol (proto=UDP 17, off=1480, ID=0077) [Reassembled in #2]');
    const flows = buildUdpFlows(cap);
    assert.equal(flows.length, 1);
    assert.equal(flows[0].payload.client + flows[0].payload.server, dns.length - 8);
  });

  it("TCP over fragments: ports, flags, stream and the SYN's options come from the reassembled segment", () => {
    const seg = tcp({ flags: 0x002, sport: 40001, dport: 443, seq: 7, options: linuxSynOptions(100, 0), payload: new Uint8Array(40) });
    const cap = capture(
      ipv4Fragments(
        seg,
        [
          { offset: 0, length: 24 },
          { offset: 24, length: seg.length - 24, last: true },
        ],
        { id: 9, proto: 6 },
      ),
    );
    const r = packetRecord(cap, 1);
    assert.equal(r.proto, 'TCP');
    assert.equal(r.tcp?.sport, 40001);
    assert.equal(r.tcp?.flags, 0x002);
    assert.equal(r.tcp?.mss, 1460);
    assert.equal(r.tcp?.len, 40);
    assert.equal(r.tcp?.stream, 0);
    assert.equal(packetRecord(cap, 0).tcp, undefined);
  });

  it('a duplicate fragment is an overlap with the same data: the datagram still completes', () => {
    const dg = udp(1000, 2000, sample);
    const cap = capture(
      ipv4Fragments(
        dg,
        [
          { offset: 0, length: 32 },
          { offset: 0, length: 32 },
          { offset: 32, length: 40, last: true },
        ],
        { id: 2, proto: 17 },
      ),
    );
    assert.equal(packetRecord(cap, 2).info, '1000 → 2000 Len=64');
    const frags = findNode(dissectPacket(cap, 2), 'ip.fragments')!;
    assert.match(frags.text, /3 IPv4 Fragments \(72 bytes\): #1\(32\), #2\(32\), #3\(40\)/);
    assert.ok(findNode([frags], 'ip.fragment.overlap'));
    assert.equal(findNode([frags], 'ip.fragment.overlap.conflict'), undefined);
  });

  it('overlap with different data: the lower offset wins (as tshark 4.0) and the conflict is flagged', () => {
    const dg = udp(1000, 2000, sample);
    // Arrival: 24..47 (real), 16..31 (0xee), 0..15, 48..71 last — the one at 16 overwrites 24..31.
    const pieces = [
      { offset: 24, length: 24 },
      { offset: 16, length: 16, fill: 0xee },
      { offset: 0, length: 16 },
      { offset: 48, length: 24, last: true },
    ];
    const cap = capture(ipv4Fragments(dg, pieces, { id: 1, proto: 17 }));
    const tree = dissectPacket(cap, 3);
    assert.equal(findNode(tree, 'ip.fragments')?.text, '[4 IPv4 Fragments (72 bytes): #3(16), #2(16), #1(24), #4(24)]');
    assert.equal(findNode(tree, 'ip.fragment.overlap.conflict')?.severity, 'error');
    // tshark's reassembled bytes: 0xee at 16..31, then frame 1's bytes from 32 on.
    const data = findNode(tree, 'data')!;
    assert.equal(data.source, 'reassembled');
    assert.equal(packetRecord(cap, 3).info, '1000 → 2000 Len=64');
  });

  it('a missing middle fragment: the datagram never completes, every fragment stays "Fragmented"', () => {
    const dg = udp(1000, 2000, sample);
    const cap = capture(
      ipv4Fragments(
        dg,
        [
          { offset: 0, length: 24 },
          { offset: 48, length: 24, last: true },
        ],
        { id: 3, proto: 17 },
      ),
    );
    assert.equal(packetRecord(cap, 0).info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=0003)');
    assert.equal(packetRecord(cap, 1).info, 'Fragmented IP protocol (proto=UDP 17, off=48, ID=0003)');
    assert.equal(packetRecord(cap, 1).udp, undefined);
    assert.match(findNode(dissectPacket(cap, 1), 'ip.fragment')!.text, /never completed/);
  });

  it('time-out (Linux ipfrag_time, 30 s): a fragment 40 s later does not join the old datagram', () => {
    const dg = udp(1000, 2000, sample);
    const [a, b] = ipv4Fragments(
      dg,
      [
        { offset: 0, length: 32 },
        { offset: 32, length: 40, last: true },
      ],
      { id: 8, proto: 17 },
    );
    const late = capture([a, b], [1, 41]);
    assert.equal(late.index.fragments.timedOut, 1);
    assert.equal(packetRecord(late, 0).info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=0008) [Reassembly timed out]');
    assert.match(packetRecord(late, 1).info, /^Fragmented IP protocol/);
    const inTime = capture([a, b], [1, 30]);
    assert.equal(packetRecord(inTime, 1).info, '1000 → 2000 Len=64');
  });

  it('too large: a fragment reaching past 65,535 bytes never completes its datagram and is flagged', () => {
    const big = udp(1000, 2000, new Uint8Array(65600 - 8));
    const frames = ipv4Fragments(
      big,
      [
        { offset: 0, length: 1480 },
        { offset: 1480, length: 64048 },
        { offset: 65528, length: 72, last: true },
      ],
      { id: 7, proto: 17 },
    );
    const cap = capture(frames);
    assert.match(packetRecord(cap, 2).info, /^Fragmented IP protocol/);
    assert.equal(cap.index.fragments.datagramEndingAt(2), -1);
  });

  it('IPv6: out-of-order UDP fragments reassemble; an atomic fragment (RFC 6946) is decoded directly', () => {
    const dg = udp(1000, 2000, sample);
    const f6 = ipv6Fragments(
      dg,
      [
        { offset: 0, length: 32 },
        { offset: 32, length: 40, last: true },
      ],
      { id: 0xabcdef, nextHeader: 17 },
    );
    const atomic = ethernet(ipv6(concat([17, 0, 0, 0, ...u32(0x55)], udp(53, 5353, new Uint8Array(20))), { nextHeader: 44 }), 0x86dd);
    const cap = capture([f6[1], f6[0], atomic]);
    assert.equal(packetRecord(cap, 0).info, 'IPv6 fragment (off=32 more=n ident=0x00abcdef nxt=17)');
    assert.deepEqual(packetRecord(cap, 1).udp, { sport: 1000, dport: 2000, len: 72 });
    assert.deepEqual(packetRecord(cap, 2).udp, { sport: 53, dport: 5353, len: 28 });
  });

  it('10,000 incomplete datagrams: the held bytes and pending count stay under their caps; little is kept per packet', () => {
    const frames: Uint8Array[] = [];
    const dg = udp(1000, 2000, new Uint8Array(1472));
    for (let k = 0; k < 10000; k++)
      frames.push(ipv4Fragments(dg, [{ offset: 0, length: 1480 }], { id: k & 0xffff, proto: 17, src: `10.${k >> 16}.${(k >> 8) & 255}.${k & 255}` })[0]);
    // All in one second: no time-out frees them, only the caps.
    const cap = capture(
      frames,
      frames.map(() => 0),
    );
    const t = cap.index.fragments;
    assert.ok(t.bytesHeld <= MAX_HELD_BYTES, `${t.bytesHeld} bytes held`);
    assert.ok(t.pendingCount <= MAX_PENDING);
    assert.ok(t.evicted > 0);
    const perPacket = t.retainedBytes / cap.index.count;
    assert.ok(perPacket <= 16, `${perPacket.toFixed(1)} bytes kept per packet`);
    assert.match(packetRecord(cap, 0).info, /\[Reassembly abandoned: fragment memory full\]$/);
  });

  it('public capture c04-wap-r1 (Wireshark wiki): its 1,732 lone first fragments never complete, as tshark -2 shows them', async function () {
    const file = path.join(PUBLIC, 'wireshark-wiki/SampleCaptures__c04-wap-r1.pcap.gz');
    if (!fs.existsSync(file)) {
      console.log(`      SKIP ${file} absent`);
      this.skip();
    }
    const cap = await openCaptureFile(file);
    try {
      // tshark -2 -r FILE -Y 'ip.flags.mf == 1' counts 1,732, all at offset 0, none reassembled.
      let fragments = 0;
      for (let i = 0; i < cap.index.count; i++) {
        if (!(cap.index.flags[i] & PF_FRAGMENT)) continue;
        fragments++;
        assert.equal(cap.index.fragments.datagramEndingAt(i), -1);
        assert.match(packetRecord(cap, i).info, /^Fragmented IP protocol \(proto=UDP 17, off=0, ID=[0-9a-f]{4}\)$/);
      }
      assert.equal(fragments, 1732);
    } finally {
      cap.close();
    }
  });
});
