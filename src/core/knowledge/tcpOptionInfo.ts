/**
 * What each TCP option is, for detail-tree labels now and for hovers and
 * tooltips later: one table shared by every surface that explains options.
 */
export interface TcpOptionInfo {
  kind: number;
  name: string;
  /** Short Info-column token, e.g. "MSS". */
  token: string;
  /** Wireshark's field id for the option, e.g. "tcp.options.mss". */
  field: string;
  reference: string;
  summary: string;
}

const TABLE: TcpOptionInfo[] = [
  {
    kind: 0,
    name: 'End of Option List (EOL)',
    token: 'EOL',
    field: 'tcp.options.eol',
    reference: 'RFC 9293 §3.2',
    summary: 'Marks the end of the option list; the rest of the header is padding.',
  },
  {
    kind: 1,
    name: 'No-Operation (NOP)',
    token: 'NOP',
    field: 'tcp.options.nop',
    reference: 'RFC 9293 §3.2',
    summary: 'Padding used to align the next option on a word boundary.',
  },
  {
    kind: 2,
    name: 'Maximum segment size',
    token: 'MSS',
    field: 'tcp.options.mss',
    reference: 'RFC 9293 §3.7.1',
    summary: 'Largest segment payload the sender is willing to receive; only valid on SYN segments.',
  },
  {
    kind: 3,
    name: 'Window scale',
    token: 'WS',
    field: 'tcp.options.wscale',
    reference: 'RFC 7323 §2',
    summary: 'Shift count applied to the window field of every later segment from this sender; in effect only when both SYNs carry it.',
  },
  {
    kind: 4,
    name: 'SACK permitted',
    token: 'SACK_PERM',
    field: 'tcp.options.sack_perm',
    reference: 'RFC 2018 §2',
    summary: 'The sender can receive selective acknowledgements; only valid on SYN segments.',
  },
  {
    kind: 5,
    name: 'SACK',
    token: 'SACK',
    field: 'tcp.options.sack',
    reference: 'RFC 2018 §3',
    summary: 'Blocks of data received beyond the cumulative ACK, so the peer retransmits only the holes.',
  },
  {
    kind: 8,
    name: 'Timestamps',
    token: 'TS',
    field: 'tcp.options.timestamp',
    reference: 'RFC 7323 §3',
    summary:
      "TSval is the sender's clock; TSecr echoes the latest TSval received from the peer. Used for RTT measurement and PAWS. A SYN/ACK's TSecr must echo the SYN's TSval.",
  },
  {
    kind: 19,
    name: 'TCP MD5 signature',
    token: 'MD5',
    field: 'tcp.options.md5',
    reference: 'RFC 2385',
    summary: 'Keyed MD5 digest over the segment, used by BGP sessions; obsoleted by TCP-AO.',
  },
  {
    kind: 28,
    name: 'User timeout',
    token: 'UTO',
    field: 'tcp.options.user_to',
    reference: 'RFC 5482',
    summary: 'How long the sender will wait for unacknowledged data before giving up.',
  },
  {
    kind: 29,
    name: 'TCP Authentication Option (TCP-AO)',
    token: 'AO',
    field: 'tcp.options.tcp_ao',
    reference: 'RFC 5925',
    summary: 'MAC over the segment with key identifiers; the successor of the MD5 signature option.',
  },
  {
    kind: 30,
    name: 'Multipath TCP (MPTCP)',
    token: 'MPTCP',
    field: 'tcp.options.mptcp',
    reference: 'RFC 8684',
    summary: 'Multipath TCP signalling; the subtype says which message (MP_CAPABLE, MP_JOIN, DSS, …).',
  },
  {
    kind: 253,
    name: 'Experimental (RFC 6994, kind 253)',
    token: 'EXP',
    field: 'tcp.options.experimental',
    reference: 'RFC 6994 §3, RFC 4727',
    summary:
      "Shared experimental option: its first 2 bytes are an Experiment ID (ExID) naming the experiment (0xF989 was TCP Fast Open before kind 34); the rest is that experiment's data.",
  },
  {
    kind: 254,
    name: 'Experimental (RFC 6994, kind 254)',
    token: 'EXP',
    field: 'tcp.options.experimental',
    reference: 'RFC 6994 §3, RFC 4727',
    summary:
      "Shared experimental option: its first 2 bytes are an Experiment ID (ExID) naming the experiment (0xF989 was TCP Fast Open before kind 34); the rest is that experiment's data.",
  },
  {
    kind: 34,
    name: 'TCP Fast Open cookie',
    token: 'TFO',
    field: 'tcp.options.tfo',
    reference: 'RFC 7413',
    summary: 'Requests (empty) or carries a cookie that lets the client send data in the SYN.',
  },
];

const BY_KIND = new Map(TABLE.map((t) => [t.kind, t]));

export function tcpOptionInfo(kind: number): TcpOptionInfo {
  return (
    BY_KIND.get(kind) ?? {
      kind,
      name: `Unknown option kind ${kind}`,
      token: `OPT${kind}`,
      field: 'tcp.options.unknown',
      reference: 'IANA TCP Option Kind Numbers',
      summary: 'An option this tool does not interpret; shown as raw bytes.',
    }
  );
}

export const MPTCP_SUBTYPES: Record<number, string> = {
  0: 'MP_CAPABLE',
  1: 'MP_JOIN',
  2: 'DSS',
  3: 'ADD_ADDR',
  4: 'REMOVE_ADDR',
  5: 'MP_PRIO',
  6: 'MP_FAIL',
  7: 'MP_FASTCLOSE',
  8: 'MP_TCPRST',
};
