import { captureSideFixes, tcpTimestampsFixes } from './commonFixes';
import type { Draft } from './draft';
import type { Fix, Severity } from './finding';
import { throughputFixes } from './throughputFixes';

/**
 * What a rule reads: the verdicts (src/core/verdicts), the conversations' outcome and the
 * sequence analysis, or facts a rule family computes once per flow for its rules.
 */
export type FactName =
  | 'roles'
  | 'timestamp-echo'
  | 'window-scaling'
  | 'option-negotiation'
  | 'vantage'
  | 'path-rtt'
  | 'sender'
  | 'outcome'
  | 'handshake'
  | 'icmp-errors'
  | 'reset-causes'
  | 'sequence-analysis'
  | 'timestamp-usage'
  | 'undecoded-packets'
  | 'dns-exchanges'
  | 'tls-handshake'
  | 'http-exchanges';

/**
 * One rule, declared: its check (a pure function from facts to drafts) is bound to its id in
 * ruleChecks.ts, which the engine alone imports — this table is read by the webview's types too.
 */
export interface RuleRow {
  /** Stable id: findings, SARIF, the docs page docs/rules/<id>.md. */
  id: string;
  /** The usual severity; `severityWhen` says what moves a finding off it. */
  severity: Severity;
  severityWhen?: string;
  /** One line naming the rule, the docs page's title. */
  title: string;
  reads: readonly FactName[];
  /** The fixes for one finding (each with what it costs, when it costs something). */
  fixes: (d: Draft) => Fix[];
  /** Rules whose findings on the same streams this one explains: they stay silent there. */
  supersedes?: readonly string[];
  /** Whether the check runs once per TCP flow or once per capture. */
  scope: 'flow' | 'capture';
}

const noFixes = (): Fix[] => [];
const portOf = (server: string | undefined) => (server ?? '').slice((server ?? '').lastIndexOf(':') + 1);
const READ_ONLY = 'None: it only reads.';
const natSources: Fix = {
  title: 'Check the NAT in front of the clients: give it more source addresses (or let the clients close first, so TIME-WAIT stays on them)',
  action: { kind: 'command', command: 'nft list ruleset | grep -n -e masquerade -e snat' },
  cost: READ_ONLY,
};

/** The fix for a TLS alert depends on what it says (RFC 8446 §6.2). */
function tlsAlertFixes(d: Draft): Fix[] {
  const probe: Fix = {
    title: `See the handshake from the client's side: openssl s_client against ${d.server}`,
    action: { kind: 'command', command: `openssl s_client -connect ${d.server} -servername ${d.about!.host} -showcerts </dev/null` },
    cost: READ_ONLY,
  };
  switch (d.about!.description) {
    case '48':
      return [
        probe,
        {
          title: "Install the CA that signed the server's certificate in the client's trust store",
          action: { kind: 'command', command: 'sudo cp ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates' },
          cost: 'The client then trusts everything that CA signs: only add a CA you control or trust.',
        },
        {
          title: 'Or serve the full chain (leaf + intermediates) from the server',
          action: { kind: 'doc', url: 'https://ssl-config.mozilla.org/' },
          cost: 'None for clients; a reload of the server.',
        },
      ];
    case '40':
      return [
        probe,
        {
          title: 'List what the server accepts, then align the cipher suites on both sides',
          action: { kind: 'command', command: `nmap --script ssl-enum-ciphers -p ${d.about!.port} ${d.about!.host}` },
          cost: 'Enabling an old cipher on the server to meet an old client weakens every connection that negotiates it: upgrade the client if possible.',
        },
      ];
    case '70':
      return [
        probe,
        {
          title: 'Enable a TLS version both sides support (TLS 1.2 and 1.3 on the server, or upgrade the client)',
          action: { kind: 'doc', url: 'https://ssl-config.mozilla.org/' },
          cost: 'Re-enabling TLS 1.0/1.1 for an old client exposes every client to their weaknesses: prefer upgrading the client.',
        },
      ];
    default:
      return [probe];
  }
}
const rejectRules: Fix = {
  title: 'Look for reject rules on the path',
  action: { kind: 'command', command: 'nft list ruleset | grep -n reject' },
  cost: READ_ONLY,
};

/**
 * Every diagnosis rule, declared once, as Wireshark registers its expert infos: diagnose() runs
 * them in this order (their checks: ruleChecks.ts), the docs test checks a page per row, the CLI
 * and the editor name them by id. A rule is a pure function from facts to findings: it never
 * writes into the flows it judges.
 */
