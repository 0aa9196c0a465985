import { ProtoCode } from '../decode/fields';
import { AddressFamily } from '../index/addressTable';
import type { PacketIndex } from '../index/packetIndex';
import { PF_DIRECTION_B, PF_FRAGMENT } from '../index/packetIndex';
import type { EthernetPairs } from './ethernetPairs';

/** The tables tshark's `-z endpoints,TYPE` and `-z conv,TYPE` have and we compute from columns. */
export type StatsKind = 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp';
export const STATS_KINDS: readonly StatsKind[] = ['eth', 'ip', 'ipv6', 'tcp', 'udp'];

export function isStatsKind(s: string): s is StatsKind {
  return (STATS_KINDS as readonly string[]).includes(s);
}

/** Each interned address's family, read once so the per-packet test is an array load. */
export function addressFamilies(ix: PacketIndex): Uint8Array {
  const t = ix.addresses;
  const out = new Uint8Array(t.size + 1);
  for (let id = 1; id <= t.size; id++) out[id] = t.family(id);
  return out;
}

/**
 * Whether packet i belongs in a `kind` table: an IPv4/IPv6 header with both addresses, or a TCP
 * header (a stream number: its fixed header was captured, as tshark's tap needs) or a UDP header
 * (a UDP conversation). For tunnelled packets the columns hold the innermost layers only.
 */
function packetOfKind(ix: PacketIndex, families: Uint8Array, kind: StatsKind, i: number): boolean {
  const src = ix.src[i],
    dst = ix.dst[i];
  if (src === 0 || dst === 0) return false;
  const fam = families[src];
  if (kind === 'ip') return fam === AddressFamily.IPv4;
  // tshark's IPv6 tap runs after the fragment header: a fragment counts only when it completes
  // its datagram (packet-ipv6.c returns early for the others). IPv4 taps every fragment.
  if (kind === 'ipv6') return fam === AddressFamily.IPv6 && ((ix.flags[i] & PF_FRAGMENT) === 0 || ix.fragments.datagramEndingAt(i) >= 0);
  if (fam !== AddressFamily.IPv4 && fam !== AddressFamily.IPv6) return false;
  if (ix.stream[i] < 0) return false;
  const p = ix.proto[i];
  const tcp = p === ProtoCode.Tcp || p === ProtoCode.Http || p === ProtoCode.Tls;
  return kind === 'tcp' ? tcp : !tcp;
}

/**
 * The two endpoints of packet i in a `kind` table, into out[0] (source) and out[1] (destination):
 * address ids (MAC ids of `macs` for 'eth'); false when the packet is not in that table.
 */
export function packetEnds(ix: PacketIndex, families: Uint8Array, kind: StatsKind, i: number, out: Uint32Array, macs?: EthernetPairs): boolean {
  if (kind === 'eth') {
    if (!macs) throw new Error("the 'eth' tables need the MAC pairs of layerStatsOf");
    const stream = ix.stream[i];
    const p = ix.proto[i];
    const udp = stream >= 0 && !(p === ProtoCode.Tcp || p === ProtoCode.Http || p === ProtoCode.Tls);
    const pair = macs.pairOf(i, udp, stream, ix.flags[i] & PF_DIRECTION_B ? 1 : 0);
    if (pair === 0) return false;
    out[0] = macs.sourceOf(pair);
    out[1] = macs.destinationOf(pair);
    return true;
  }
  if (!packetOfKind(ix, families, kind, i)) return false;
  out[0] = ix.src[i];
  out[1] = ix.dst[i];
  return true;
}

/** Display text of an id packetEnds gave. */
export function endText(ix: PacketIndex, kind: StatsKind, id: number, macs?: EthernetPairs): string {
  return kind === 'eth' && macs ? macs.macText(id) : ix.addresses.text(id);
}

export function hasPorts(kind: StatsKind): boolean {
  return kind === 'tcp' || kind === 'udp';
}
