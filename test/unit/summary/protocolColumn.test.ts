import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { analyzeTcpSequences } from '../../../src/core/flows/tcpSequenceAnalysis';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import type { Frame } from '../helpers/captureWriter';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, ipv4, ipv6, tcp, udp } from '../helpers/packetBuilder';
import { findNode } from '../helpers/detailTree';
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
    igmp([0x11, 0, 0, 0, 0, 0, 0, 0]),
    igmp([0x11, 100, 0, 0, 0, 0, 0, 0]),
    igmp([0x11, 100, 0, 0, ...g]),
    igmp([0x11, 100, 0, 0, 0, 0, 0, 0, 2, 125, 0]),
    igmp([0x11, 100, 0, 0, 0, 0, 0, 0, 2, 125, 0, 0]),
    // Reports and leaves of each version, IGMPv0, DVMRP and PIMv1 over IGMP, unknown types.
    igmp([0x12, 0, 0, 0, ...g]),
    igmp([0x16, 0, 0, 0, ...g]),
    igmp([0x17, 0, 0, 0, ...g]),
    igmp([0x22, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0, ...g]),
    igmp([0x01, 0, 0, 0, 0, 0, 0, 0]),
    igmp([0x13, 0, 0, 0, 0, 0, 0, 0]),
    igmp([0x14, 0, 0, 0, 0, 0, 0, 0]),
    igmp([0x30, 0, 0, 0, 0, 0, 0, 0]),
    // UDP 4500: ESP (either port), IKE after the non-ESP marker, a NAT-keepalive, a datagram too short to say.
    natT(4500, [0, 0, 1, 0, 0, 0, 0, 1, 5, 6, 7, 8, 1, 2, 3, 4]),
    natT(1234, [0, 0, 1, 0, 0, 0, 0, 1, 5, 6, 7, 8]),
    natT(4500, [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
    natT(4500, [0xff]),
    natT(4500, [0, 0, 1]),
    // PIM versions 2 and 1 directly over IP.
    pim([0x20, 0, 0, 0, 0, 0, 0, 0]),
    pim([0x10, 0, 0, 0, 0, 0, 0, 0]),
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
      'wireshark-wiki/SampleCaptures__myfisrtsll.cap',
      'wireshark-wiki/SampleCaptures__tfp_capture.pcapng',
      'scapy/pcaps__ikev2_nat_t.pcapng',
      'wireshark-wiki/SampleCaptures__http_capture.pcap',
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
      assert.ok(
        theirs.some((t) => named.test(t)),
        `${name} has such packets`,
      );
    }
  });
});

const ascii = (t: string) => new TextEncoder().encode(t);
const SYN = 0x002,
  ACK = 0x010,
  PSH_ACK = 0x018,
  SYN_ACK = 0x012;

/**
 * TCP segments whose Protocol column follows tshark's TCP rules rather than their bytes (packet-tcp.c,
 * decode_tcp_ports; packet-http.c): a conversation HTTP was recognised in, a retransmission, a body
 * that continues a message, a TCP header too short to hold its ports.
 */
