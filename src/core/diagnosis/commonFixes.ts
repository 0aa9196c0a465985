import type { Fix } from './finding';
import { KERNEL_IP_SYSCTL, RFC7323_3_2 } from './references';

const TIMESTAMPS_COST =
  'Turns off RFC 7323 timestamps for every connection of that host: no PAWS protection against old duplicate segments, coarser RTT measurement, and net.ipv4.tcp_tw_reuse stops working (it relies on timestamps). A workaround while the real cause — the device rewriting the option — is fixed.';

/** Disabling TCP timestamps on one side: the sysctl, the commands, the references. */
export function tcpTimestampsFixes(where: 'client' | 'server'): Fix[] {
  return [
    {
      title: `Disable TCP timestamps on the ${where} (net.ipv4.tcp_timestamps = 0)`,
      action: { kind: 'sysctl', key: 'net.ipv4.tcp_timestamps', value: '0', where },
      cost: TIMESTAMPS_COST,
    },
    { title: 'Apply now (until reboot)', action: { kind: 'command', command: 'sudo sysctl -w net.ipv4.tcp_timestamps=0' }, cost: TIMESTAMPS_COST },
    {
      title: 'Persist across reboots',
      action: { kind: 'command', command: "echo 'net.ipv4.tcp_timestamps = 0' | sudo tee /etc/sysctl.d/90-tcp-timestamps.conf && sudo sysctl --system" },
      cost: TIMESTAMPS_COST,
    },
    { title: "RFC 7323 §3.2: a SYN/ACK must echo the SYN's TSval", action: { kind: 'doc', url: RFC7323_3_2 } },
    { title: 'Linux ip-sysctl: tcp_timestamps', action: { kind: 'doc', url: KERNEL_IP_SYSCTL } },
  ];
}

/** Capturing on the server side tells a middlebox from a server bug. */
export function captureSideFixes(at: { server?: string; stream: number }): Fix[] {
  const server = at.server ?? '';
  const port = server.slice(server.lastIndexOf(':') + 1);
  return [
    {
      title: 'Capture the handshake on the server to locate the rewrite',
      action: { kind: 'command', command: `sudo tcpdump -ni any -w server-side.pcap 'tcp port ${port} and tcp[tcpflags] & (tcp-syn|tcp-rst) != 0'` },
      cost: 'None: a second capture, on the server.',
    },
    { title: 'Show this connection only', action: { kind: 'filter', filter: `tcp.stream == ${at.stream}` }, cost: 'None.' },
  ];
}
