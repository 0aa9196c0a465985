import type { Draft } from './draft';
import type { Fix } from './finding';

const RMEM_COST =
  'Each connection may use up to the maximum as receive buffer: on a host with many connections that is real memory (the kernel only grows a buffer that the path needs, but the ceiling is per socket).';

/** The fixes of tcp.transfer.throughput-limit, by what limited the transfer (the draft's variant). */
export function throughputFixes(d: Draft): Fix[] {
  const receiver = d.side ?? 'client';
  const sender = receiver === 'client' ? 'server' : 'client';
  const show = (filter: string, title: string): Fix => ({ title, action: { kind: 'filter', filter: `tcp.stream == ${d.stream} && ${filter}` }, cost: 'None.' });
  switch (d.variant) {
    case 'window-scale-stripped':
      // The capture shows the option overwritten with NOPs: the device, not the hosts, is to fix.
      return [
        {
          title: 'Find the device that overwrites the window scale option (a firewall, NAT or "TCP normaliser"): compare the SYN captured on both sides of it',
          action: { kind: 'command', command: "sudo tcpdump -ni any -v 'tcp[tcpflags] & tcp-syn != 0'" },
          cost: 'None: a second capture.',
        },
        {
          title: 'On that device, stop rewriting TCP options (on Linux/nftables: a "reset tcp option window" rule), or route the traffic around it',
          action: { kind: 'command', command: "sudo nft -a list ruleset | grep -n 'tcp option'" },
          cost: 'None to look; removing the rule changes what that device lets through, so check why it was added.',
        },
        show('tcp.analysis.window_full', 'Show where the sender filled the window'),
      ];
    case 'window-scaling-off':
      return [
        {
          title: `Enable window scaling on the ${receiver} (and the ${sender})`,
          action: { kind: 'sysctl', key: 'net.ipv4.tcp_window_scaling', value: '1', where: receiver },
          cost: 'None on a clean path; if a middlebox strips the option it stays off: fix or bypass that device.',
        },
        {
          title: 'Capture the handshake on the other side: the option is missing there if a device in between strips it',
          action: { kind: 'command', command: "sudo tcpdump -ni any -v 'tcp[tcpflags] & tcp-syn != 0'" },
          cost: 'None: a second capture.',
        },
        show('tcp.analysis.window_full', 'Show where the sender filled the window'),
      ];
    case 'receive-window':
      return [
        {
          title: `Let the ${receiver}'s receive buffer grow to the bandwidth-delay product (net.ipv4.tcp_rmem)`,
          action: { kind: 'sysctl', key: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216', where: receiver },
          cost: RMEM_COST,
        },
        {
          title:
            'If the application sets SO_RCVBUF, drop that call (it disables auto-tuning and fixes the window scale at connect time), or raise the ceiling it is capped to',
          action: { kind: 'sysctl', key: 'net.core.rmem_max', value: '16777216', where: receiver },
          cost: RMEM_COST,
        },
        show('tcp.analysis.window_full', 'Show where the sender filled the window'),
      ];
    case 'loss':
      return [
        show('(tcp.analysis.retransmission || tcp.analysis.fast_retransmission)', 'Show the retransmissions'),
        {
          title: `Find the lossy hop towards ${d.server ?? 'the peer'}`,
          action: { kind: 'command', command: `mtr -rwc 100 ${(d.server ?? '').replace(/^\[?(.*?)\]?:\d+$/, '$1')}` },
          cost: '100 probes per hop; a router that rate-limits ICMP can look lossy while it forwards fine.',
        },
      ];
    default:
      // The network and the receiver wait for the application: the fix is there (make-fixtures.sh, cap_sender-limited).
      return [
        {
          title: `In the ${sender}'s application: write larger chunks and have the data ready, instead of small writes at intervals`,
          action: { kind: 'doc', url: 'https://man7.org/linux/man-pages/man2/send.2.html' },
          cost: 'Larger writes hold more data in the application before it leaves: more memory per connection, and the first bytes of a chunk wait for the rest.',
        },
        show('tcp.len > 0', "Show the sender's segments: small writes at intervals"),
        {
          title: 'Only if the application writes as fast as it can and in-flight sits at a fixed size: the send buffer is the limit (net.ipv4.tcp_wmem)',
          action: { kind: 'sysctl', key: 'net.ipv4.tcp_wmem', value: '4096 65536 16777216', where: sender },
          cost: 'Each connection may queue up to the maximum in kernel memory, and more queued data means more latency for what is written later.',
        },
      ];
  }
}
