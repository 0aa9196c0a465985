import type { PacketIndex } from '../index/packetIndex';
import type { EthernetPairs } from './ethernetPairs';
import type { StatsKind } from './statsKinds';
import { addressFamilies, endText, hasPorts, packetEnds } from './statsKinds';

/**
 * One row of `tshark -z conv,TYPE`: A is the source of the conversation's first packet;
 * `start` is seconds from the capture's first packet, `duration` from its first to its last.
 */
export interface Conversation {
  addressA: string;
  portA?: number;
  addressB: string;
  portB?: number;
  /** A→B (tshark's "->") and B→A ("<-"). */
  packetsAToB: number;
  bytesAToB: number;
  packetsBToA: number;
  bytesBToA: number;
  packets: number;
  bytes: number;
  start: number;
  duration: number;
  /** TCP/UDP only: the tcp.stream / udp.stream the conversation is (its row's display filter). */
  stream?: number;
}

/**
 * Conversations of one kind in first-packet order. TCP and UDP reuse the index's stream numbers
 * (tshark 4.0 keys them by tcp.stream/udp.stream, so a reused port pair is a new row); Ethernet,
 * IP and IPv6 pair the two address ids. One pass over the columns, one slot per conversation.
 */
export function conversations(ix: PacketIndex, kind: StatsKind, macs?: EthernetPairs): Conversation[] {
  const families = addressFamilies(ix);
  const ports = hasPorts(kind);
  const width = (kind === 'eth' ? (macs?.macCount ?? 0) : ix.addresses.size) + 1;
  const slotOf = new Map<number, number>();
  // Stream numbers are dense: TCP and UDP conversations find their slot by array index.
  const byStream = ports ? new Int32Array(kind === 'tcp' ? ix.tcpStreams.count : ix.udpStreams.count).fill(-1) : undefined;
  const first: number[] = [];
  // Per slot: A and B (the first packet's source and destination).
  const aOf: number[] = [],
    bOf: number[] = [];
  const ends = new Uint32Array(2);
  // Per slot: packets/bytes A→B, packets/bytes B→A, first and last seconds from the first packet.
  let acc = new Float64Array(64 * 6);
  for (let i = 0; i < ix.count; i++) {
    if (!packetEnds(ix, families, kind, i, ends, macs)) continue;
    const src = ends[0],
      dst = ends[1];
    const key = ports ? ix.stream[i] : Math.min(src, dst) * width + Math.max(src, dst);
    let s = byStream ? byStream[key] : (slotOf.get(key) ?? -1);
    const t = relativeSeconds(ix, i);
    if (s < 0) {
      s = first.length;
      if (byStream) byStream[key] = s;
      else slotOf.set(key, s);
      first.push(i);
      aOf.push(src);
      bOf.push(dst);
      if (s * 6 + 6 > acc.length) {
        const bigger = new Float64Array(acc.length * 2);
        bigger.set(acc);
        acc = bigger;
      }
      acc[s * 6 + 4] = t;
      acc[s * 6 + 5] = t;
    }
    const k = s * 6;
    const f = first[s];
    const aToB = ports ? aOf[s] === src && ix.sport[f] === ix.sport[i] : aOf[s] === src;
    const at = aToB ? k : k + 2;
    acc[at]++;
    acc[at + 1] += ix.frameLen(i);
    if (t < acc[k + 4]) acc[k + 4] = t;
    if (t > acc[k + 5]) acc[k + 5] = t;
  }
  const out: Conversation[] = [];
  for (let s = 0; s < first.length; s++) {
    const k = s * 6,
      f = first[s];
    out.push({
      addressA: endText(ix, kind, aOf[s], macs),
      ...(ports ? { portA: ix.sport[f] } : {}),
      addressB: endText(ix, kind, bOf[s], macs),
      ...(ports ? { portB: ix.dport[f] } : {}),
      packetsAToB: acc[k],
      bytesAToB: acc[k + 1],
      packetsBToA: acc[k + 2],
      bytesBToA: acc[k + 3],
      packets: acc[k] + acc[k + 2],
      bytes: acc[k + 1] + acc[k + 3],
      // tshark subtracts the two times as doubles (nstime_to_sec), which decides its 4-decimal rounding.
      start: acc[k + 4],
      duration: acc[k + 5] - acc[k + 4],
      ...(ports ? { stream: ix.stream[f] } : {}),
    });
  }
  return out;
}

/** Seconds from the capture's first timed packet, to the nanosecond; 0 without timestamp. */
function relativeSeconds(ix: PacketIndex, i: number): number {
  return ix.firstTimed < 0 || !ix.hasTime(i) ? 0 : ix.secondsBetween(ix.firstTimed, i);
}