function tcpRuleFrames(): Frame[] {
  const seg = (sport: number, dport: number, flags: number, seq: number, ack: number, payload = '') =>
    ethernet(
      ipv4(tcp({ sport, dport, flags, seq, ack, payload: ascii(payload) }), {
        proto: 6,
        src: sport < dport ? '10.0.0.2' : '10.0.0.1',
        dst: sport < dport ? '10.0.0.1' : '10.0.0.2',
      }),
      0x0800,
    );
  const get = 'GET / HTTP/1.0\r\n\r\n';
  // A: HTTP on 8000 (found by tshark's heuristic, no port claims it); the server answers with bytes that are not HTTP.
  const a = [
    seg(45678, 8000, SYN, 100, 0),
    seg(8000, 45678, SYN_ACK, 500, 101),
    seg(45678, 8000, ACK, 101, 501),
    seg(45678, 8000, PSH_ACK, 101, 501, get),
    seg(8000, 45678, PSH_ACK, 501, 119, '/1.1 200 OK\r\nServer: x\r\n\r\n<html></html>'),
  ];
  // B: a request retransmitted a second later, then a response whose body continues in a second segment.
  const head = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345';
  const b = [
    seg(45679, 80, SYN, 100, 0),
    seg(80, 45679, SYN_ACK, 500, 101),
    seg(45679, 80, ACK, 101, 501),
    seg(45679, 80, PSH_ACK, 101, 501, get),
    seg(45679, 80, PSH_ACK, 101, 501, get),
    seg(80, 45679, PSH_ACK, 501, 119, head),
    seg(80, 45679, PSH_ACK, 501 + head.length, 119, '67890'),
  ];
  // C: IPv6 whose payload length is 0 (BIG TCP without its jumbo option): TCP gets no bytes.
  const bigTcp = ethernet(
    concat(
      ipv6(tcp({ flags: ACK, payload: ascii('x'.repeat(40)) }), { nextHeader: 6 }).subarray(0, 4),
      [0, 0],
      [6, 64],
      new Uint8Array(32),
      tcp({ flags: ACK, payload: ascii('x'.repeat(40)) }),
    ),
    0x86dd,
  );
  const frames: Frame[] = [...a, ...b, bigTcp].map((data, k) => ({ sec: 1 + (k >= a.length + 4 ? 1 : 0), frac: k * 1000, data }));
  // D: an IPv4 frame cut by the snap length 2 bytes into its TCP header.
  const cut = seg(45680, 80, PSH_ACK, 101, 501, get);
  frames.push({ sec: 3, frac: 0, data: cut.subarray(0, 14 + 20 + 2), origLen: cut.length });
  return frames;
}

describe("Protocol column: tshark's TCP rules over the segment's bytes", () => {
  it('HTTP for its conversation (Continuation), TCP for a retransmission, a body continuation and a header without its ports (built frames)', function () {
    const file = pcapFile(tcpRuleFrames());
    const cap = openCaptureBytes(file);
    analyzeTcpSequences(cap.index);
    const ours = protocols(cap);
    assert.deepEqual(ours, ['TCP', 'TCP', 'TCP', 'HTTP', 'HTTP', 'TCP', 'TCP', 'TCP', 'HTTP', 'TCP', 'HTTP', 'TCP', 'IPv6', 'IPv4']);
    assert.equal(packetRecord(cap, 4).info, 'Continuation');
    assert.equal(findNode(dissectPacket(cap, 4), 'http')?.text, 'Hypertext Transfer Protocol (Continuation)');
    assert.deepEqual(packetRecord(cap, 9).tcp?.len, 18, 'the retransmission keeps its TCP fields');
    skipWithoutTshark(this);
    const theirs = tsharkFieldsOfBytes(file, ['_ws.col.Protocol', '_ws.col.Info']);
    // #11/#12: one response in two segments, the listed 'app-reassembly' deviation (tshark names the completing segment).
    const differ = theirs.flatMap(([t, info], k) => (ours[k] !== t && k !== 10 && k !== 11 ? [`#${k + 1}: ours ${ours[k]} tshark ${t} (${info})`] : []));
    assert.deepEqual(differ, []);
    assert.deepEqual([theirs[10][0], theirs[11][0]], ['TCP', 'HTTP']);
  });

  it('public captures: HTTP Continuation after a fuzzed reply, an out-of-order TLS record, BIG TCP without its jumbo option', async function () {
    this.timeout(60_000);
    const cases: Array<[string, number, string]> = [
      ['wireshark-wiki/SampleCaptures__c05-http-reply-r1.pcap.gz', 16, 'HTTP'],
      ['wireshark-wiki/SampleCaptures__c05-http-reply-r1.pcap.gz', 96, 'HTTP'],
      ['wireshark-wiki/SampleCaptures__http_capture.pcap', 26, 'TCP'],
      ['tcpdump/bigtcp-ipv6.pcap', 1, 'IPv6'],
    ];
    for (const [name, frame, proto] of cases) {
      const file = path.join(PUBLIC, name);
      if (!fs.existsSync(file)) {
        console.log(`    SKIP ${name}: ${PUBLIC} does not have it`);
        continue;
      }
      const cap = await openCaptureFile(file);
      try {
        analyzeTcpSequences(cap.index);
        assert.equal(packetRecord(cap, frame - 1).proto, proto, `${name} #${frame}`);
      } finally {
        cap.close();
      }
    }
  });
});
