import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, tcp } from '../helpers/packetBuilder';
import { findNode } from '../helpers/detailTree';

/** A SYN from 10.0.0.1:1234 to 10.0.0.2:80 whose TCP header is rewritten by `edit`, captured `cut` bytes short. */
function synCapture(edit: (tcpHeader: Uint8Array) => void, cut = 0, options?: number[]) {
  const seg = tcp({ sport: 1234, dport: 80, flags: 0x002, seq: 1000, win: 65535, options });
  edit(seg);
  const frame = ethernet(ipv4(seg, { proto: 6, src: '10.0.0.1', dst: '10.0.0.2' }), 0x0800);
  return openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: frame.subarray(0, frame.length - cut), origLen: frame.length }]));
}

describe('one decoder per layer: the table, the JSON and the detail tree agree', () => {
  it('a TCP header claiming 60 bytes in a 20-byte segment: ports, flags and stream as tshark, the tree says why it is malformed', () => {
    // tshark 4.0: "1234 → 80 [SYN] Seq=1000 Win=65535[Malformed Packet]", tcp.stream 0, tcp.len empty.
    const cap = synCapture((h) => {
      h[12] = 15 << 4;
    });
    const r = packetRecord(cap, 0);
    assert.equal(r.info, '1234 → 80 [SYN] Seq=0 Win=65535 Len=0');
    assert.equal(r.tcp?.sport, 1234);
    assert.equal(r.tcp?.dport, 80);
    assert.equal(r.tcp?.stream, 0);
    assert.equal(r.tcp?.flags, 0x002);
    const tree = dissectPacket(cap, 0);
    assert.equal(findNode(tree, 'tcp.srcport')?.value, 1234);
    const hl = findNode(tree, 'tcp.hdr_len')!;
    assert.equal(hl.severity, 'error');
    assert.match(hl.text, /60 bytes.*more than the 20 bytes of the segment/);
  });

  it('a TCP header cut at 12 bytes: the captured ports are shown in Info and the tree, no stream', () => {
    // tshark 4.0: tcp.srcport 1234, tcp.dstport 80, no tcp.stream, Info "1234 → 80[Packet size limited during capture]".
    const cap = synCapture(() => undefined, 8);
    assert.equal(cap.index.sport[0], 1234);
    assert.equal(cap.index.dport[0], 80);
    assert.equal(cap.index.stream[0], -1);
    const r = packetRecord(cap, 0);
    assert.equal(r.info, '1234 → 80');
    const tree = dissectPacket(cap, 0);
    assert.equal(findNode(tree, 'tcp.srcport')?.value, 1234);
    assert.equal(findNode(tree, 'tcp.dstport')?.value, 80);
    assert.ok(findNode(tree, 'tcp.truncated'), 'the TCP layer says where it was cut');
  });

  // MSS, SACK_PERM, Timestamps, NOP, WS: the capture stops 6 bytes into the Timestamps option.
  const synOptions = [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];

  it('options cut by the snap length: the captured ones are in Info, JSON and tree alike, the cut one is a note, not an error', () => {
    // tshark 4.0: tcp.options.mss_val 1460, sack_perm present, no tsval; Info "… Len=0 MSS=1460 SACK_PERM".
    const cap = synCapture(() => undefined, 12, synOptions);
    const r = packetRecord(cap, 0);
    assert.equal(r.info, '1234 → 80 [SYN] Seq=0 Win=65535 Len=0 MSS=1460 SACK_PERM');
    assert.equal(r.tcp?.mss, 1460);
    assert.equal(r.tcp?.sackPerm, true);
    assert.equal(r.tcp?.tsval, undefined);
    const options = findNode(dissectPacket(cap, 0), 'tcp.options')!;
    assert.notEqual(options.severity, 'error');
    const last = options.children![options.children!.length - 1];
    assert.equal(last.severity, 'note');
    assert.match(last.text, /Timestamps: not fully captured/);
  });

  it("an IPv4 header cut at 18 bytes: its source address is the packet's, as in tshark", () => {
    const seg = tcp({ sport: 1234, dport: 80, flags: 0x002 });
    const frame = ethernet(ipv4(seg, { proto: 6, src: '10.0.0.1', dst: '10.0.0.2' }), 0x0800);
    const cap = openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: frame.subarray(0, 14 + 18), origLen: frame.length }]));
    const r = packetRecord(cap, 0);
    assert.equal(r.src, '10.0.0.1');
    assert.equal(findNode(dissectPacket(cap, 0), 'ip.src')?.value, '10.0.0.1');
  });
});
