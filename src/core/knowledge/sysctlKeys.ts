/**
 * What the kernel's TCP/IP sysctls do (Documentation/networking/ip-sysctl.rst),
 * for hovers on config files and for findings that name a setting.
 */
export interface SysctlKnowledge {
  key: string;
  summary: string;
  values: string;
  default: string;
  /** Rules whose findings this setting can cause or fix. */
  relatedRules?: string[];
  /** Another key this one needs switched on (≠ 0) to do its job, while it is on itself, and why. */
  reliesOn?: { key: string; why: string };
}

const KEYS: SysctlKnowledge[] = [
  {
    key: 'net.ipv4.tcp_timestamps',
    summary:
      'Whether TCP sends RFC 7323 timestamps (TSval/TSecr), used for RTT measurement and PAWS protection against old duplicate segments. Also applies to IPv6.',
    values: '0 = off; 1 = on with a random offset per connection; 2 = on without the offset',
    default: '1',
    relatedRules: ['tcp.handshake.tsecr-mismatch', 'tcp.handshake.zero-timestamps', 'tcp.options.ts-not-negotiated', 'tcp.options.tsval-backwards'],
  },
  {
    key: 'net.ipv4.tcp_window_scaling',
    summary: 'Whether TCP offers RFC 7323 window scaling, needed for windows above 64 KiB on long fat paths.',
    values: '0 = off; 1 = on',
    default: '1',
    relatedRules: ['tcp.options.wscale-too-large', 'tcp.options.stripped'],
  },
  {
    key: 'net.ipv4.tcp_sack',
    summary: 'Whether TCP offers selective acknowledgements (RFC 2018), so only the lost segments are retransmitted.',
    values: '0 = off; 1 = on',
    default: '1',
    relatedRules: ['tcp.transfer.retransmissions'],
  },
  {
    key: 'net.ipv4.tcp_syn_retries',
    summary:
      'How many times an unanswered SYN is retransmitted before connect() fails. With the exponential backoff (1, 2, 4, 8… s) 6 retries take about 127 s.',
    values: '1–127',
    default: '6',
    relatedRules: ['tcp.handshake.no-answer', 'tcp.handshake.tsecr-mismatch'],
  },
  {
    key: 'net.ipv4.tcp_synack_retries',
    summary: 'How many times a listener retransmits an unacknowledged SYN/ACK before dropping the half-open connection.',
    values: '1–255',
    default: '5',
    relatedRules: ['tcp.handshake.no-answer'],
  },
  {
    key: 'net.ipv4.tcp_syncookies',
    summary:
      "SYN cookies: when the SYN queue overflows, the listener encodes the connection in the SYN/ACK's sequence number (and timestamp) instead of keeping state.",
    values: '0 = off; 1 = when the queue overflows; 2 = always',
    default: '1',
    relatedRules: ['tcp.handshake.tsecr-mismatch'],
    reliesOn: {
      key: 'net.ipv4.tcp_timestamps',
      why: 'a SYN cookie keeps window scaling, SACK and ECN in the timestamp; without timestamps, connections accepted by cookie lose them',
    },
  },
  {
    key: 'net.ipv4.tcp_tw_reuse',
    summary:
      'Whether new outgoing connections may reuse a port still in TIME_WAIT. Relies on TCP timestamps: with net.ipv4.tcp_timestamps = 0 it has no effect.',
    values: '0 = off; 1 = on; 2 = loopback only',
    default: '2',
    relatedRules: ['tcp.handshake.stale-ack'],
    reliesOn: { key: 'net.ipv4.tcp_timestamps', why: 'reusing a TIME_WAIT port is only safe with timestamps (PAWS), so it has no effect without them' },
  },
  {
    key: 'net.ipv4.tcp_fin_timeout',
    summary: "How long an orphaned connection stays in FIN_WAIT_2 waiting for the peer's FIN.",
    values: 'seconds',
    default: '60',
    relatedRules: ['tcp.rst.half-open'],
  },
  {
    key: 'net.ipv4.tcp_keepalive_time',
    summary:
      'Idle time before the first keep-alive probe on sockets with SO_KEEPALIVE. Must be shorter than any NAT/firewall idle timeout on the path, or idle connections become half-open.',
    values: 'seconds',
    default: '7200',
    relatedRules: ['tcp.rst.half-open'],
  },
  {
    key: 'net.ipv4.tcp_keepalive_intvl',
    summary: 'Interval between keep-alive probes once probing started.',
    values: 'seconds',
    default: '75',
    relatedRules: ['tcp.rst.half-open'],
  },
  {
    key: 'net.ipv4.tcp_keepalive_probes',
    summary: 'Unanswered keep-alive probes before the connection is declared dead.',
    values: 'count',
    default: '9',
    relatedRules: ['tcp.rst.half-open'],
  },
  {
    key: 'net.ipv4.tcp_ecn',
    summary: 'Explicit Congestion Notification: whether TCP requests ECN on outgoing connections and accepts it on incoming ones.',
    values: '0 = off; 1 = request and accept; 2 = accept only',
    default: '2',
  },
  {
    key: 'net.ipv4.tcp_mtu_probing',
    summary:
      'Packetization-layer path MTU discovery (RFC 4821): lets TCP find a working segment size when ICMP "fragmentation needed" is filtered (an MTU black hole).',
    values: '0 = off; 1 = after a black hole is detected; 2 = always',
    default: '0',
    relatedRules: ['tcp.transfer.mtu-blackhole'],
  },
  {
    key: 'net.ipv4.tcp_rmem',
    summary: 'Receive buffer sizes per socket (min, default, max bytes); the max bounds the advertised window with autotuning.',
    values: 'three byte counts',
    default: '4096 131072 6291456',
    relatedRules: ['tcp.transfer.zero-window'],
  },
  { key: 'net.ipv4.tcp_wmem', summary: 'Send buffer sizes per socket (min, default, max bytes).', values: 'three byte counts', default: '4096 16384 4194304' },
  {
    key: 'net.ipv4.ip_local_port_range',
    summary:
      'The ephemeral port range for outgoing connections. A narrow range means ports are reused sooner, while the server may still hold the old connection.',
    values: 'two port numbers',
    default: '32768 60999',
    relatedRules: ['tcp.handshake.stale-ack'],
  },
  {
    key: 'net.core.somaxconn',
    summary: "Upper bound on a listening socket's accept backlog; overflowing it drops or resets new connections.",
    values: 'count',
    default: '4096',
    relatedRules: ['tcp.handshake.no-answer'],
  },
];

const BY_KEY = new Map(KEYS.map((k) => [k.key, k]));

/** Sysctl keys may be written with dots or slashes (net/ipv4/tcp_timestamps). */
export function normalizeSysctlKey(key: string): string {
  return key.trim().replace(/\//g, '.');
}

export function sysctlKnowledge(key: string): SysctlKnowledge | undefined {
  return BY_KEY.get(normalizeSysctlKey(key));
}

export function knownSysctlKeys(): string[] {
  return KEYS.map((k) => k.key);
}
