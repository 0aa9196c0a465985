import { strict as assert } from 'node:assert';
import { TSHARK_FIELDS } from './publicFields/contractFields';
import { explainDeviation } from './publicFields/deviationClasses';
import type { PacketRecord } from '../../../src/core/summary/packetRecord';
import { TsharkPacket } from './publicFields/tsharkPacket';

/** A line as `tshark -T fields -E occurrence=a` prints it, from the fields given (the rest empty). */
function line(fields: Record<string, string>): TsharkPacket {
  return new TsharkPacket(TSHARK_FIELDS.map((f) => fields[f] ?? '').join('\t'));
}

/** The rules by which publicFieldAgreement.test.ts reads tshark's output and accepts a deviation. */
describe('public field agreement: which tshark occurrence is the contract value', () => {
  it('a tunnel: the innermost IP header and transport (GRE carrying IPv4/TCP)', () => {
    const t = line({
      'frame.protocols': 'eth:ethertype:ip:gre:ip:tcp',
      'ip.src': '198.51.100.1,10.0.0.1',
      'ip.dst': '198.51.100.2,10.0.0.2',
      'tcp.srcport': '443',
    });
    assert.equal(t.innermostIp('src'), '10.0.0.1');
    assert.equal(t.innermostIp('dst'), '10.0.0.2');
    assert.equal(t.layer('tcp', 'tcp.srcport'), '443');
    assert.equal(t.stack(), 'eth:ip:gre:ip:tcp');
  });

  it('IPv6 inside IPv4 (6in4): the IPv6 header, the one that comes last', () => {
    const t = line({ 'frame.protocols': 'raw:ip:ipv6:tcp', 'ip.src': '192.0.2.1', 'ipv6.src': '2001:db8::1' });
    assert.equal(t.innermostIp('src'), '2001:db8::1');
  });

  it("an ICMP error: the ICMP packet's own addresses; the quoted datagram's UDP is not the packet's", () => {
    const t = line({ 'frame.protocols': 'eth:ethertype:ip:icmp:ip:udp:dns', 'ip.src': '10.0.0.254,10.0.0.1', 'udp.srcport': '53000' });
    assert.equal(t.innermostIp('src'), '10.0.0.254');
    assert.equal(t.layer('udp', 'udp.srcport'), '');
  });

  it('Info keeps a tab of its own (it is the last column)', () => {
    const t = new TsharkPacket([...TSHARK_FIELDS.slice(0, -1).map((f) => (f === 'frame.number' ? '7' : '')), 'a\tb'].join('\t'));
    assert.equal(t.frame('_ws.col.Info'), 'a\tb');
    assert.equal(t.frame('frame.number'), '7');
  });
});

