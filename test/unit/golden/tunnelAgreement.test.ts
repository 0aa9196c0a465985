import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { FIXTURES, goldenCaptures, readFieldsGolden, readTunnelGolden } from './tsharkGolden';

const num = (s: string) => (s === '' ? undefined : Number(s));

/**
 * The real tunnel captures (make-fixtures.sh: VXLAN, Geneve, GRE, GRETAP, ip6gre, IPIP, SIT, IPv4
 * in IPv6, MPLS) against tshark: each packet's `tunnel` list names the outermost encapsulation with
 * tshark's outer addresses and ids (first occurrences: <capture>.tunnel.tsv), and the capture
 * yields the inner TCP connections tshark counts.
 */
describe('tunnels in real captures agree with tshark', () => {
  const captures = goldenCaptures().filter((c) => readTunnelGolden(c));

  it('has the tunnel fixture captures', () => {
    assert.ok(captures.length >= 10, `found ${captures.join(', ')}`);
  });

  for (const name of captures) {
    it(`${name}: outer endpoints, VNI/key/sequence/labels and the inner TCP streams`, async () => {
      const cap = await openCaptureFile(path.join(FIXTURES, name));
      try {
        const outer = readTunnelGolden(name)!;
        const fields = readFieldsGolden(name);
        let tunnelled = 0;
        for (let i = 0; i < cap.index.count; i++) {
          const t = outer[i];
          const layers = t['frame.protocols'].split(':');
          const nets = layers.filter((l) => l === 'ip' || l === 'ipv6').length;
          const isTunnel = layers.some((l) => ['vxlan', 'geneve', 'gre', 'mpls'].includes(l)) || nets > 1;
          const hop = packetRecord(cap, i).tunnel?.[0];
          if (!isTunnel) {
            assert.equal(hop, undefined, `#${i + 1}: ${t['frame.protocols']} has no tunnel`);
            continue;
          }
          tunnelled++;
          assert.ok(hop, `#${i + 1}: ${t['frame.protocols']} is tunnelled`);
          const where = `#${i + 1} (${t['frame.protocols']})`;
          if (hop.type === 'mpls') {
            assert.deepEqual(hop.labels, t['mpls.label'].split(',').map(Number), where);
            continue;
          }
          const v6 = layers.find((l) => l === 'ip' || l === 'ipv6') === 'ipv6';
          assert.equal(hop.src, t[v6 ? 'ipv6.src' : 'ip.src'], where);
          assert.equal(hop.dst, t[v6 ? 'ipv6.dst' : 'ip.dst'], where);
          assert.equal(hop.vni, num(t['vxlan.vni']) ?? num(t['geneve.vni']), where);
          assert.equal(hop.key, num(t['gre.key']), where);
          assert.equal(hop.seq, num(t['gre.sequence_number']), where);
          if (hop.type === 'gre') assert.equal(hop.proto, num(t['gre.proto']), where);
        }
        assert.ok(tunnelled > 0, 'some packets are tunnelled');
        const theirs = new Set(fields.map((r) => r['tcp.stream']).filter((s) => s !== ''));
        const ours = new Set<number>();
        for (let i = 0; i < cap.index.count; i++) {
          const s = packetRecord(cap, i).tcp?.stream;
          if (s !== undefined) ours.add(s);
        }
        assert.equal(ours.size, theirs.size, 'inner TCP connections');
        assert.ok(ours.size > 0);
      } finally {
        cap.close();
      }
    });
  }
});
