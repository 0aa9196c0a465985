import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, ipv4, ipv6, tcp, u16, u32, udp } from '../helpers/packetBuilder';

const seg = tcp({ flags: 0x018, seq: 5, ack: 9, payload: new TextEncoder().encode('hi') });
const v4 = ipv4(seg, { proto: 6, src: '192.0.2.1', dst: '198.51.100.7' });
const v6 = ipv6(seg, { nextHeader: 6, src: '2001:db8::1', dst: '2001:db8:0:0:1::2' });

function one(data: Uint8Array, linkType: number) {
  const cap = openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data }], { linkType }));
  assert.equal(cap.error, undefined);
  return packetRecord(cap, 0);
}

describe('link-layer decoders', () => {
  it('Ethernet with an 802.1Q tag and with stacked 802.1ad + 802.1Q tags', () => {
    const q = one(ethernet(v4, 0x0800, [{ tpid: 0x8100, vid: 42 }]), 1);
    assert.equal(q.src, '192.0.2.1');
    assert.equal(q.tcp?.len, 2);
    const qinq = one(
      ethernet(v4, 0x0800, [
        { tpid: 0x88a8, vid: 100 },
        { tpid: 0x8100, vid: 42 },
      ]),
      1,
    );
    assert.equal(qinq.dst, '198.51.100.7');
    assert.equal(qinq.tcp?.dport, 80);
  });

  it('Linux cooked capture v1 (113) and v2 (276)', () => {
    const sll = concat(u16(0), u16(1), u16(6), [2, 0, 0, 0, 0, 1, 0, 0], u16(0x86dd), v6);
    const sll2 = concat(u16(0x0800), u16(0), u32(3), u16(1), [4, 6], [2, 0, 0, 0, 0, 1, 0, 0], v4);
    assert.equal(one(sll, 113).src, '2001:db8::1');
    assert.equal(one(sll, 113).dst, '2001:db8::1:0:0:2');
    assert.equal(one(sll2, 276).src, '192.0.2.1');
  });

  it('raw IP (101, 228, 229) picks the version from the first nibble', () => {
    assert.equal(one(v4, 101).src, '192.0.2.1');
    assert.equal(one(v6, 101).src, '2001:db8::1');
    assert.equal(one(v4, 228).tcp?.seqRaw, 5);
    assert.equal(one(v6, 229).tcp?.ackRaw, 9);
  });

  it('BSD loopback (0) in either byte order, and OpenBSD loopback (108)', () => {
    assert.equal(one(concat([2, 0, 0, 0], v4), 0).src, '192.0.2.1');
    assert.equal(one(concat([0, 0, 0, 2], v4), 0).src, '192.0.2.1');
    assert.equal(one(concat([30, 0, 0, 0], v6), 0).src, '2001:db8::1');
    assert.equal(one(concat([0, 0, 0, 24], v6), 108).src, '2001:db8::1');
  });

  it('an unknown link type still lists the frame', () => {
    const r = one(Uint8Array.from([1, 2, 3, 4, 5]), 147);
    assert.equal(r.len, 5);
    assert.equal(r.proto, 'USER 0');
    assert.equal(r.src, undefined);
  });

  it("ARP request and reply have Wireshark's Info and no IP src/dst in JSON", () => {
    const arp = (op: number, spa: number[], tpa: number[]) =>
      ethernet(Uint8Array.from([0, 1, 8, 0, 6, 4, 0, op, 2, 0, 0, 0, 0, 1, ...spa, 0, 0, 0, 0, 0, 0, ...tpa]), 0x0806);
    const req = one(arp(1, [10, 0, 0, 1], [10, 0, 0, 2]), 1);
    assert.equal(req.proto, 'ARP');
    assert.equal(req.info, 'Who has 10.0.0.2? Tell 10.0.0.1');
    assert.equal(req.src, undefined);
    assert.equal(one(arp(2, [10, 0, 0, 2], [10, 0, 0, 1]), 1).info, '10.0.0.2 is at 02:00:00:00:00:01');
    assert.equal(one(arp(1, [10, 0, 0, 9], [10, 0, 0, 9]), 1).info, 'Gratuitous ARP for 10.0.0.9 (Request)');
  });

  it('UDP record carries the UDP length field', () => {
    const r = one(ethernet(ipv4(udp(1234, 9999, new Uint8Array(10)), { proto: 17 }), 0x0800), 1);
    assert.deepEqual(r.udp, { sport: 1234, dport: 9999, len: 18 });
    assert.equal(r.info, '1234 → 9999 Len=10');
  });
});
