import { arpAddressOffsets } from '../decode/arp';
import { ipv4Text, macText } from '../decode/addressText';
import type { DecodedRow } from './decodedRow';

/** Wireshark's ARP Info: "Who has 10.0.0.2? Tell 10.0.0.1", "10.0.0.2 is at 02:…". */
export function arpInfo(row: DecodedRow, net: number): string {
  const a = arpAddressOffsets(row.view, net, row.bytes.length);
  const op = row.f.arpOp;
  if (!a || a.hlen !== 6 || a.plen !== 4) return `ARP opcode ${op}`;
  const v = row.view;
  const spa = ipv4Text(v.getUint32(a.spa));
  const tpa = ipv4Text(v.getUint32(a.tpa));
  const sha = macText(v.getUint16(a.sha) * 0x100000000 + v.getUint32(a.sha + 2));
  if (op === 1) {
    if (spa === tpa) return `Gratuitous ARP for ${spa} (Request)`;
    if (spa === '0.0.0.0') return `Who has ${tpa}? (ARP Probe)`;
    return `Who has ${tpa}? Tell ${spa}`;
  }
  if (op === 2) return spa === tpa ? `Gratuitous ARP for ${spa} (Reply)` : `${spa} is at ${sha}`;
  return `ARP opcode ${op}`;
}
