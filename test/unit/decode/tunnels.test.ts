import { strict as assert } from 'node:assert';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { MAX_LAYERS } from '../../../src/core/decode/packetDecoder';
import { captureFieldSource, compileFilter, filterPackets } from '../../../src/core/filter/compileFilter';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { pcapFile } from '../helpers/captureWriter';
import { concat, ethernet, ipv4, u16 } from '../helpers/packetBuilder';
import * as T from '../helpers/tunnelFrames';
import { findAllNodes } from '../helpers/detailTree';

function capture(...frames: Uint8Array[]): Capture {
  const cap = openCaptureBytes(pcapFile(frames.map((data, k) => ({ sec: 1, frac: k, data }))));
  assert.equal(cap.error, undefined);
  return cap;
}

function within(nodes: DetailNode[], caplen: number, where: string): void {
  for (const n of nodes) {
    assert.ok(n.offset >= 0 && n.length >= 0 && n.offset + n.length <= caplen, `${where}: ${n.field} at ${n.offset}+${n.length} past ${caplen}`);
    assert.notEqual(n.field, '_ws.malformed', `${where}: ${n.text}`);
    if (n.children) within(n.children, caplen, where);
  }
}

function shown(cap: Capture, filter: string): number[] {
  return [...filterPackets(compileFilter(filter, captureFieldSource(cap))!, cap.index.count)].map((i) => i + 1);
}

