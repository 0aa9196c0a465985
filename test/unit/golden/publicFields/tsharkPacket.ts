import { TSHARK_FIELDS } from './contractFields';

/** tshark's separator between the occurrences of one field (`-E occurrence=a -E aggregator=,`). */
export const AGGREGATOR = ',';

const INFO_COLUMN = TSHARK_FIELDS.indexOf('_ws.col.Info');
const FIELD_COLUMN = new Map(TSHARK_FIELDS.map((f, k) => [f, k]));

/**
 * One line of `tshark -T fields -E occurrence=a` output, with the rule that picks which occurrence
 * of a layered field the contract means.
 *
 * tshark lists every occurrence of a field (one per header: outer IP, tunnelled IP, the IP quoted in
 * an ICMP error …) in protocol order, and frame.protocols names each header ("eth:ethertype:ip:gre:
 * ip:tcp"). The contract's value is the innermost header's, except that an ICMP error's quoted
 * datagram is not a layer of the packet: counting stops at the first icmp/icmpv6 that is followed
 * by an IP header. The k-th "tcp" in frame.protocols owns the k-th tcp.srcport. (For a field a
 * header may lack, like tcp.options.mss_val, that correspondence only holds when every TCP header
 * before it has the field; with one TCP header, the common case, it is exact.)
 */
export class TsharkPacket {
  private readonly cells: string[];
  /** frame.protocols up to (not including) an ICMP error's quoted datagram. */
  readonly layers: string[];

  constructor(line: string) {
    const cells = line.split('\t');
    // Info is the last column and the only one that may hold a tab of its own.
    if (cells.length > TSHARK_FIELDS.length) cells.splice(INFO_COLUMN, cells.length - INFO_COLUMN, cells.slice(INFO_COLUMN).join('\t'));
    this.cells = cells;
    const all = this.frame('frame.protocols').split(':');
    const cut = all.findIndex((p, k) => (p === 'icmp' || p === 'icmpv6') && all.slice(k + 1).some((q) => q === 'ip' || q === 'ipv6'));
    this.layers = cut < 0 ? all : all.slice(0, cut);
  }

  /** A field that occurs once per frame (frame.*, _ws.col.*). */
  frame(field: string): string {
    return this.cells[FIELD_COLUMN.get(field) ?? -1] ?? '';
  }

  /** `field` of the innermost `proto` header outside any ICMP-quoted datagram; '' when there is none. */
  layer(proto: string, field: string): string {
    let n = 0;
    for (const p of this.layers) if (p === proto) n++;
    if (n === 0) return '';
    return this.frame(field).split(AGGREGATOR)[n - 1] ?? '';
  }

  /** src/dst of the innermost IPv4 or IPv6 header (whichever comes last). */
  innermostIp(which: 'src' | 'dst'): string {
    for (let k = this.layers.length - 1; k >= 0; k--) {
      if (this.layers[k] === 'ip') return this.layer('ip', `ip.${which}`);
      if (this.layers[k] === 'ipv6') return this.layer('ipv6', `ipv6.${which}`);
    }
    return '';
  }

  /**
   * The headers that say what kind of packet this is, for grouping disagreements: frame.protocols
   * without the "ethertype" pseudo-layer, cut after the innermost transport (or after 4 layers when
   * there is none), e.g. "fddi:llc:ip:tcp", "radiotap:wlan_radio:wlan:llc:ip:udp".
   */
  stack(): string {
    const ls = this.layers.filter((p) => p !== 'ethertype');
    let end = -1;
    ls.forEach((p, k) => {
      if (TRANSPORTS.has(p)) end = k;
    });
    return ls.slice(0, end >= 0 ? end + 1 : Math.min(4, ls.length)).join(':');
  }
}

const TRANSPORTS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'igmp', 'esp', 'ah', 'gre', 'ospf', 'pim', 'vrrp', 'udplite', 'dccp']);

/** tshark's output for one file, split into packets (lines that start with a frame number). */
export function parseTsharkFields(text: string): TsharkPacket[] {
  const out: TsharkPacket[] = [];
  for (const line of text.split('\n')) if (/^\d+\t/.test(line)) out.push(new TsharkPacket(line));
  return out;
}
