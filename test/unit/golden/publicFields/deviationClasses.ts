import type { PacketRecord } from '../../../../src/core/summary/packetRecord';
import type { TsharkPacket } from './tsharkPacket';

/**
 * The accepted deviation classes: where our `packets --json` may differ from tshark 4.0 on the public
 * captures, and why. Each is deliberate behaviour of the engine or an artefact of tshark, never a
 * decoder we have not written yet: a field tshark fills and we leave empty is a disagreement unless
 * a class below names it. Every class is counted and printed, so a class that grows is seen.
 */
export const DEVIATION_CLASSES = {
  'capture-format-not-read':
    'a whole file in a capture format this tool does not read (snoop, ERF, Network Monitor, Observer, text traces): it says so and lists no packet; the file is left out of the rates (publicPacketCounts.test.ts lists each)',
  'pcapng-custom-block':
    'frame.number: tshark 4.0 numbers pcapng Custom Blocks as frames; they hold no packet and we skip them, so our numbers after one are lower by the blocks before',
  'protocol-not-dissected':
    'protocol: tshark names a protocol we deliberately do not dissect (BGP, DHCP, LDAP, USB, CAN, 802.11 management …), and ours names the layer ' +
    "below it, which is the deepest layer of tshark's own frame.protocols that we decode (tcp, udp, ip …; a link-type name when tshark found " +
    'no IP, ARP or transport in the frame either). A frame where tshark found a layer we decode deeper than ours is a disagreement',
  'app-reassembly':
    'protocol: tshark reassembles an HTTP/TLS PDU across TCP segments and names it (or what the PDU carries: CMP over HTTP …) on the segment that completes it (tcp.reassembled.length), ' +
    'calling the earlier ones TCP (tcp.reassembled_in, or "[TCP segment of a reassembled PDU]" in its Info); we name the segment where the PDU starts. The TCP fields still agree',
  'time-fraction-out-of-range':
    'frame.time_epoch: a record whose fraction is ≥ 1 s; tshark 4.0 prints it unnormalised ("1418145370.1000000000"), we carry it into the ' +
    'seconds ("1418145371.000000000", issue 10): the same instant',
  'time-fraction-wrapped':
    'frame.time_epoch: a record whose fraction is ≥ 1 s and whose nanoseconds do not fit 32 bits: wiretap 4.0 keeps them in a 32-bit int ' +
    "(a µs fraction times 1000 in unsigned 32-bit arithmetic), so tshark prints the record's seconds with the wrapped, signed remainder " +
    '("1462958019.1964550184" for 2669139241 µs); we carry the whole fraction into the seconds. The instants differ; ours is the one the record states',
  'tcp-bogus-header-length':
    'tcp.flags/ack/ack_raw/window_size_value/len: a TCP header whose Data Offset says less than 20 bytes; tshark 4.0 stops adding fields after ' +
    'the sequence number (and counts the 20 fixed bytes as payload, tcp.len); the flags, acknowledgment and window were captured, so we keep ' +
    'them, as issue 10 asks (decode every field whose bytes are present), and the payload is what follows the fixed header',
  'tcp-port-before-heuristic':
    "protocol: tshark tries the dissectors registered on a segment's TCP ports (the server port, then the lower, then the higher: " +
    'decode_tcp_ports) before its HTTP heuristic, and a conversation one of them takes never becomes HTTP. HTTP on a port tshark does not ' +
    "register it on (8000 in the PROTOS HTTP test suite) so goes to whatever it registers on the client's ephemeral port (AX4000 on 3357, " +
    'LDAP on 3268, RTMPT on 1935 …); we name HTTP by the bytes (a request or status line), as tshark does where no port dissector claims them',
  'tunnel-outer-udp':
    "udp.*: a TCP packet carried in a UDP tunnel (VXLAN, Geneve …): tshark's only udp.* occurrence is the tunnel's outer UDP header; " +
    "the contract gives the packet's innermost transport (tcp) and the encapsulation in `tunnel`, as the fixtures' tshark goldens are " +
    'read (tsharkGolden.ts, innermostFields)',
} as const;

export type DeviationClass = keyof typeof DEVIATION_CLASSES;

