import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { TH_ACK, TH_SYN } from '../../../src/core/decode/tcp';
import { CLIENT, SERVER } from '../../../src/core/follow/followChunks';
import { followStream } from '../../../src/core/follow/followCapture';
import type { FollowStream } from '../../../src/core/follow/followStream';
import { writeFollowText } from '../../../src/core/follow/followText';
import { chunkAt, chunkBytes, readDirection } from '../../../src/core/follow/streamReader';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, tcp } from '../helpers/packetBuilder';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const ascii = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A client → server conversation: [from client?, seq, ack, flags, payload]. */
function conversation(segments: Array<[boolean, number, number, number, string]>): FollowStream {
  const frames = segments.map(([fromClient, seq, ack, flags, payload], k) => {
    const seg = tcp({ sport: fromClient ? 40000 : 80, dport: fromClient ? 80 : 40000, seq, ack, flags, payload: text(payload) });
    const ip = ipv4(seg, { src: fromClient ? '10.0.0.1' : '10.0.0.2', dst: fromClient ? '10.0.0.2' : '10.0.0.1', proto: 6 });
    return { sec: 1_700_000_000, frac: k, data: ethernet(ip, 0x0800) };
  });
  const s = followStream(openCaptureBytes(pcapFile(frames)), { kind: 'tcp', stream: 0 });
  assert.ok(s);
  return s;
}

describe('Follow TCP stream: reassembly rules (Wireshark follow_tcp_tap_listener)', () => {
  // Client ISN 1000, server ISN 5000.
  const s = conversation([
    [true, 1000, 0, TH_SYN, ''],
    [false, 5000, 1001, TH_SYN | TH_ACK, ''],
    [true, 1001, 5001, TH_ACK, 'HELLO'], //           packet 2: bytes 0-4
    [true, 1011, 5001, TH_ACK, 'WORLD'], //           packet 3: ahead of a hole, waits
    [true, 1006, 5001, TH_ACK, '_____'], //           packet 4: fills the hole, then packet 3 follows
    [true, 1001, 5001, TH_ACK, 'XXXXXXXX'], //        packet 5: a retransmission with other bytes: the first copy wins
    [true, 1014, 5001, TH_ACK, 'LD!!!'], //           packet 6: overlaps "LD", adds "!!!"
    [false, 5001, 1019, TH_ACK, 'OK'], //             packet 7: server data
    [true, 1030, 5003, TH_ACK, 'LATE'], //            packet 8: 11 bytes lost before it
    [false, 5003, 1034, TH_ACK, ''], //               packet 9: the server ACKs past the hole: it was lost before the capture
  ]);

  it('delivers in sequence order, first copy wins, overlaps add only their new tail', () => {
    assert.equal(ascii(readDirection(s, CLIENT, 0, 100)), 'HELLO_____WORLD!!!LATE');
    assert.equal(ascii(readDirection(s, SERVER, 0, 100)), 'OK');
  });

  it('an ACK beyond a waiting segment records the gap (tshark: "[11 bytes missing in capture file]") and resumes', () => {
    const c = s.chunks;
    const gaps = Array.from({ length: c.count }, (_, k) => k).filter((k) => c.isGap(k));
    assert.equal(gaps.length, 1);
    assert.equal(c.missing[gaps[0]], 11);
    assert.equal(c.packet[gaps[0]], 9, 'the gap is learnt from the ACK (packet index 9)');
    assert.equal(c.direction[gaps[0]], CLIENT);
    const lines: string[] = [];
    writeFollowText(s, 'ascii', 'both', (l) => lines.push(l));
    assert.ok(lines.includes('[11 bytes missing in capture file].'), lines.join('\n'));
  });

  it('maps every byte to its packet, and reads any window without the rest', () => {
    const c = s.chunks;
    const packetOf = (offset: number): number => c.packet[chunkAt(s, CLIENT, offset)];
    assert.deepEqual([0, 4, 5, 9, 10, 14, 15, 17, 18, 21].map(packetOf), [2, 2, 4, 4, 3, 3, 6, 6, 8, 8]);
    assert.equal(chunkAt(s, CLIENT, 22), -1);
    assert.equal(ascii(readDirection(s, CLIENT, 3, 12)), 'LO_____WO');
    assert.equal(ascii(readDirection(s, CLIENT, 17, 19)), '!L');
    assert.equal(ascii(chunkBytes(s, chunkAt(s, CLIENT, 15))), '!!!');
    assert.equal(readDirection(s, CLIENT, 30, 40).length, 0);
  });

  it("raw output: one hex line per chunk, the server's after a tab; --direction keeps one side", () => {
    const lines: string[] = [];
    writeFollowText(s, 'raw', 'both', (l) => lines.push(l));
    const data = lines.filter((l) => /^\t?[0-9a-f]+$/.test(l));
    assert.deepEqual(data.slice(0, 4), ['48454c4c4f', '5f5f5f5f5f', '574f524c44', '212121']);
    assert.ok(data.includes('\t4f4b'));
    const server: string[] = [];
    writeFollowText(s, 'raw', 'server', (l) => server.push(l));
    assert.deepEqual(
      server.filter((l) => /^\t?[0-9a-f]+$/.test(l)),
      ['4f4b'],
    );
  });

  it('hex dump counts offsets per direction; yaml carries packet numbers and base64', () => {
    const hex: string[] = [];
    writeFollowText(s, 'hex', 'both', (l) => hex.push(l));
    const pad = (bytes: number): string => ' '.repeat((16 - bytes) * 3 + 1);
    assert.ok(hex.includes(`00000000  48 45 4c 4c 4f ${pad(5)} HELLO`), hex.join('\n'));
    assert.ok(hex.includes(`0000000A  57 4f 52 4c 44 ${pad(5)} WORLD`), 'offsets in upper-case hex, per direction');
    assert.ok(hex.includes(`\t00000000  4f 4b ${pad(2)} OK`));
    const yaml: string[] = [];
    writeFollowText(s, 'yaml', 'both', (l) => yaml.push(l));
    assert.deepEqual(yaml.slice(yaml.indexOf('  - packet: 3'), yaml.indexOf('  - packet: 3') + 5), [
      '  - packet: 3',
      '    peer: 0',
      '    timestamp: 1700000000.000002000',
      '    data: !!binary |',
      '      SEVMTE8=',
    ]);
  });
});