describe('public field agreement: the listed deviation classes', () => {
  const ctx = (t: TsharkPacket) => ({ t, rec: undefined, customBlocksBefore: 0 });

  it('protocol: accepted when tshark names a protocol above the deepest layer we decode and ours names that layer', () => {
    const bgp = line({ 'frame.protocols': 'eth:ethertype:ip:tcp:bgp', '_ws.col.Protocol': 'BGP' });
    assert.equal(explainDeviation('protocol', 'TCP', 'BGP', ctx(bgp)), 'protocol-not-dissected');
    const usb = line({ 'frame.protocols': 'usb:usbhid', '_ws.col.Protocol': 'USBHID' });
    assert.equal(explainDeviation('protocol', 'Unknown link type 266', 'USBHID', ctx(usb)), 'protocol-not-dissected');
  });

  it('protocol: a disagreement when tshark found a layer we decode below a link type we stopped at, or names the same layer differently', () => {
    const ppp = line({ 'frame.protocols': 'ppp:ip:udp:snmp', '_ws.col.Protocol': 'SNMP' });
    assert.equal(explainDeviation('protocol', 'Unknown link type 9', 'SNMP', ctx(ppp)), undefined);
    const igmp = line({ 'frame.protocols': 'sll:ip:igmp:igmp', '_ws.col.Protocol': 'IGMPv3' });
    assert.equal(explainDeviation('protocol', 'IGMP', 'IGMPv3', ctx(igmp)), undefined);
  });

  it('protocol: HTTP named on another segment of the same reassembled PDU', () => {
    const seg = line({ 'frame.protocols': 'eth:ethertype:ip:tcp', '_ws.col.Info': 'HTTP/1.0 302 Redirect  [TCP segment of a reassembled PDU]' });
    assert.equal(explainDeviation('protocol', 'HTTP', 'TCP', ctx(seg)), 'app-reassembly');
    const plain = line({ 'frame.protocols': 'eth:ethertype:ip:tcp', '_ws.col.Info': '80 → 3064 [ACK] Seq=1 Ack=80' });
    assert.equal(explainDeviation('protocol', 'HTTP', 'TCP', ctx(plain)), undefined);
    const completing = line({ 'frame.protocols': 'eth:ethertype:ip:tcp:http:cmp:x509sat', 'tcp.reassembled.length': '805' });
    assert.equal(explainDeviation('protocol', 'TCP', 'CMP', ctx(completing)), 'app-reassembly');
    const whole = line({ 'frame.protocols': 'eth:ethertype:ip:tcp:http:cmp:x509sat' });
    assert.equal(explainDeviation('protocol', 'TCP', 'CMP', ctx(whole)), undefined);
  });

  it('time: an unnormalised fraction is the same instant only when the nanoseconds add up', () => {
    const t = line({});
    assert.equal(explainDeviation('frame.time_epoch', '1418145371.000000000', '1418145370.1000000000', ctx(t)), 'time-fraction-out-of-range');
    assert.equal(explainDeviation('frame.time_epoch', '1418145371.000000000', '1418145370.1000000001', ctx(t)), undefined);
  });

  it('tcp: a header length under 20 — tshark stops after the sequence number; the other fixed fields are still ours', () => {
    const bogus = line({ '_ws.col.Info': '12809 → 55296 [ACK, ECE, Reserved] Seq=1 Ack=1 Win=4347, bogus TCP header length (0, must be at least 20)' });
    assert.equal(explainDeviation('tcp.flags', '2128', '', ctx(bogus)), 'tcp-bogus-header-length');
    assert.equal(explainDeviation('tcp.len', '0', '20', ctx(bogus)), 'tcp-bogus-header-length');
    assert.equal(explainDeviation('tcp.srcport', '1', '12809', ctx(bogus)), undefined);
    assert.equal(explainDeviation('tcp.flags', '2128', '', ctx(line({ '_ws.col.Info': '12809 → 55296 [ACK] Seq=1' }))), undefined);
  });

  it('time: tshark 4.0 wraps a fraction of 2^32 ns or more into a signed 32-bit int', () => {
    const t = line({});
    // 2669140852 µs: × 1000 mod 2^32 = 1966161184 (gppb_unidirectional_commission_n_notification.pcap #12).
    assert.equal(explainDeviation('frame.time_epoch', '1462960690.140852000', '1462958021.1966161184', ctx(t)), 'time-fraction-wrapped');
    // 2147483648 ns wraps to −2^31: tshark prints the sign first (timestamp_invalid_nano.pcap #3).
    assert.equal(explainDeviation('frame.time_epoch', '1418145372.147483648', '-1418145370.2147483648', ctx(t)), 'time-fraction-wrapped');
    assert.equal(explainDeviation('frame.time_epoch', '1462960690.140852001', '1462958021.1966161184', ctx(t)), undefined);
  });
  it('protocol: HTTP by its bytes where tshark gave the conversation to the dissector registered on a port first', () => {
    const ports = new Map([
      [3357, 'ax4000'],
      [3268, 'ldap'],
      [80, 'http'],
    ]);
    const withPorts = (t: TsharkPacket) => ({ ...ctx(t), tcpPorts: ports });
    const ax4000 = line({ 'frame.protocols': 'eth:ethertype:ip:tcp:ax4000', 'tcp.srcport': '3357', 'tcp.dstport': '8000', '_ws.col.Protocol': 'AX4000' });
    assert.equal(explainDeviation('protocol', 'HTTP', 'AX4000', withPorts(ax4000)), 'tcp-port-before-heuristic');
    // LDAP took the segment and waits for more of its PDU: tshark shows TCP.
    const ldap = line({ 'frame.protocols': 'eth:ethertype:ip:tcp', 'tcp.srcport': '8000', 'tcp.dstport': '3268', '_ws.col.Protocol': 'TCP' });
    assert.equal(explainDeviation('protocol', 'HTTP', 'TCP', withPorts(ldap)), 'tcp-port-before-heuristic');
    // No port dissector, an HTTP port, or tshark's own HTTP layer: a real difference.
    const free = line({ 'frame.protocols': 'eth:ethertype:ip:tcp', 'tcp.srcport': '45678', 'tcp.dstport': '8000' });
    assert.equal(explainDeviation('protocol', 'HTTP', 'TCP', withPorts(free)), undefined);
    const web = line({ 'frame.protocols': 'eth:ethertype:ip:tcp:ax4000', 'tcp.srcport': '3357', 'tcp.dstport': '80' });
    assert.equal(explainDeviation('protocol', 'HTTP', 'AX4000', withPorts(web)), undefined);
    assert.equal(explainDeviation('protocol', 'HTTP', 'AX4000', ctx(ax4000)), undefined, "without tshark's port table nothing is explained");
  });

  it("udp.*: the outer UDP of a tunnel whose packet is TCP is not the contract's transport", () => {
    const rec = { tcp: { sport: 40769, dport: 37633 } } as unknown as PacketRecord;
    const geneve = line({ 'frame.protocols': 'eth:ethertype:ip:udp:geneve:eth:ethertype:ip:tcp:data', 'udp.srcport': '5799' });
    assert.equal(explainDeviation('udp.srcport', '', '5799', { ...ctx(geneve), rec }), 'tunnel-outer-udp');
    const innerUdp = line({ 'frame.protocols': 'eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:udp:dns', 'udp.srcport': '4789,53' });
    assert.equal(explainDeviation('udp.srcport', '', '53', { ...ctx(innerUdp), rec }), undefined);
    assert.equal(explainDeviation('udp.srcport', '', '5799', ctx(geneve)), undefined, 'we reported no TCP either');
  });
});