describe("encapsulations and tunnels: the innermost IP and transport are the packet's", () => {
  it('VXLAN carrying VLAN-tagged Ethernet: inner TCP in the record, the VNI and outer endpoints in `tunnel`, every layer in the tree', () => {
    const cap = capture(T.vxlanVlanFrame(43));
    const r = packetRecord(cap, 0);
    assert.equal(r.src, '10.78.0.1');
    assert.equal(r.dst, '10.78.0.2');
    assert.equal(r.proto, 'TCP');
    assert.equal(r.tcp?.dport, 80);
    assert.equal(r.udp, undefined);
    assert.deepEqual(r.tunnel, [{ type: 'vxlan', src: '10.77.0.1', dst: '10.77.0.2', vni: 43 }]);
    const tree = dissectPacket(cap, 0);
    assert.equal(findAllNodes(tree, 'vxlan.vni')[0].value, 43);
    assert.deepEqual(
      findAllNodes(tree, 'ip.src').map((n) => n.value),
      ['10.77.0.1', '10.78.0.1'],
      'outer and inner IP both rendered',
    );
    assert.equal(findAllNodes(tree, 'vlan.id')[0].value, 30);
    assert.equal(findAllNodes(tree, 'udp.dstport')[0].value, 4789);
  });

  it("ARP inside VXLAN keeps the outer IP and UDP fields (tshark's only occurrences)", () => {
    const arp = ethernet(Uint8Array.from([0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 78, 0, 1, 0, 0, 0, 0, 0, 0, 10, 78, 0, 2]), 0x0806);
    const r = packetRecord(capture(T.vxlanFrame(42, arp)), 0);
    assert.equal(r.proto, 'ARP');
    assert.equal(r.info, 'Who has 10.78.0.2? Tell 10.78.0.1');
    assert.equal(r.src, '10.77.0.1');
    assert.deepEqual(r.udp, { sport: 51000, dport: 4789, len: 8 + 8 + arp.length });
  });

  it('GRE with checksum, key and sequence number carrying IPv4: inner UDP, the key and sequence in `tunnel` and the tree', () => {
    const cap = capture(T.greAllFieldsFrame(1001, 3));
    const r = packetRecord(cap, 0);
    assert.deepEqual(r.udp, { sport: 5000, dport: 53, len: 12 });
    assert.equal(r.src, '10.78.0.1');
    assert.deepEqual(r.tunnel, [{ type: 'gre', src: '10.77.0.1', dst: '10.77.0.2', proto: 0x0800, key: 1001, seq: 3 }]);
    const tree = dissectPacket(cap, 0);
    assert.equal(findAllNodes(tree, 'gre.key')[0].value, 1001);
    assert.equal(findAllNodes(tree, 'gre.sequence_number')[0].value, 3);
    assert.equal(findAllNodes(tree, 'gre.checksum').length, 1);
    assert.equal(findAllNodes(tree, 'gre.flags.checksum')[0].value, true);
  });

  it("GRETAP and ERSPAN Type I, II and III: the mirrored frame's TCP, the span id", () => {
    const cap = capture(T.gretapFrame(), T.erspanFrame(1, 0), T.erspanFrame(2, 9), T.erspanFrame(3, 11));
    for (let i = 0; i < 4; i++) assert.equal(packetRecord(cap, i).tcp?.sport, 40000, `packet ${i + 1}`);
    assert.deepEqual(
      packetRecord(cap, 2).tunnel?.map((h) => h.type),
      ['gre', 'erspan'],
    );
    assert.equal(packetRecord(cap, 2).tunnel?.[1].spanid, 9);
    assert.equal(findAllNodes(dissectPacket(cap, 3), 'erspan.spanid')[0].value, 11);
    assert.equal(findAllNodes(dissectPacket(cap, 1), 'erspan').length, 1, 'Type I is named in the GRE layer');
  });

  it('an MPLS stack of 3 labels over IPv4, and an Ethernet pseudowire with a control word', () => {
    const cap = capture(T.mplsFrame([16, 17, 18]), T.mplsPwFrame());
    const r = packetRecord(cap, 0);
    assert.equal(r.tcp?.dport, 80);
    assert.deepEqual(r.tunnel, [{ type: 'mpls', labels: [16, 17, 18] }]);
    const tree = dissectPacket(cap, 0);
    assert.deepEqual(
      findAllNodes(tree, 'mpls.label').map((n) => n.value),
      [16, 17, 18],
    );
    assert.deepEqual(
      findAllNodes(tree, 'mpls.bottom').map((n) => n.value),
      [0, 0, 1],
    );
    assert.equal(packetRecord(cap, 1).tcp?.dport, 80);
    assert.equal(findAllNodes(dissectPacket(cap, 1), 'pwethcw').length, 1);
  });

  it('Geneve with an option carrying Ethernet/IPv6, GTP-U with an extension header, and a GTP echo that is not followed', () => {
    const cap = capture(T.geneveFrame(4243), T.gtpFrame(0x1234), T.gtpEchoFrame());
    assert.equal(packetRecord(cap, 0).src, 'fd78::1');
    assert.equal(packetRecord(cap, 0).tcp?.dport, 443);
    assert.equal(packetRecord(cap, 0).tunnel?.[0].vni, 4243);
    assert.equal(findAllNodes(dissectPacket(cap, 0), 'geneve.option').length, 1);
    assert.deepEqual(packetRecord(cap, 1).udp, { sport: 5000, dport: 53, len: 12 });
    assert.equal(packetRecord(cap, 1).tunnel?.[0].teid, 0x1234);
    const echo = packetRecord(cap, 2);
    assert.deepEqual(echo.udp?.dport, 2152, 'GTP signalling stays the outer UDP datagram');
    assert.equal(echo.src, '10.77.0.1');
  });

  it('IP-in-IP, 6in4 (SIT), IPv4-in-IPv6, Teredo, PBB and VN-Tag reach the inner transport', () => {
    const cap = capture(T.ipipFrame(), T.sitFrame(), T.ipv4InIpv6Frame(), T.teredoFrame(), T.pbbFrame(5000), T.vnTagFrame());
    assert.equal(packetRecord(cap, 0).src, '10.78.0.1');
    assert.deepEqual(packetRecord(cap, 1).tunnel, [{ type: '6in4', src: '10.77.0.1', dst: '10.77.0.2' }]);
    assert.equal(packetRecord(cap, 1).src, 'fd78::1');
    assert.equal(packetRecord(cap, 2).tunnel?.[0].src, 'fd77::1');
    assert.equal(packetRecord(cap, 2).tcp?.sport, 40000);
    assert.deepEqual(packetRecord(cap, 3).udp, { sport: 3000, dport: 3001, len: 9 });
    assert.equal(packetRecord(cap, 4).tunnel?.[0].isid, 5000);
    assert.equal(packetRecord(cap, 4).tcp?.sport, 40000);
    assert.equal(packetRecord(cap, 5).tcp?.sport, 40000);
  });

  it('the same inner connection through a tunnel in both directions is one TCP stream', () => {
    const back = ipv4(concat(u16(80), u16(40000), [0, 0, 0, 9, 0, 0, 0, 8, 0x50, 0x12, 0xff, 0xff, 0, 0, 0, 0]), {
      proto: 6,
      src: '10.78.0.2',
      dst: '10.78.0.1',
    });
    const cap = capture(T.vxlanFrame(42), T.vxlanFrame(42, ethernet(back, 0x0800)));
    assert.equal(packetRecord(cap, 0).tcp?.stream, 0);
    assert.equal(packetRecord(cap, 1).tcp?.stream, 0);
    assert.equal(packetRecord(cap, 1).info, '80 → 40000 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0');
  });

  it(`IP-in-IP nested deeper than ${MAX_LAYERS} layers stops with a note, without throwing`, () => {
    const cap = capture(T.ipipFrame(20));
    const r = packetRecord(cap, 0);
    assert.notEqual(r.src, '10.78.0.1', 'the walk stopped before the innermost packet');
    const tree = dissectPacket(cap, 0);
    within(tree, cap.index.caplen[0], 'nested');
    assert.match(findAllNodes(tree, '_ws.expert').at(-1)!.text, new RegExp(`Not dissected beyond ${MAX_LAYERS} layers`));
  });

  it('an inner IPv4 header cut after its source address: source and destination both from one header (the inner source alone)', () => {
    const frame = T.ipipFrame();
    const cut = 14 + 20 + 16;
    const cap = openCaptureBytes(pcapFile([{ sec: 1, frac: 0, data: frame.subarray(0, cut), origLen: frame.length }]));
    const r = packetRecord(cap, 0);
    assert.equal(r.src, '10.78.0.1');
    assert.notEqual(r.dst, '10.77.0.254', 'not the outer destination beside the inner source');
  });

  it('every tunnel frame cut at every offset: no throw, every tree node within the captured bytes', () => {
    for (const [name, frame] of T.everyTunnelFrame()) {
      const frames = [];
      for (let cut = 0; cut <= frame.length; cut++) frames.push({ sec: 1, frac: cut, data: frame.subarray(0, cut), origLen: frame.length });
      const cap = openCaptureBytes(pcapFile(frames));
      for (let i = 0; i < cap.index.count; i++) {
        JSON.stringify(packetRecord(cap, i));
        within(dissectPacket(cap, i), cap.index.caplen[i], `${name} cut at ${i}`);
      }
    }
  });
});

