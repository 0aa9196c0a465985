/**
 * Whether a TCP port looks like a service's (below the Linux ephemeral range), for picking the
 * server when no SYN shows it. Zeek asks the same of its likely_server_ports (the ports its
 * analyzers register); this range is our stand-in for that list.
 */
export function likelyServerPort(port: number): boolean {
  return port < 32768;
}
