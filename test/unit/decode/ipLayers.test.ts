import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, icmpEcho, ipv4, ipv6, tcp, u16, u32, udp } from '../helpers/packetBuilder';
import { findNode } from '../helpers/detailTree';

function capture(...frames: Uint8Array[]) {
  return openCaptureBytes(pcapFile(frames.map((data, k) => ({ sec: k, frac: 0, data }))));
}

describe('IP layer decoders', () => {
  it('IPv4 with options still finds the transport header', () => {
    const opts = [0x94, 4, 0, 0]; // Router Alert
    const cap = capture(ethernet(ipv4(tcp({ flags: 0x002, sport: 1111 }), { proto: 6, options: opts }), 0x0800));
    assert.equal(packetRecord(cap, 0).tcp?.sport, 1111);
    const tree = dissectPacket(cap, 0);
    assert.match(findNode(tree, 'ip.options')!.text, /4 bytes/);
    assert.match(findNode(tree, 'ip.opt.type')!.text, /Router Alert/);
    assert.match(findNode(tree, 'ip.checksum')!.text, /correct/);
  });

  it('IPv4 fragments are listed as fragments, not misread as transport headers', () => {
    const first = ethernet(ipv4(new Uint8Array(16), { proto: 17, flags: 1, id: 0x1234 }), 0x0800);
    const later = ethernet(ipv4(new Uint8Array(16), { proto: 17, flags: 0, fragOffset: 16, id: 0x1234 }), 0x0800);
    const cap = capture(first, later);
    const r0 = packetRecord(cap, 0),
      r1 = packetRecord(cap, 1);
    assert.equal(r0.udp, undefined);
    // The second (last) fragment completes the datagram: the first links to it, as tshark -2 shows it.
    assert.equal(r0.info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=1234) [Reassembled in #2]');
    assert.doesNotMatch(r1.info, /Fragmented/);
  });

  it('IPv6 walks hop-by-hop, routing and destination-options headers to TCP', () => {
    const hbh = [43, 0, 5, 2, 0, 0, 1, 0]; // next: routing; Router Alert + PadN
    const routing = [60, 0, 0, 0, 0, 0, 0, 0]; // next: dest opts; type 0, segleft 0
    const dst = [6, 0, 1, 4, 0, 0, 0, 0]; // next: TCP; PadN
    const cap = capture(ethernet(ipv6(tcp({ flags: 0x012, sport: 443, dport: 50000 }), { nextHeader: 0, ext: [...hbh, ...routing, ...dst] }), 0x86dd));
    const r = packetRecord(cap, 0);
    assert.equal(r.tcp?.sport, 443);
    assert.equal(r.tcp?.flags, 0x012);
    const tree = dissectPacket(cap, 0);
    assert.ok(findNode(tree, 'ipv6.hopopts') && findNode(tree, 'ipv6.routing') && findNode(tree, 'ipv6.dstopts'));
  });

  it('IPv6 fragment header: the first fragment is not dissected as UDP', () => {
    const frag = [17, 0, 0, 1, ...u32(0xabcdef01)]; // offset 0, M=1
    const cap = capture(ethernet(ipv6(udp(53, 53, new Uint8Array(8)), { nextHeader: 44, ext: frag }), 0x86dd));
    const r = packetRecord(cap, 0);
    assert.equal(r.udp, undefined);
    assert.equal(r.info, 'IPv6 fragment (off=0 more=y ident=0xabcdef01 nxt=17)');
    assert.equal(findNode(dissectPacket(cap, 0), 'ipv6.fragment.id')!.value, 0xabcdef01);
  });

  it('the last fragment of an ICMP echo stands for the reassembled datagram, as in Wireshark', () => {
    const echo = icmpEcho(8, 0x42, 7, new Array(40).fill(0x61));
    const first = ethernet(ipv4(echo.subarray(0, 24), { proto: 1, flags: 1, id: 0x77 }), 0x0800);
    const last = ethernet(ipv4(echo.subarray(24), { proto: 1, flags: 0, fragOffset: 24, id: 0x77 }), 0x0800);
    const cap = capture(first, last);
    assert.equal(packetRecord(cap, 0).info, 'Fragmented IP protocol (proto=ICMP 1, off=0, ID=0077) [Reassembled in #2]');
    const r = packetRecord(cap, 1);
    assert.equal(r.proto, 'ICMP');
    assert.match(r.info, /^Echo \(ping\) request {2}id=0x0042, seq=7\/1792, ttl=64/);
  });

  it('ICMP port unreachable: Info names it and the tree dissects the quoted datagram', () => {
    const offending = ipv4(udp(40000, 33434, new Uint8Array(0)), { proto: 17, src: '10.0.0.1', dst: '10.0.0.2' });
    const body = concat([3, 3, 0, 0, 0, 0, 0, 0], offending);
    const cap = capture(ethernet(ipv4(body, { proto: 1, src: '10.0.0.2', dst: '10.0.0.1' }), 0x0800));
    const r = packetRecord(cap, 0);
    assert.equal(r.proto, 'ICMP');
    assert.equal(r.info, 'Destination unreachable (Port unreachable)');
    const quoted = findNode(dissectPacket(cap, 0), 'icmp.quoted')!;
    assert.equal(findNode(quoted.children!, 'udp.dstport')!.value, 33434);
    assert.equal(findNode(quoted.children!, 'ip.src')!.value, '10.0.0.1');
  });

  it('ICMP fragmentation needed shows the next-hop MTU; ICMPv6 packet too big its MTU and quote', () => {
    const inner4 = ipv4(tcp({ flags: 0x010, sport: 80, dport: 50000 }), { proto: 6 });
    const ptb4 = capture(ethernet(ipv4(concat([3, 4, 0, 0, 0, 0, ...u16(1400)], inner4), { proto: 1 }), 0x0800));
    assert.equal(findNode(dissectPacket(ptb4, 0), 'icmp.mtu')!.value, 1400);
    assert.equal(packetRecord(ptb4, 0).info, 'Destination unreachable (Fragmentation needed)');
    const inner6 = ipv6(tcp({ flags: 0x010, sport: 443, dport: 50001 }), { nextHeader: 6 });
    const ptb6 = capture(ethernet(ipv6(concat([2, 0, 0, 0, ...u32(1280)], inner6), { nextHeader: 58 }), 0x86dd));
    const tree = dissectPacket(ptb6, 0);
    assert.equal(packetRecord(ptb6, 0).info, 'Packet Too Big');
    assert.equal(findNode(tree, 'icmpv6.mtu')!.value, 1280);
    assert.equal(findNode(findNode(tree, 'icmpv6.quoted')!.children!, 'tcp.srcport')!.value, 443);
  });

  it('ICMP echo request/reply pair up', () => {
    const cap = capture(
      ethernet(ipv4(icmpEcho(8, 0x77, 1), { proto: 1, src: '10.0.0.1', dst: '10.0.0.2' }), 0x0800),
      ethernet(ipv4(icmpEcho(0, 0x77, 1), { proto: 1, src: '10.0.0.2', dst: '10.0.0.1' }), 0x0800),
    );
    assert.equal(packetRecord(cap, 0).info, 'Echo (ping) request  id=0x0077, seq=1/256, ttl=64 (reply in 2)');
    assert.equal(packetRecord(cap, 1).info, 'Echo (ping) reply    id=0x0077, seq=1/256, ttl=64 (request in 1)');
  });

  it('a truncated or lying IPv4 header is flagged, not crashed on', () => {
    const lying = ethernet(ipv4(tcp({ flags: 2 }), { proto: 6, totalLength: 9000 }), 0x0800);
    const cap = capture(lying, lying.subarray(0, 20));
    const tree = dissectPacket(cap, 0);
    assert.equal(findNode(tree, 'ip.len')!.severity, 'error');
    assert.doesNotThrow(() => packetRecord(cap, 1));
    assert.match(packetRecord(cap, 1).info, /Malformed or truncated/);
  });
});
