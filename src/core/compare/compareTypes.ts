import type { CompareFinding } from './compareFinding';

/**
 * What became of one packet between the two points, decided once by the engine (classify.ts);
 * the CLI, and later the side-by-side view and the four-lane ladder, only render it.
 */
export const enum PacketClass {
  /** Seen at both points, nothing changed beyond the path's usual TTL decrement. */
  Matched = 1,
  /** Seen at both points with some field changed (FieldChange bits say which). */
  Modified = 2,
  /** Sent past the upstream point, never reached the downstream one. */
  LostBetween = 3,
  /** Seen downstream only: injected or generated between the points (a forged RST, a SYN proxy's SYN/ACK, ICMP). */
  AppearedBetween = 4,
  /** Only in one capture, at a time the other capture was not running: nothing can be said. */
  OnlyOutsideOverlap = 5,
  /** A frame that never crosses the path (ARP, a non-IP frame): neither lost nor injected. */
  NotForwarded = 6,
}

export const PACKET_CLASS_NAMES = {
  [PacketClass.Matched]: 'matched',
  [PacketClass.Modified]: 'modified',
  [PacketClass.LostBetween]: 'lostBetween',
  [PacketClass.AppearedBetween]: 'appearedBetween',
  [PacketClass.OnlyOutsideOverlap]: 'onlyOutsideOverlap',
  [PacketClass.NotForwarded]: 'notForwarded',
} as const;

/** Which way a packet travels between the points: from A's side to B's, or back; -1 unknown. */
export const A_TO_B = 0;
export const B_TO_A = 1;

/** One capture's per-packet verdicts, by packet index (0-based) of that capture. */
export interface SideVerdicts {
  /** PacketClass per packet. */
  readonly cls: Uint8Array;
  /** The same packet's index in the other capture, -1 when not seen there. */
  readonly peer: Int32Array;
  /** A_TO_B, B_TO_A or -1. */
  readonly direction: Int8Array;
  /** Index into CompareResult.connections, -1 for a packet of no compared connection. */
  readonly connection: Int32Array;
}

/** A one-way delay between the points, seconds, over the matched packets of one direction. */
export interface DelayStats {
  min: number;
  median: number;
  max: number;
  packets: number;
}

/** An endpoint as one capture shows it. */
export interface Endpoint {
  address: string;
  port: number;
}

/** One TCP connection as the two captures show it. */
export interface ConnectionComparison {
  /** tcp.stream in A and in B; -1 when the connection is absent from that capture. */
  streamA: number;
  streamB: number;
  /** The endpoint on A's side and the one on B's side, as each capture shows them (NAT makes them differ). */
  aSide: { atA: Endpoint | null; atB: Endpoint | null };
  bSide: { atA: Endpoint | null; atB: Endpoint | null };
  /** Raw sequence number offset at B minus A, per direction (0 when unchanged); null when no packet matched that way. */
  seqOffset: { aToB: number | null; bToA: number | null };
  /** TTL decrement between the points per direction (routers on the path), null when unknown. */
  hops: { aToB: number | null; bToA: number | null };
  /** How the orientation (which endpoint is on A's side) was decided. */
  orientedBy: 'timing' | 'ttl' | 'clock' | 'addresses' | 'guess';
  packets: Record<'matched' | 'modified' | 'lostBetween' | 'appearedBetween' | 'onlyOutsideOverlap', number>;
  delay: { aToB: DelayStats | null; bToA: DelayStats | null };
}

export interface PacketCounts {
  matched: number;
  lostBetween: number;
  appearedBetween: number;
  modified: number;
  onlyOutsideOverlap: number;
  /** Frames that never cross a path (ARP): counted so every packet is accounted for. */
  notForwarded: number;
}

/** Everything `compare` decides about two captures of the same traffic. */
export interface CompareResult {
  a: SideVerdicts;
  b: SideVerdicts;
  /** Per A packet of a pair: FieldChange bits (fieldChanges.ts); values are read back with changedFields(). */
  changes: Uint32Array;
  /** B's clock minus A's, seconds (NTP-style from the minimum delays each way); null without matched pairs. */
  clockOffset: number | null;
  /** How far off clockOffset may be: half the minimum round trip between the points (an asymmetric path hides in it). */
  clockUncertainty: number | null;
  delay: { aToB: DelayStats | null; bToA: DelayStats | null };
  /** Routers between the points by TTL, per direction (most common decrement); null when unknown. */
  hops: { aToB: number | null; bToA: number | null };
  connections: ConnectionComparison[];
  packets: PacketCounts;
  findings: CompareFinding[];
}
