import type { DecodedRow } from './decodedRow';
import type { PacketSummary } from './packetSummary';

/** IPsec NAT traversal (RFC 3948): ESP and IKE share UDP port 4500. */
const NAT_T_PORT = 4500;

/**
 * Protocol and Info of a UDP datagram on port 4500, as Wireshark's udpencap dissector names it:
 * a single 0xff byte is a NAT-keepalive (RFC 3948 §2.3), four zero bytes are the non-ESP marker
 * before an IKE message (§2.2), anything else is ESP and its first word the SPI (§2.1).
 * undefined for other ports.
 */
export function udpEncapSummary(row: DecodedRow, sport: number, dport: number): PacketSummary | undefined {
  if (sport !== NAT_T_PORT && dport !== NAT_T_PORT) return undefined;
  const { f, view } = row;
  const at = f.payloadOff;
  const have = Math.min(f.payloadLen, Math.min(f.l4End, view.byteLength) - at);
  if (at < 0 || have <= 0) return undefined;
  if (have === 1 && view.getUint8(at) === 0xff) return { protocol: 'UDPENCAP', info: 'NAT-keepalive' };
  if (have < 4) return { protocol: 'UDPENCAP', info: 'UDP encapsulation of IPsec packets (too short for an SPI or marker)' };
  const spi = view.getUint32(at);
  if (spi === 0) return { protocol: 'ISAKMP', info: 'IKE message after the non-ESP marker (UDP encapsulation)' };
  return { protocol: 'ESP', info: `ESP (SPI=0x${spi.toString(16).padStart(8, '0')})` };
}
