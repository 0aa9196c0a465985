import { arpAddressOffsets } from '../decode/arp';
import { ipv4Text, macTextAt } from '../decode/addressText';
import type { DecodedRow } from './decodedRow';

/** Wireshark's ARP Info: "Who has 10.0.0.2? Tell 10.0.0.1", "10.0.0.2 is at 02:…". */
export function arpInfo(row: DecodedRow, net: number): string {
  const a = arpAddressOffsets(row.view, net, row.bytes.length);
  const op = row.f.arpOp;
  if (!a || a.plen !== 4) return `ARP opcode ${op}`;
  const v = row.view;
  const spa = ipv4Text(v.getUint32(a.spa));
  const tpa = ipv4Text(v.getUint32(a.tpa));
  const sha = hardwareAddressText(row.view, a.sha, a.hlen);
  if (op === 1) {
    if (spa === tpa) return `Gratuitous ARP for ${spa} (Request)`;
    if (spa === '0.0.0.0') return `Who has ${tpa}? (ARP Probe)`;
    return `Who has ${tpa}? Tell ${spa}`;
  }
  if (op === 2) return spa === tpa ? `Gratuitous ARP for ${spa} (Reply)` : `${spa} is at ${sha}`;
  return `ARP opcode ${op}`;
}

/** A MAC for 6 bytes, other sizes (ARCNET's one-byte station id…) as hex digits, as Wireshark prints them. */
function hardwareAddressText(view: DataView, at: number, len: number): string {
  if (len === 6) return macTextAt(view, at);
  if (len === 0) return '<No address>';
  let s = '';
  for (let k = 0; k < len; k++)
    s += view
      .getUint8(at + k)
      .toString(16)
      .padStart(2, '0');
  return s;
}