export const RULE_REGISTRY = [
  {
    id: 'tcp.handshake.tsecr-mismatch',
    scope: 'flow',
    severity: 'error',
    severityWhen: 'warning when the client accepted the SYN/ACK and the handshake completed',
    title: "The SYN/ACK's TSecr does not echo any SYN's TSval",
    reads: ['timestamp-echo', 'vantage', 'handshake'],
    fixes: (d) => (d.variant === 'accepted' ? captureSideFixes(d) : [...tcpTimestampsFixes('client'), ...captureSideFixes(d)]),
    supersedes: ['tcp.handshake.reset-by-client'],
  },
  {
    id: 'tcp.handshake.zero-timestamps',
    scope: 'flow',
    severity: 'info',
    severityWhen: 'warning when the client does not take the SYN/ACK',
    title: "SYN/ACK whose TSecr is 0 instead of the SYN's TSval",
    reads: ['timestamp-echo', 'vantage'],
    fixes: noFixes,
    supersedes: ['tcp.handshake.reset-by-client'],
  },
  {
    id: 'tcp.handshake.refused',
    scope: 'flow',
    severity: 'error',
    title: 'Connection refused',
    reads: ['outcome', 'icmp-errors', 'vantage'],
    fixes: (d) =>
      d.variant === 'icmp'
        ? [rejectRules]
        : [
            {
              title: `Check that the service listens on port ${d.about!.port} (on the server)`,
              action: { kind: 'command', command: `ss -ltnp 'sport = :${d.about!.port}'` },
              cost: READ_ONLY,
            },
            rejectRules,
          ],
  },
  {
    id: 'tcp.handshake.no-answer',
    scope: 'flow',
    severity: 'error',
    severityWhen: 'info when the capture ended before an answer was due',
    title: 'SYNs never answered',
    reads: ['outcome', 'icmp-errors', 'handshake'],
    fixes: (d) =>
      d.variant === 'capture-ended'
        ? []
        : [
            {
              title: `Test reachability of ${d.server} from the client`,
              action: { kind: 'command', command: `nc -vz -w 3 ${(d.server ?? '').replace(/^\[?(.*?)\]?:(\d+)$/, '$1 $2')}` },
              cost: 'One connection attempt.',
            },
            { title: 'Look for drop rules on the path', action: { kind: 'command', command: 'nft list ruleset | grep -n drop' }, cost: READ_ONLY },
          ],
  },
  {
    id: 'tcp.handshake.stale-ack',
    scope: 'flow',
    severity: 'warning',
    title: 'SYN answered by an ACK for an old connection',
    reads: ['handshake'],
    fixes: () => [
      {
        title: "Widen the client's ephemeral port range so ports are reused less often",
        action: { kind: 'sysctl', key: 'net.ipv4.ip_local_port_range', value: '15000 65000', where: 'client' },
        cost: 'Ports from 15000 up are taken by outgoing connections: a service listening in that range on the client can find its port in use.',
      },
    ],
    supersedes: ['tcp.handshake.reset-by-client'],
  },
  {
    id: 'tcp.handshake.reset-by-client',
    scope: 'flow',
    severity: 'error',
    title: 'Client resets a conformant SYN/ACK',
    reads: ['outcome', 'handshake'],
    fixes: noFixes,
  },
  {
    id: 'tcp.rst.injected',
    scope: 'flow',
    severity: 'warning',
    title: 'RST that its supposed sender did not send',
    reads: ['sender', 'path-rtt', 'vantage', 'reset-causes'],
    fixes: (d) => [
      {
        title: 'Capture on the server side too: the RST is missing there if a device in between forged it',
        action: { kind: 'command', command: `sudo tcpdump -ni any -w server-side.pcap 'tcp port ${portOf(d.server)}'` },
        cost: 'None: a second capture, on the server.',
      },
      {
        title: 'Find the IPS/DPI/firewall policy that resets this traffic',
        action: { kind: 'command', command: 'nft list ruleset | grep -n -e reset -e reject' },
        cost: 'Allowing what the policy blocks lets through traffic it may block on purpose: exempt only the destination or signature that is a false positive.',
      },
      {
        title: `Find the hop that answers: a TCP traceroute to ${d.server}`,
        action: { kind: 'command', command: `traceroute -T -p ${portOf(d.server)} ${d.about?.host ?? ''}` },
        cost: 'A few probe packets; the device that forges resets may also answer the probes.',
      },
    ],
  },
  {
    id: 'tcp.rst.after-fin',
    scope: 'flow',
    severity: 'info',
    title: "RST after the sender's FIN",
    reads: ['reset-causes'],
    fixes: noFixes,
  },
  {
    id: 'tcp.rst.out-of-window',
    scope: 'flow',
    severity: 'info',
    title: 'RST the receiver ignores',
    reads: ['reset-causes', 'window-scaling'],
    fixes: noFixes,
  },
  {
    id: 'tcp.rst.half-open',
    scope: 'flow',
    severity: 'warning',
    title: 'RST from a side that no longer knows the connection',
    reads: ['reset-causes', 'sender'],
    fixes: (d) => [
      {
        title: 'Send keep-alives sooner than the middlebox idle timeout',
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_keepalive_time', value: '300', where: d.side ?? 'client' },
        cost: 'A few extra packets per idle connection; only applies to sockets that enable SO_KEEPALIVE.',
      },
    ],
  },
  {
    id: 'tcp.rst.abortive-close',
    scope: 'flow',
    severity: 'warning',
    title: 'RST instead of FIN',
    reads: ['reset-causes'],
    fixes: noFixes,
  },
  {
    id: 'tcp.options.wscale-too-large',
    scope: 'flow',
    severity: 'warning',
    title: 'Window scale above 14',
    reads: ['window-scaling'],
    fixes: noFixes,
  },
  {
    id: 'tcp.options.stripped',
    scope: 'flow',
    severity: 'warning',
    title: 'TCP options stripped',
    reads: ['option-negotiation'],
    fixes: noFixes,
  },
  {
    id: 'tcp.options.mss-missing',
    scope: 'flow',
    severity: 'info',
    title: 'SYN without MSS',
    reads: ['option-negotiation'],
    fixes: noFixes,
  },
  {
    id: 'tcp.options.ts-not-negotiated',
    scope: 'flow',
    severity: 'warning',
    title: 'Timestamps offered by one side only',
    reads: ['option-negotiation', 'timestamp-usage'],
    fixes: noFixes,
  },
  {
    id: 'tcp.options.tsval-backwards',
    scope: 'flow',
    severity: 'warning',
    title: 'TSval goes backwards',
    reads: ['timestamp-usage', 'sequence-analysis'],
    fixes: noFixes,
  },
  {
    id: 'tcp.transfer.retransmissions',
    scope: 'flow',
    severity: 'warning',
    severityWhen: 'info below 5 % of the data segments',
    title: 'Retransmissions',
    reads: ['sequence-analysis'],
    fixes: (d) => [
      {
        title: 'Show the retransmissions',
        action: { kind: 'filter', filter: `tcp.stream == ${d.stream} && (tcp.analysis.retransmission || tcp.analysis.out_of_order)` },
        cost: 'None.',
      },
    ],
  },
  {
    id: 'tcp.transfer.zero-window',
    scope: 'flow',
    severity: 'warning',
    severityWhen: 'info when the stall is shorter than 1 s',
    title: 'Zero window',
    reads: ['sequence-analysis'],
    fixes: (d) => [
      { title: 'Show the zero-window packets', action: { kind: 'filter', filter: `tcp.stream == ${d.stream} && tcp.analysis.zero_window` }, cost: 'None.' },
    ],
  },
  {
    id: 'tcp.transfer.mtu-blackhole',
    scope: 'flow',
    severity: 'error',
    title: 'Probable MTU black hole',
    reads: ['sequence-analysis', 'icmp-errors'],
    fixes: (d) => [
      {
        title: 'Enable TCP MTU probing on the sender',
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_mtu_probing', value: '1', where: d.side ?? 'client' },
        cost: 'The sender probes for a working MSS after a black hole is detected; slight delay on the first stall.',
      },
      {
        title: 'Clamp the MSS to the path MTU on the router or tunnel',
        action: { kind: 'command', command: 'nft add rule inet filter forward tcp flags syn tcp option maxseg size set rt mtu' },
        cost: 'Every connection through that router gets a smaller MSS: a few % more packets (headers) for the same data, also on paths that could carry more.',
      },
      {
        title: 'Let ICMP "fragmentation needed" (type 3 code 4) and ICMPv6 "packet too big" through the firewalls on the path',
        action: { kind: 'command', command: 'nft list ruleset | grep -n -e icmp -e frag-needed -e packet-too-big' },
        cost: READ_ONLY,
      },
    ],
    supersedes: ['tcp.transfer.retransmissions'],
  },
  {
    id: 'tcp.transfer.high-rtt',
    scope: 'flow',
    severity: 'info',
    title: 'High round-trip time',
    reads: ['handshake'],
    fixes: noFixes,
  },
  {
    id: 'tcp.scan',
    scope: 'capture',
    severity: 'warning',
    title: 'Port scan or host sweep: many data-less attempts from one source',
    reads: ['roles', 'outcome', 'handshake', 'icmp-errors'],
    fixes: (d) => [
      {
        title: `Show the scan's SYNs from ${d.about!.source}`,
        action: { kind: 'filter', filter: `${d.about!.family}.src == ${d.about!.source} && tcp.flags.syn == 1 && tcp.flags.ack == 0` },
        cost: 'None.',
      },
      {
        title: `Find who runs it on ${d.about!.source}; if it is not an authorised audit, block or rate-limit that source at the firewall`,
        action: { kind: 'command', command: `nft add rule inet filter input ${d.about!.family} saddr ${d.about!.source} drop` },
        cost: 'Drops everything from that address, legitimate traffic included, and an authorised scanner (a vulnerability audit) then sees nothing: rate-limit it (nft "limit rate") instead if the scans are wanted.',
      },
      {
        title:
          d.variant === 'ports'
            ? `Check what listens on the open ports of ${d.about!.target}, and close what need not be exposed`
            : 'Check what listens on the hosts that answered, and close what need not be exposed',
        action: { kind: 'command', command: 'ss -ltnp' },
        cost: 'Closing a port stops its service for every client: check who uses it first.',
      },
    ],
    supersedes: ['tcp.handshake.refused', 'tcp.handshake.no-answer', 'tcp.handshake.reset-by-client', 'tcp.rst.abortive-close', 'tcp.rst.half-open'],
  },
  {
    id: 'capture.undecoded',
    scope: 'capture',
    severity: 'warning',
    severityWhen: 'info below 5 % of the capture',
    title: 'packets not decoded beyond the link layer',
    reads: ['undecoded-packets'],
    fixes: (d) => [{ title: 'Show the first of these packets', action: { kind: 'filter', filter: `frame.number in {${d.about!.frames}}` }, cost: 'None.' }],
  },
  // TCP failure rules of issue 11 (branch issue11-tcprules): backlog overflow, TIME-WAIT reuse, SACK mangling, PMTU black hole.
  {
    id: 'tcp.handshake.backlog-overflow',
    scope: 'capture',
    severity: 'warning',
    title: 'Listen backlog overflow: the server ignores handshake ACKs',
    reads: ['handshake', 'roles'],
    fixes: (d) => [
      {
        title: `Check the listen queue of port ${d.about!.port} on the server: Recv-Q at Send-Q (the backlog) means accept() does not keep up`,
        action: { kind: 'command', command: `ss -ltn 'sport = :${d.about!.port}'; nstat -az TcpExtListenOverflows TcpExtListenDrops` },
        cost: READ_ONLY,
      },
      {
        title: "Raise the application's listen() backlog and accept faster (more workers, accept in a loop until EAGAIN)",
        action: { kind: 'doc', url: 'https://man7.org/linux/man-pages/man2/listen.2.html' },
        cost: 'A longer queue holds more connections waiting for the application: clients wait in it instead of failing fast, and each queued connection holds memory. It only helps if the application drains the queue faster than connections arrive.',
      },
      {
        title: 'Raise the cap on every listen() backlog (net.core.somaxconn)',
        action: { kind: 'sysctl', key: 'net.core.somaxconn', value: '4096', where: 'server' },
        cost: 'Applies to every listening socket of the host; only takes effect for applications that ask for a larger backlog (listen() takes the smaller of the two) and after they listen again.',
      },
      {
        title: 'Raise the cap on half-open requests (net.ipv4.tcp_max_syn_backlog)',
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_max_syn_backlog', value: '4096', where: 'server' },
        cost: 'More memory for pending handshakes (a few hundred bytes each), and under a SYN flood more state is held before SYN cookies take over.',
      },
    ],
  },
  {
    id: 'tcp.handshake.port-reuse',
    scope: 'flow',
    severity: 'warning',
    title: 'SYN reuses the ports of a connection the server still holds',
    reads: ['handshake', 'timestamp-usage'],
    fixes: (d) => [
      {
        title: "Widen the clients' ephemeral port range so ports are reused less often",
        action: { kind: 'sysctl', key: 'net.ipv4.ip_local_port_range', value: '15000 65000', where: 'client' },
        cost: 'Ports from 15000 up are taken by outgoing connections: a service listening in that range on the client can find its port in use.',
      },
      {
        title: 'Let the clients reuse their own TIME-WAIT ports safely (timestamps required)',
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_tw_reuse', value: '1', where: 'client' },
        cost: 'Only acts on the host that holds the TIME-WAIT entry and only for outgoing connections with TCP timestamps; it does not help when the TIME-WAIT is on the server.',
      },
      ...(d.variant === 'time-wait' ? [natSources] : []),
      {
        title: 'Never net.ipv4.tcp_tw_recycle: removed in Linux 4.12, it dropped SYNs from clients behind NAT',
        action: { kind: 'doc', url: 'https://docs.kernel.org/networking/ip-sysctl.html' },
      },
    ],
    supersedes: ['tcp.handshake.stale-ack', 'tcp.handshake.reset-by-client', 'tcp.rst.half-open', 'tcp.rst.abortive-close'],
  },
  {
    id: 'tcp.options.sack-mangled',
    scope: 'flow',
    severity: 'warning',
    title: "SACK blocks outside the sender's sequence space: a middlebox rewrites sequence numbers but not SACK",
    reads: ['sequence-analysis', 'option-negotiation'],
    fixes: (d) => [
      {
        title: 'Disable sequence-number randomisation on the firewall for this traffic (or make it rewrite SACK blocks)',
        action: { kind: 'doc', url: 'https://www.rfc-editor.org/rfc/rfc2018' },
        cost: "The firewall no longer hides the hosts' initial sequence numbers; modern stacks randomise them already (RFC 6528).",
      },
      {
        title: 'Workaround: disable SACK on the data sender',
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_sack', value: '0', where: d.side ?? 'server' },
        cost: 'Every connection of that host loses selective acknowledgment: after a loss it recovers one segment per round trip (or goes back N) instead of repairing only the holes, which is slow on lossy or long paths.',
      },
    ],
    supersedes: ['tcp.transfer.retransmissions'],
  },
  // Application layer (issue 11, branch issue11-app): DNS, TLS and HTTP/1.x over the messages the index classified.
  {
    id: 'dns.no-answer',
    scope: 'capture',
    severity: 'warning',
    title: 'DNS queries never answered',
    reads: ['dns-exchanges'],
    fixes: (d) => [
      {
        title: `Ask ${d.about!.host} directly`,
        action: { kind: 'command', command: `dig @${d.about!.host} ${d.about!.name} +tries=1 +time=2` },
        cost: READ_ONLY,
      },
      {
        title: 'Look for a firewall dropping DNS on the path',
        action: { kind: 'command', command: 'nft list ruleset | grep -n -e "dport 53" -e drop' },
        cost: READ_ONLY,
      },
      {
        title: 'List a second resolver and fail over sooner (resolv.conf: nameserver …, options timeout:1 attempts:2)',
        action: { kind: 'command', command: 'sudoedit /etc/resolv.conf' },
        cost: 'Queries for names that really do not answer fail over faster but are still sent to every server; a second resolver must serve the same (split-horizon) view or answers differ.',
      },
    ],
  },
  {
    id: 'dns.nxdomain',
    scope: 'capture',
    severity: 'info',
    title: 'DNS names that do not exist (NXDOMAIN)',
    reads: ['dns-exchanges'],
    fixes: (d) => [
      { title: `Check the name against ${d.about!.host}`, action: { kind: 'command', command: `dig @${d.about!.host} ${d.about!.name}` }, cost: READ_ONLY },
      {
        title: 'Check the search domains and ndots that expand short names',
        action: { kind: 'command', command: 'resolvectl status; grep -e search -e ndots /etc/resolv.conf' },
        cost: READ_ONLY,
      },
      { title: 'Show the NXDOMAIN answers', action: { kind: 'filter', filter: 'dns.flags.rcode == 3' }, cost: 'None.' },
    ],
  },
  {
    id: 'dns.server-error',
    scope: 'capture',
    severity: 'warning',
    title: 'DNS server failures (SERVFAIL, REFUSED)',
    reads: ['dns-exchanges'],
    fixes: (d) => [
      {
        title: `Follow the resolution from the root to see which server fails for ${d.about!.name}`,
        action: { kind: 'command', command: `dig +trace ${d.about!.name}` },
        cost: READ_ONLY,
      },
      {
        title: 'Tell a DNSSEC failure from an upstream one: ask again with checking disabled',
        action: { kind: 'command', command: `dig @${d.about!.host} ${d.about!.name} +cd +dnssec` },
        cost: READ_ONLY,
      },
      {
        title: `Fix ${d.about!.code === 'REFUSED' ? "the resolver's access list (allow-recursion) for these clients" : "the resolver's upstream/forwarders or the zone's signatures"}`,
        action: { kind: 'command', command: 'journalctl -u named -u unbound -u systemd-resolved --since -1h' },
        cost:
          d.about!.code === 'REFUSED'
            ? 'Opening recursion to more addresses makes an open resolver if done too widely (amplification attacks): allow only your networks.'
            : 'None to read the logs; changing forwarders changes who sees every query.',
      },
    ],
  },
  {
    id: 'dns.slow-answer',
    scope: 'capture',
    severity: 'warning',
    title: 'Slow DNS answers',
    reads: ['dns-exchanges'],
    fixes: (d) => [
      {
        title: `Time the answer from ${d.about!.host} (dig prints "Query time")`,
        action: { kind: 'command', command: `dig @${d.about!.host} ${d.about!.name}` },
        cost: READ_ONLY,
      },
      {
        title: "Check the resolver's upstream latency and cache (a closer or faster forwarder, a larger cache)",
        action: { kind: 'command', command: `dig +trace ${d.about!.name}` },
        cost: 'Changing forwarders changes who sees every query; a local cache (systemd-resolved, unbound) serves stale data up to the TTL.',
      },
    ],
  },
  {
    id: 'tls.alert',
    scope: 'flow',
    severity: 'error',
    severityWhen: 'info for a warning-level alert',
    title: 'TLS handshake ended by an alert',
    reads: ['tls-handshake', 'roles'],
    fixes: (d) => tlsAlertFixes(d),
  },
  {
    id: 'tls.hello-unanswered',
    scope: 'flow',
    severity: 'error',
    title: 'TLS ClientHello never answered',
    reads: ['tls-handshake', 'roles', 'outcome'],
    fixes: (d) => [
      {
        title: `Check what answers on ${d.server}`,
        action: { kind: 'command', command: `openssl s_client -connect ${d.server} -servername ${d.about!.host} </dev/null` },
        cost: READ_ONLY,
      },
      {
        title: 'See which process listens on the port (on the server)',
        action: { kind: 'command', command: `ss -ltnp 'sport = :${d.about!.port}'` },
        cost: READ_ONLY,
      },
      {
        title: 'Capture on the server side: a hello that never arrives there was held by a middlebox',
        action: { kind: 'command', command: `sudo tcpdump -ni any -w server-side.pcap 'tcp port ${d.about!.port}'` },
        cost: 'None: a second capture, on the server.',
      },
    ],
  },
  {
    id: 'http.server-error',
    scope: 'flow',
    severity: 'warning',
    title: 'HTTP 5xx responses (server errors)',
    reads: ['http-exchanges', 'roles'],
    fixes: (d) => [
      { title: `Show the ${d.about!.status} responses`, action: { kind: 'filter', filter: `http.response.code == ${d.about!.status}` }, cost: 'None.' },
      {
        title: "Read the application's (or the proxy's) error log for these requests",
        action: { kind: 'command', command: `journalctl --since -1h | grep -n ' ${d.about!.status} '` },
        cost: READ_ONLY,
      },
    ],
  },
  {
    id: 'http.client-error',
    scope: 'flow',
    severity: 'info',
    title: 'HTTP 4xx responses (requests refused)',
    reads: ['http-exchanges', 'roles'],
    fixes: (d) => [
      { title: `Show the ${d.about!.status} responses`, action: { kind: 'filter', filter: `http.response.code == ${d.about!.status}` }, cost: 'None.' },
      {
        title: 'Repeat the request and change what the server refuses: its URL (404: a wrong link or a removed resource), credentials (401/403) or rate (429)',
        action: { kind: 'command', command: `curl -si http://${d.server}${d.about!.request.split(' ')[1] ?? '/'} | head -1` },
        cost: READ_ONLY,
      },
    ],
  },
  {
    id: 'http.slow-server',
    scope: 'flow',
    severity: 'warning',
    title: 'Slow server: think time far above the network round trip',
    reads: ['http-exchanges', 'path-rtt', 'roles'],
    fixes: (d) => [
      {
        title: "Time the request from the client: time_starttransfer minus time_connect is the server's think time",
        action: {
          kind: 'command',
          command: `curl -so /dev/null -w 'connect %{time_connect}s, first byte %{time_starttransfer}s\\n' http://${d.server}${d.about!.request.split(' ')[1] ?? '/'}`,
        },
        cost: READ_ONLY,
      },
      {
        title: 'Profile the endpoint on the server (slow queries, backends, locks, worker pool)',
        action: { kind: 'doc', url: 'https://www.rfc-editor.org/rfc/rfc9110#section-15' },
      },
      { title: 'Show this connection', action: { kind: 'filter', filter: `tcp.stream == ${d.stream}` }, cost: 'None.' },
    ],
  },
  // --- Transfer family (issue 11, branch issue11-transfer): throughput limits, Nagle × delayed ACK, RTOs, capture quality.
  {
    id: 'tcp.transfer.throughput-limit',
    scope: 'flow',
    severity: 'warning',
    severityWhen: 'info when the sender itself is the limit, or loss is below 5 %',
    title: 'What limits a bulk transfer: receive window, loss or the sender',
    reads: ['sequence-analysis', 'path-rtt', 'window-scaling'],
    fixes: (d) => throughputFixes(d),
  },
  {
    id: 'tcp.transfer.nagle-delayed-ack',
    scope: 'flow',
    severity: 'warning',
    title: 'Nagle × delayed ACK: small writes wait for a delayed ACK',
    reads: ['sequence-analysis', 'path-rtt'],
    fixes: (d) => [
      {
        title: `Set TCP_NODELAY on the ${d.side ?? 'client'}'s socket (setsockopt IPPROTO_TCP, TCP_NODELAY, 1), or write each message in one call`,
        action: { kind: 'doc', url: 'https://man7.org/linux/man-pages/man7/tcp.7.html' },
        cost: 'More small packets on the wire when the application writes byte by byte: header overhead and more work per byte (one write per message avoids it).',
      },
      {
        title: `Or, on the ${d.about?.peer ?? 'server'}, acknowledge at once (TCP_QUICKACK after each read)`,
        action: { kind: 'doc', url: 'https://man7.org/linux/man-pages/man7/tcp.7.html' },
        cost: 'One more bare ACK per segment received, and Linux clears the flag by itself: it must be set again after every read.',
      },
      { title: "Show this connection's small segments", action: { kind: 'filter', filter: `tcp.stream == ${d.stream} && tcp.len > 0` }, cost: 'None.' },
    ],
  },
  {
    id: 'tcp.transfer.died-in-retransmissions',
    scope: 'flow',
    severity: 'error',
    title: 'Connection died in retransmissions',
    reads: ['sequence-analysis', 'icmp-errors'],
    fixes: (d) => [
      {
        title: `Find where the path to the ${d.about?.peer ?? 'peer'} loses packets, or whether the peer is gone: capture on its side too`,
        action: { kind: 'command', command: `mtr -rwc 20 ${(d.about?.peer ?? '').replace(/^(client|server) /, '').replace(/^\[?(.*?)\]?:\d+$/, '$1')}` },
        cost: '20 probes per hop.',
      },
      {
        title: `Give up sooner on the ${d.side ?? 'client'} (net.ipv4.tcp_retries2, default 15 ≈ 15 min; 8 ≈ 100 s)`,
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_retries2', value: '8', where: d.side ?? 'client' },
        cost: "Every connection of that host drops after ~100 s without an ACK, including ones that would have survived a long outage or failover; TCP_USER_TIMEOUT on the application's socket limits it to that application.",
      },
      { title: 'Show the timeouts', action: { kind: 'filter', filter: `tcp.stream == ${d.stream} && tcp.analysis.retransmission` }, cost: 'None.' },
    ],
    supersedes: ['tcp.transfer.retransmissions'],
  },
  {
    id: 'capture.drops',
    scope: 'capture',
    severity: 'warning',
    severityWhen: 'info when those connections also retransmit',
    title: 'The capture missed packets the endpoints exchanged',
    reads: ['sequence-analysis'],
    fixes: (d) => [
      { title: 'Show the ACKs for data the capture never saw', action: { kind: 'filter', filter: 'tcp.analysis.ack_lost_segment' }, cost: 'None.' },
      {
        title: 'Capture again with a bigger kernel buffer, a short snap length and a capture filter',
        action: { kind: 'command', command: "sudo tcpdump -i any -B 65536 -s 128 -w capture.pcap 'tcp'" },
        cost: '64 MB of memory for the capture buffer while it runs; a short snap length keeps headers only (no payload to inspect).',
      },
      {
        title: `Look at the frames: ${d.about?.frames ?? ''}`,
        action: { kind: 'filter', filter: `frame.number in {${d.about?.frames ?? ''}}` },
        cost: 'None.',
      },
    ],
  },
  {
    id: 'capture.offload',
    scope: 'capture',
    severity: 'info',
    title: "Captured before the network card's offloads: segments larger than the MSS, bad checksums on sent packets",
    reads: ['option-negotiation', 'sequence-analysis'],
    fixes: (d) => [
      { title: 'Show the oversized segments', action: { kind: 'filter', filter: `frame.number in {${d.about?.frames ?? ''}}` }, cost: 'None.' },
      {
        title: 'To capture wire-true packets, turn the offloads off on the capturing interface while capturing (or capture on another host)',
        action: { kind: 'command', command: 'sudo ethtool -K eth0 tso off gso off tx off' },
        cost: 'More CPU per packet on that host while the offloads are off; turn them back on (tso on gso on tx on) afterwards.',
      },
    ],
  },
  // --- Capture reorder and RTO stalls (issue 11, branch issue11-span).
  {
    id: 'capture.reorder',
    scope: 'capture',
    severity: 'warning',
    title: 'The capture reorders the two directions (a SPAN/mirror port)',
    reads: ['sequence-analysis'],
    fixes: (d) => [
      {
        title: 'Capture on one of the endpoints (or with a TAP that aggregates both directions in hardware) instead of a SPAN port',
        action: { kind: 'command', command: "sudo tcpdump -ni any -w endpoint.pcap 'tcp'" },
        cost: 'A capture on a busy server costs it some CPU (and shows segmentation offload artefacts); a TAP is hardware to buy and insert into the link, which interrupts it for a moment.',
      },
      {
        title:
          'Or keep this capture and read it per direction: the ACK-before-data order, "ACKed unseen segment" and "spurious retransmission" marks are the mirror\'s',
        action: { kind: 'filter', filter: `frame.number in {${d.about?.frames ?? ''}}` },
        cost: 'None; but round-trip times measured across the two directions of this capture stay off by the lead.',
      },
      {
        title: 'Or give the mirror room: a monitor port faster than the mirrored traffic, or mirror one direction per session',
        action: { kind: 'doc', url: 'https://wiki.wireshark.org/CaptureSetup/Ethernet' },
        cost: 'A faster monitor port is a port (and a capture NIC) of the next speed; mirroring one direction shows only half the conversation.',
      },
    ],
  },
  {
    id: 'tcp.transfer.rto-stall',
    scope: 'flow',
    severity: 'warning',
    severityWhen: 'info when the stalls add up to less than 1 s',
    title: 'Stalled on retransmission timeouts, then recovered',
    reads: ['sequence-analysis'],
    fixes: (d) => [
      {
        title: `Find what cut the path for ~${d.about?.seconds ?? '?'} s: link or route flaps, a firewall/NAT failover, a roaming client (logs at that time, and the path now)`,
        action: { kind: 'command', command: `mtr -rwc 20 ${(d.about?.peer ?? '').replace(/^(client|server) /, '').replace(/^\[?(.*?)\]?:\d+$/, '$1')}` },
        cost: '20 probes per hop.',
      },
      {
        title: 'Show the timeouts',
        action: { kind: 'filter', filter: `tcp.stream == ${d.stream} && tcp.analysis.retransmission && !tcp.analysis.fast_retransmission` },
        cost: 'None.',
      },
      {
        title: `For a thin stream (a few small writes in flight, interactive or trickling) on the ${d.side ?? 'client'}: retransmit at linear intervals for the first timeouts instead of doubling`,
        action: { kind: 'sysctl', key: 'net.ipv4.tcp_thin_linear_timeouts', value: '1', where: d.side ?? 'client' },
        cost: 'Thin streams of that host keep retransmitting every RTO during a long outage (up to 6 times before backing off): more packets into a path that is down, and a faster recovery when it comes back.',
      },
    ],
    supersedes: ['tcp.transfer.retransmissions'],
  },
] as const satisfies readonly RuleRow[];

export type RuleId = (typeof RULE_REGISTRY)[number]['id'];

/** A rule some row supersedes; the compiler rejects one that is not registered. */
type RegisteredOnly<T extends RuleId> = T;
export type SupersededRule = RegisteredOnly<Extract<(typeof RULE_REGISTRY)[number], { supersedes: readonly string[] }>['supersedes'][number]>;

/**
 * The documentation page of a rule (analyze's or compare's), relative to the repository (and the
 * packaged extension). Compare's ids by their prefix: importing its registry's type here would pull
 * the compare engine into the webview's type check (protocol.ts → finding.ts → this file).
 */
export function ruleDocPath(id: RuleId | `compare.${string}`): string {
  return `docs/rules/${id}.md`;
}

export function ruleRow(id: RuleId): RuleRow {
  return RULE_REGISTRY.find((r) => r.id === id)!;
}