export interface DeviationContext {
  t: TsharkPacket;
  /** Our record of the same packet; undefined when we did not read it. */
  rec: PacketRecord | undefined;
  /** tshark records of pcapng Custom Blocks before this packet. */
  customBlocksBefore: number;
  /** tshark's dissector table for TCP ports (`tshark -G decodes`, "tcp.port"): port → dissector; absent when not known. */
  tcpPorts?: ReadonlyMap<number, string>;
}

/** A pcapng Custom Block, which tshark 4.0 lists as a frame of protocol "PCAPNG". */
export function isCustomBlockRecord(t: TsharkPacket): boolean {
  return t.frame('_ws.col.Protocol') === 'PCAPNG' && t.frame('frame.protocols') === 'data';
}

/** 'capture-format-not-read' when our reader refused the whole file for its format. */
export function unreadFormat(ourPackets: number, readError: string | undefined): DeviationClass | undefined {
  return ourPackets === 0 && readError?.startsWith('Not a pcap or pcapng file') ? 'capture-format-not-read' : undefined;
}

/** The listed class that explains `ours` ≠ `tshark` for `field`, or undefined: a disagreement. */
export function explainDeviation(field: string, ours: string, tshark: string, ctx: DeviationContext): DeviationClass | undefined {
  if (BOGUS_HEADER_FIELDS.has(field) && ctx.t.frame('_ws.col.Info').includes('bogus TCP header length (')) return 'tcp-bogus-header-length';
  switch (field) {
    case 'frame.number':
      return ctx.customBlocksBefore > 0 && Number(ours) + ctx.customBlocksBefore === Number(tshark) ? 'pcapng-custom-block' : undefined;
    case 'frame.time_epoch':
      if (sameInstant(ours, tshark)) return 'time-fraction-out-of-range';
      return wrappedFraction(ours, tshark) ? 'time-fraction-wrapped' : undefined;
    case 'protocol':
      if (appReassembly(ours, tshark, ctx.t)) return 'app-reassembly';
      if (portBeforeHeuristic(ours, ctx)) return 'tcp-port-before-heuristic';
      return protocolNotDissected(ours, ctx.t) ? 'protocol-not-dissected' : undefined;
    case 'udp.srcport':
    case 'udp.dstport':
    case 'udp.length':
      return ours === '' && ctx.rec?.tcp && udpOutsideTcp(ctx.t) ? 'tunnel-outer-udp' : undefined;
    default:
      return undefined;
  }
}

const BOGUS_HEADER_FIELDS = new Set(['tcp.flags', 'tcp.ack', 'tcp.ack_raw', 'tcp.window_size_value', 'tcp.len']);

/** "S.F" with F ≥ 10^9 ns (more than 9 digits) naming the same nanosecond as ours. */
function sameInstant(ours: string, tshark: string): boolean {
  const a = /^(\d+)\.(\d{9})$/.exec(ours);
  const b = /^(\d+)\.(\d{10,})$/.exec(tshark);
  return !!a && !!b && BigInt(a[1]) * 1_000_000_000n + BigInt(a[2]) === BigInt(b[1]) * 1_000_000_000n + BigInt(b[2]);
}

/**
 * tshark's "[-]S.F" is the record's seconds S and its fraction in nanoseconds wrapped into a signed
 * 32-bit int (F its magnitude): ours, carried, is S + the whole fraction, so that fraction is
 * (ours − S) in ns and must wrap to ±F.
 */
function wrappedFraction(ours: string, tshark: string): boolean {
  const a = /^(\d+)\.(\d{9})$/.exec(ours);
  const b = /^(-?)(\d+)\.(\d{9,})$/.exec(tshark);
  if (!a || !b) return false;
  const fraction = (BigInt(a[1]) - BigInt(b[2])) * 1_000_000_000n + BigInt(a[2]);
  if (fraction < 1_000_000_000n) return false;
  const wrapped = BigInt.asIntN(32, fraction);
  return wrapped < 0n === (b[1] === '-') && (wrapped < 0n ? -wrapped : wrapped) === BigInt(b[3]);
}

const APP_OVER_TCP = /^(HTTP|TLS|SSL)/;

