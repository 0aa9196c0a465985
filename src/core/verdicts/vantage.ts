import { TH_RST } from '../decode/tcp';
import type { PacketIndex } from '../index/packetIndex';
import type { IpReader } from './ipFacts';
import type { StreamRef } from './streamRef';
import { isFromClient, tcpFlagsOf } from './streamRef';

/** Initial TTLs stacks use (Linux/macOS 64, Windows 128, network gear 255). */
const INITIAL_TTLS = [32, 64, 128, 255];

/** Hops a packet travelled, guessed from its TTL / hop limit. */
export function hopsFromTtl(ttl: number): number {
  const initial = INITIAL_TTLS.find((t) => t >= ttl) ?? 255;
  return initial - ttl;
}

/** How far one side is from the capture point, from the TTL its packets usually arrive with. */
export interface SideDistance {
  /** The TTL (hop limit) most of its packets arrive with, and how many packets said so. */
  ttl: number;
  samples: number;
  hops: number;
  /** A packet that shows it (its first SYN when there is one). */
  packet: number;
  ipVersion: number;
  /** Whether only its resets said so (it sent nothing else): no yardstick for judging a reset. */
  fromResets: boolean;
}

/**
 * Where the capture was taken, as far as TTLs tell: a side whose packets still carry their initial
 * TTL was captured on (or next to) the host that sent them. [client, server].
 */
export interface Vantage {
  question: 'vantage';
  client?: SideDistance;
  server?: SideDistance;
}

/** Packets of one side read for its usual TTL. */
const MAX_SAMPLES = 16;

/**
 * A side's usual TTL: the median over its SYN, FIN segments and first and last data packets; its
 * RSTs only when it sent nothing else (a RST is the packet a device in between forges).
 */
export function sideDistance(ix: PacketIndex, ip: IpReader, ref: StreamRef, fromClient: boolean): SideDistance | undefined {
  const mine = (i: number) => isFromClient(ix, ref, i) === fromClient;
  let picks = ref.control.filter((i) => mine(i) && !(tcpFlagsOf(ix, i) & TH_RST));
  for (const i of [...ref.firstData, ...ref.lastData]) if (i >= 0 && mine(i) && !picks.includes(i)) picks.push(i);
  const fromResets = !picks.length;
  if (fromResets) picks = ref.control.filter(mine);
  if (!picks.length) return undefined;
  picks = picks.slice(0, MAX_SAMPLES);
  const ttls = picks.map((i) => ip(i).ttl).sort((a, b) => a - b);
  const ttl = ttls[ttls.length >> 1];
  const packet = picks.find((i) => ip(i).ttl === ttl)!;
  return { ttl, samples: ttls.length, hops: hopsFromTtl(ttl), packet, ipVersion: ip(packet).ipVersion, fromResets };
}

export function vantage(ix: PacketIndex, ip: IpReader, ref: StreamRef): Vantage {
  const v: Vantage = { question: 'vantage' };
  const c = sideDistance(ix, ip, ref, true);
  const s = sideDistance(ix, ip, ref, false);
  if (c) v.client = c;
  if (s) v.server = s;
  return v;
}