describe("tunnel display filter fields (tshark's names)", () => {
  const cap = capture(
    T.vxlanFrame(42),
    T.greAllFieldsFrame(1001, 3),
    T.mplsFrame([16, 17, 18]),
    T.geneveFrame(4243),
    T.gtpFrame(0x1234),
    T.erspanFrame(2, 9),
    ethernet(ipv4(new Uint8Array(8), { proto: 17, src: '10.77.0.1', dst: '10.77.0.9' }), 0x0800),
  );

  it('presence of each protocol', () => {
    assert.deepEqual(shown(cap, 'vxlan'), [1]);
    assert.deepEqual(shown(cap, 'gre'), [2, 6]);
    assert.deepEqual(shown(cap, 'mpls'), [3]);
    assert.deepEqual(shown(cap, 'geneve'), [4]);
    assert.deepEqual(shown(cap, 'gtp'), [5]);
    assert.deepEqual(shown(cap, 'erspan'), [6]);
  });

  it('values: vxlan.vni, geneve.vni, gre.key, gre.proto, erspan.spanid, gtp.teid, any mpls.label, mpls.bottom', () => {
    assert.deepEqual(shown(cap, 'vxlan.vni == 42'), [1]);
    assert.deepEqual(shown(cap, 'geneve.vni == 4243'), [4]);
    assert.deepEqual(shown(cap, 'gre.key == 1001'), [2]);
    assert.deepEqual(shown(cap, 'gre.proto == 0x88be'), [6]);
    assert.deepEqual(shown(cap, 'erspan.spanid == 9'), [6]);
    assert.deepEqual(shown(cap, 'gtp.teid == 0x1234'), [5]);
    assert.deepEqual(shown(cap, 'mpls.label == 17'), [3], 'a label in the middle of the stack');
    assert.deepEqual(shown(cap, 'mpls.bottom == 1 && mpls.label == 18'), [3]);
    assert.deepEqual(shown(cap, 'vxlan.vni == 43'), []);
  });

  it('ip.src and ip.addr match the outer header as well as the inner one (Wireshark: any occurrence)', () => {
    assert.deepEqual(shown(cap, 'ip.src == 10.78.0.1'), [1, 2, 3, 5, 6]);
    assert.deepEqual(shown(cap, 'ip.src == 10.77.0.1'), [1, 2, 4, 5, 6, 7]);
    assert.deepEqual(shown(cap, 'ip.dst == 10.77.0.9'), [7]);
    assert.deepEqual(shown(cap, 'ip.addr == 10.77.0.2 && tcp'), [1, 4, 6]);
    assert.deepEqual(shown(cap, 'ip && ipv6'), [4], 'Geneve over IPv4 carrying IPv6');
  });
});