function appReassembly(ours: string, tshark: string, t: TsharkPacket): boolean {
  // The completing segment: tshark names the PDU (or what it carries: CMP over HTTP …).
  if (ours === 'TCP') return t.frame('tcp.reassembled.length') !== '' && ['http', 'tls'].includes(deepestOurLayer(t));
  // A single-pass tshark does not know tcp.reassembled_in yet; its Info marks the segment instead.
  if (tshark === 'TCP' && APP_OVER_TCP.test(ours))
    return t.frame('tcp.reassembled_in') !== '' || t.frame('_ws.col.Info').includes('[TCP segment of a reassembled PDU]');
  return false;
}

/** tshark's frame.protocols names of the layers our engine decodes above the link layer. */
const OUR_LAYERS = new Set([
  'ip',
  'ipv6',
  'tcp',
  'udp',
  'icmp',
  'icmpv6',
  'arp',
  'igmp',
  'dns',
  'http',
  'tls',
  'gre',
  'esp',
  'ah',
  'sctp',
  'ospf',
  'pim',
  'vrrp',
]);

/** The tshark layer our Protocol column names: '' for a link layer, 'ip?' for an IP payload we name by its number. */
function layerNamedBy(proto: string): string {
  if (/^(TLS|SSL)/.test(proto)) return 'tls';
  if (/^\d+$/.test(proto)) return 'ip?';
  const named: Record<string, string> = {
    TCP: 'tcp',
    UDP: 'udp',
    HTTP: 'http',
    DNS: 'dns',
    ICMP: 'icmp',
    ICMPv6: 'icmpv6',
    ARP: 'arp',
    IGMP: 'igmp',
    IPv4: 'ip',
    IPv6: 'ipv6',
    IPIP: 'ip',
    GRE: 'gre',
    ESP: 'esp',
    AH: 'ah',
    SCTP: 'sctp',
    OSPF: 'ospf',
    PIM: 'pim',
    VRRP: 'vrrp',
  };
  return named[proto] ?? '';
}

/** Index in tshark's layers of the last one our engine decodes, -1 when none. */
function deepestIndex(t: TsharkPacket): number {
  let deepest = -1;
  t.layers.forEach((p, k) => {
    if (OUR_LAYERS.has(p)) deepest = k;
  });
  return deepest;
}

function deepestOurLayer(t: TsharkPacket): string {
  const k = deepestIndex(t);
  return k < 0 ? '' : t.layers[k];
}

function protocolNotDissected(ours: string, t: TsharkPacket): boolean {
  const deepest = deepestIndex(t);
  const theirs = deepestOurLayer(t);
  const mine = layerNamedBy(ours);
  const same = mine === theirs || (mine === 'ip?' && (theirs === 'ip' || theirs === 'ipv6'));
  // tshark went above that layer: its column names a protocol we do not dissect. (When it did not,
  // both name the same layer and a different name is a real difference, e.g. IGMP vs IGMPv2.)
  return same && deepest < t.layers.length - 1;
}

/**
 * HTTP by its bytes where tshark never tried its HTTP heuristic: one of the segment's ports has a
 * dissector of its own in tshark's table and neither has HTTP.
 */
function portBeforeHeuristic(ours: string, ctx: DeviationContext): boolean {
  if (ours !== 'HTTP' || !ctx.tcpPorts || ctx.t.layers.includes('http')) return false;
  const ports = [ctx.t.layer('tcp', 'tcp.srcport'), ctx.t.layer('tcp', 'tcp.dstport')].filter((p) => p !== '').map(Number);
  const owners = ports.map((p) => ctx.tcpPorts!.get(p));
  return ports.length === 2 && !owners.includes('http') && owners.some((o) => o !== undefined);
}

/** tshark's innermost transport is TCP, and its (only) UDP header comes before the IP header that carries it. */
function udpOutsideTcp(t: TsharkPacket): boolean {
  const ls = t.layers;
  const udp = ls.lastIndexOf('udp'),
    tcp = ls.lastIndexOf('tcp');
  return udp >= 0 && tcp > udp && ls.slice(udp + 1, tcp).some((p) => p === 'ip' || p === 'ipv6');
}
