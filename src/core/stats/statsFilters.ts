import type { Conversation } from './conversations';
import type { Endpoint } from './endpoints';
import type { StatsKind } from './statsKinds';

/**
 * The display filter a statistics row stands for, as Wireshark's "Apply as Filter" on its
 * Endpoints, Conversations and Protocol Hierarchy windows writes it: an endpoint's address (and
 * port), a conversation's two addresses, or — TCP and UDP — its stream, which is exactly the
 * packets the row counts (a reused port pair is another stream, another row).
 */

function addressField(kind: StatsKind, address: string): string {
  if (kind === 'eth') return 'eth.addr';
  if (kind === 'ipv6') return 'ipv6.addr';
  if (kind === 'ip') return 'ip.addr';
  // TCP and UDP rows hold either family.
  return address.includes(':') ? 'ipv6.addr' : 'ip.addr';
}

export function endpointFilter(kind: StatsKind, e: Pick<Endpoint, 'address' | 'port'>): string {
  const addr = `${addressField(kind, e.address)} == ${e.address}`;
  return e.port === undefined || (kind !== 'tcp' && kind !== 'udp') ? addr : `${addr} && ${kind}.port == ${e.port}`;
}

export function conversationFilter(kind: StatsKind, c: Pick<Conversation, 'addressA' | 'addressB' | 'stream'>): string {
  if ((kind === 'tcp' || kind === 'udp') && c.stream !== undefined) return `${kind}.stream eq ${c.stream}`;
  const field = addressField(kind, c.addressA);
  return `${field} == ${c.addressA} && ${field} == ${c.addressB}`;
}
