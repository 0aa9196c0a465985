import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, linuxSynOptions, tcp, u16, u32 } from '../helpers/packetBuilder';
import type { TcpOptions } from '../helpers/packetBuilder';

function frames(list: Array<TcpOptions & { fromServer?: boolean }>) {
  return openCaptureBytes(
    pcapFile(
      list.map((o, k) => ({
        sec: 1700000000 + k,
        frac: 0,
        data: ethernet(
          ipv4(tcp({ sport: o.fromServer ? 80 : 51234, dport: o.fromServer ? 51234 : 80, ...o }), {
            proto: 6,
            src: o.fromServer ? '10.0.0.2' : '10.0.0.1',
            dst: o.fromServer ? '10.0.0.1' : '10.0.0.2',
          }),
          0x0800,
        ),
      })),
    ),
  );
}

function optionNodes(tree: DetailNode[]): DetailNode[] {
  const tcpNode = tree.find((n) => n.field === 'tcp')!;
  return tcpNode.children!.find((n) => n.field === 'tcp.options')?.children ?? [];
}

describe('TCP decoder', () => {
  it("formats the founding case's SYN exactly like Wireshark", () => {
    const cap = frames([{ flags: 0x002, seq: 1000, options: linuxSynOptions(538477964, 0), win: 64240 }]);
    const r = packetRecord(cap, 0);
    // The example uses WS=128 (shift 7), which linuxSynOptions sends.
    assert.equal(r.info, '51234 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=538477964 TSecr=0 WS=128');
    assert.deepEqual(r.tcp, {
      sport: 51234,
      dport: 80,
      stream: 0,
      flags: 2,
      seq: 0,
      ack: 0,
      seqRaw: 1000,
      ackRaw: 0,
      win: 64240,
      len: 0,
      mss: 1460,
      wscale: 7,
      sackPerm: true,
      tsval: 538477964,
      tsecr: 0,
    });
  });

  it('numbers seq/ack relative per direction and scales the window after the handshake', () => {
    const cap = frames([
      { flags: 0x002, seq: 1000, options: linuxSynOptions(1, 0) },
      { flags: 0x012, seq: 5000, ack: 1001, options: linuxSynOptions(2, 1), fromServer: true },
      { flags: 0x010, seq: 1001, ack: 5001, win: 502 },
      { flags: 0x018, seq: 1001, ack: 5001, win: 502, payload: new Uint8Array(10) },
    ]);
    assert.equal(packetRecord(cap, 1).info, '80 → 51234 [SYN, ACK] Seq=0 Ack=1 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=2 TSecr=1 WS=128');
    assert.equal(packetRecord(cap, 2).info, '51234 → 80 [ACK] Seq=1 Ack=1 Win=64256 Len=0');
    const r3 = packetRecord(cap, 3);
    assert.equal(r3.tcp?.win, 502, 'JSON keeps the window as sent');
    assert.equal(r3.tcp?.len, 10);
    assert.equal(r3.info, '51234 → 80 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=10');
  });

  it('starts at 1 when the capture begins mid-connection (tshark bug 1542 behaviour)', () => {
    const cap = frames([
      { flags: 0x010, seq: 7000, ack: 9000 },
      { flags: 0x010, seq: 9000, ack: 7000, fromServer: true },
    ]);
    assert.equal(packetRecord(cap, 0).tcp?.seq, 1);
    assert.equal(packetRecord(cap, 0).tcp?.ack, 1);
    assert.equal(packetRecord(cap, 1).tcp?.seq, 1);
  });

  it('a SYN with a new ISN on a used tuple starts a new stream and is flagged reused_ports', () => {
    const cap = frames([
      { flags: 0x002, seq: 1000 },
      { flags: 0x014, seq: 0, ack: 1001, fromServer: true },
      { flags: 0x002, seq: 99999 },
      { flags: 0x002, seq: 99999 },
    ]);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => packetRecord(cap, i).tcp?.stream),
      [0, 0, 1, 1],
    );
    assert.deepEqual(packetRecord(cap, 2).analysis, ['reused_ports']);
    assert.equal(packetRecord(cap, 3).analysis, undefined, 'a retransmitted SYN is not a reuse');
  });

  it('names all flags including ECE, CWR and AE', () => {
    const cap = frames([{ flags: 0x1c2 }, { flags: 0 }]);
    assert.match(packetRecord(cap, 0).info, /\[SYN, ECE, CWR, AE\]/);
    assert.equal(packetRecord(cap, 0).tcp?.flags, 0x1c2);
    assert.match(packetRecord(cap, 1).info, /\[<None>\]/);
  });

  it('decodes every option kind: MSS, WS, SACK_PERM, SACK, TS, UTO, TFO, MD5, TCP-AO, MPTCP, experimental TFO, unknown', () => {
    // Two segments: one header holds at most 40 bytes of options.
    const a = [2, 4, ...u16(1400), 3, 3, 9, 4, 2, 8, 10, ...u32(11), ...u32(22), 5, 10, ...u32(1100), ...u32(1200), 28, 4, 0x80, 10, 34, 2, 0];
    const b = [19, 18, ...new Array(16).fill(0xaa), 29, 6, 7, 8, 0xde, 0xad, 30, 4, 0x00, 0x81, 254, 4, 0xf9, 0x89, 99, 3, 0x42, 253, 5, 0x12, 0x34, 0x56];
    const cap = frames([
      { flags: 0x002, seq: 1000 },
      { flags: 0x012, seq: 1000, ack: 1001, options: a, fromServer: true },
      { flags: 0x010, seq: 1001, ack: 1001, options: b },
    ]);
    const texts = (i: number) => optionNodes(dissectPacket(cap, i)).map((n) => n.text.replace(/^TCP Option - /, ''));
    assert.deepEqual(texts(1), [
      'Maximum segment size: 1400 bytes',
      'Window scale: 9 (multiply by 512)',
      'SACK permitted',
      'Timestamps: TSval 11, TSecr 22',
      'SACK: 1100-1200',
      'User timeout: 800a',
      'TCP Fast Open cookie request',
      'End of Option List (EOL)',
    ]);
    assert.deepEqual(texts(2), [
      'TCP MD5 signature: ' + 'aa'.repeat(16),
      'TCP-AO: KeyID 7, RNextKeyID 8, MAC dead',
      'Multipath TCP: MP_CAPABLE',
      'TCP Fast Open cookie request',
      'Unknown option kind 99: 42',
      'Experimental (RFC 6994, kind 253): ExID 0x1234, data 56',
    ]);
    assert.match(packetRecord(cap, 1).info, /MSS=1400 WS=512 SACK_PERM TSval=11 TSecr=22 SLE=100 SRE=200 TFO=R$/);
    const opts = optionNodes(dissectPacket(cap, 1));
    assert.deepEqual(opts.map((n) => [n.field, n.offset, n.length]).slice(0, 3), [
      ['tcp.options.mss', 54, 4],
      ['tcp.options.wscale', 58, 3],
      ['tcp.options.sack_perm', 61, 2],
    ]);
  });

  it('flags a bad option length as malformed instead of crashing or over-reading', () => {
    const cases = [
      [2, 3, 5, 1],
      [8, 40, 0, 0],
      [3, 1, 0, 0],
      [5, 7, 0, 0, 0, 0, 0, 0],
    ];
    for (const bad of cases) {
      const cap = frames([{ flags: 0x002, options: [1, ...bad] }]);
      const nodes = optionNodes(dissectPacket(cap, 0));
      const last = nodes[nodes.length - 1];
      assert.equal(last.severity, 'error', `option bytes ${bad}`);
      assert.match(last.text, /malformed/);
      assert.doesNotThrow(() => packetRecord(cap, 0));
    }
  });

  it('flags a data offset below 20 and a header longer than the segment', () => {
    const short = tcp({ flags: 0x010 });
    short[12] = 0x40; // data offset 4 words
    const cap = openCaptureBytes(pcapFile([{ sec: 0, frac: 0, data: ethernet(ipv4(short, { proto: 6 }), 0x0800) }]));
    // tshark 4.0 numbers the stream (tcp.stream 0) and says "bogus TCP header length (16, must be at least 20)".
    assert.equal(packetRecord(cap, 0).tcp?.stream, 0);
    const tcpNode = dissectPacket(cap, 0).find((n) => n.field === 'tcp')!;
    const hl = tcpNode.children!.find((n) => n.field === 'tcp.hdr_len')!;
    assert.equal(hl.severity, 'error');
    assert.match(hl.text, /bogus, must be at least 20/);
  });

  it('window scale shifts above 14 are explained and capped at 14', () => {
    const cap = frames([{ flags: 0x002, options: [3, 3, 15] }]);
    assert.match(optionNodes(dissectPacket(cap, 0))[0].text, /above 14 is invalid/);
    assert.match(packetRecord(cap, 0).info, /WS=16384/);
  });
});
