import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, ipv4, ipv6, tcp, u16, u32, udp } from '../helpers/packetBuilder';

function walk(nodes: DetailNode[], each: (n: DetailNode, path: string[]) => void, path: string[] = []): void {
  for (const n of nodes) {
    each(n, path);
    if (n.children) walk(n.children, each, [...path, n.field]);
  }
}

function fromHex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
}

/** One frame, captured in full or cut to `caplen` bytes as a short snaplen does (origLen stays whole). */
function dissectCut(frame: Uint8Array, caplen = frame.length): { nodes: DetailNode[]; caplen: number } {
  const cap = openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: frame.subarray(0, caplen), origLen: frame.length }]));
  assert.equal(cap.index.count, 1);
  const nodes = dissectPacket(cap, 0);
  cap.close();
  return { nodes, caplen };
}

function fieldsIn(nodes: DetailNode[], under: string): Map<string, DetailNode> {
  const out = new Map<string, DetailNode>();
  walk(nodes, (n, path) => {
    if (path.includes(under) && !out.has(n.field)) out.set(n.field, n);
  });
  return out;
}

// The quoted datagrams: what the error is about (a TCP SYN and a UDP datagram, over IPv4 and IPv6).
const v4Tcp = ipv4(tcp({ sport: 40000, dport: 443, seq: 123456, flags: 0x002, options: [2, 4, ...u16(1460)] }), {
  proto: 6,
  src: '10.77.0.1',
  dst: '10.77.0.2',
});
const v4Udp = ipv4(udp(5353, 53, Uint8Array.from([1, 2, 3, 4])), { proto: 17, src: '10.77.0.1', dst: '10.77.0.2' });
const v6Tcp = ipv6(tcp({ sport: 40000, dport: 443, seq: 123456, flags: 0x002 }), { nextHeader: 6, src: 'fd00::1', dst: 'fd00::2' });
const v6Udp = ipv6(udp(5353, 53, Uint8Array.from([1, 2, 3, 4])), { nextHeader: 17, src: 'fd00::1', dst: 'fd00::2' });

function icmpError(type: number, code: number, word: number[], quotedDatagram: Uint8Array): Uint8Array {
  return concat([type, code, 0, 0], word, quotedDatagram);
}

/** [name, frame] for every ICMP / ICMPv6 error type that quotes a datagram, around each quoted kind. */
function errorFrames(): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  const v4Errors: Array<[string, number, number, number[]]> = [
    ['port unreachable', 3, 3, [0, 0, 0, 0]],
    ['fragmentation needed', 3, 4, [0, 0, ...u16(1400)]],
    ['source quench', 4, 0, [0, 0, 0, 0]],
    ['redirect', 5, 1, [10, 77, 0, 254]],
    ['time exceeded', 11, 0, [0, 0, 0, 0]],
    ['parameter problem', 12, 0, [20, 0, 0, 0]],
  ];
  for (const [name, type, code, word] of v4Errors) {
    for (const [q, d] of [
      ['IPv4/TCP', v4Tcp],
      ['IPv4/UDP', v4Udp],
    ] as const) {
      out.push([`ICMP ${name} quoting ${q}`, ethernet(ipv4(icmpError(type, code, word, d), { proto: 1, src: '10.77.0.254', dst: '10.77.0.1' }), 0x0800)]);
    }
  }
  const v6Errors: Array<[string, number, number, number[]]> = [
    ['destination unreachable', 1, 4, [0, 0, 0, 0]],
    ['packet too big', 2, 0, u32(1280)],
    ['time exceeded', 3, 0, [0, 0, 0, 0]],
    ['parameter problem', 4, 0, u32(40)],
  ];
  for (const [name, type, code, word] of v6Errors) {
    for (const [q, d] of [
      ['IPv6/TCP', v6Tcp],
      ['IPv6/UDP', v6Udp],
    ] as const) {
      out.push([`ICMPv6 ${name} quoting ${q}`, ethernet(ipv6(icmpError(type, code, word, d), { nextHeader: 58, src: 'fd00::fe', dst: 'fd00::1' }), 0x86dd)]);
    }
  }
  return out;
}

describe('detail tree of ICMP errors whose quoted datagram is cut off', () => {
  it("the fuzzer's 42-byte frame: fields shown, the quoted datagram marked truncated, no exception", () => {
    // Found by fuzzing: IP total length 74 promises a 46-byte quoted datagram; the frame ends after the ICMP header.
    const frame = fromHex('027700000001027700000002080045c0004a6e3b00004001f71b0a4d00020a4d0001030311c500000000');
    const { nodes } = dissectCut(frame);
    const icmp = fieldsIn(nodes, 'icmp');
    assert.equal(icmp.get('icmp.type')?.value, 3);
    assert.equal(icmp.get('icmp.code')?.value, 3);
    assert.equal(icmp.get('icmp.checksum')?.value, 0x11c5);
    const quoted = fieldsIn(nodes, 'icmp').get('icmp.quoted.truncated');
    assert.equal(quoted?.text, '[Quoted datagram truncated: 0 of 46 bytes captured]');
    walk(nodes, (n) => assert.notEqual(n.field, '_ws.malformed', n.text));
  });

  for (const [name, frame] of errorFrames()) {
    it(`${name}, cut at every byte offset: never throws, every captured field shown, the cut marked`, () => {
      const full = dissectCut(frame);
      const fullFields: DetailNode[] = [];
      walk(full.nodes, (n) => {
        if (n.length > 0) fullFields.push(n);
      });
      const icmpAt = fullFields.find((n) => n.field === 'icmp.type' || n.field === 'icmpv6.type')!.offset;
      assert.ok(
        fullFields.some((n) => n.field === 'tcp.srcport' || n.field === 'udp.srcport'),
        'the whole frame dissects the quoted transport header',
      );
      for (let caplen = 0; caplen <= frame.length; caplen++) {
        const { nodes } = dissectCut(frame, caplen);
        const seen = new Set<string>();
        walk(nodes, (n) => {
          assert.notEqual(n.field, '_ws.malformed', `cut at ${caplen}: ${n.text}`);
          assert.ok(n.offset >= 0 && n.offset + n.length <= caplen, `cut at ${caplen}: ${n.field} @${n.offset}+${n.length}`);
          seen.add(`${n.field}@${n.offset}`);
        });
        // Every field of the whole frame whose bytes were all captured is still in the tree (the layer ids aside).
        for (const f of fullFields) {
          // tcp.flags.res lies in the first byte of the 2-byte flags field: shown with the field or not at all.
          if (f.offset + f.length > caplen || f.children || (f.field === 'tcp.flags.res' && caplen < f.offset + 2)) continue;
          assert.ok(seen.has(`${f.field}@${f.offset}`), `cut at ${caplen}: ${f.field} @${f.offset}+${f.length} was captured but is missing`);
        }
        if (caplen > icmpAt + 8 && caplen < frame.length) {
          const note = [...fieldsIn(nodes, 'icmp'), ...fieldsIn(nodes, 'icmpv6')].find(([k]) => k.endsWith('.quoted.truncated'))?.[1];
          assert.equal(note?.text, `[Quoted datagram truncated: ${caplen - icmpAt - 8} of ${frame.length - icmpAt - 8} bytes captured]`, `cut at ${caplen}`);
        }
      }
    });
  }
});
