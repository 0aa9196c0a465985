import { AddressFamily } from '../index/addressTable';
import type { PacketIndex } from '../index/packetIndex';

/** "10.0.0.1:80" or "[2001:db8::1]:443" (RFC 3986 brackets for IPv6). */
export function endpointText(ix: PacketIndex, addr: number, port: number): string {
  const a = ix.addresses.text(addr);
  return ix.addresses.family(addr) === AddressFamily.IPv6 ? `[${a}]:${port}` : `${a}:${port}`;
}
