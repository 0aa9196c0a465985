import type { PacketIndex } from '../index/packetIndex';
import { PF_DIRECTION_B } from '../index/packetIndex';

/**
 * One TCP conversation as the verdicts see it. The diagnosis's TcpFlow is one; for any other
 * caller CaptureVerdicts.ref() makes one from the stream's own packets — the same list either way.
 */
export interface StreamRef {
  readonly stream: number;
  /** Direction (0 = the stream's A side, 1 = B) of the client: see roles.ts. */
  readonly clientDir: number;
  /** 0-based indices of its SYN, FIN and RST segments, in order (at most MAX_CONTROL_PACKETS). */
  readonly control: readonly number[];
  /** First and last packet carrying payload from each side, [client, server]; -1 when none. */
  readonly firstData: readonly [number, number];
  readonly lastData: readonly [number, number];
}

/** Control segments kept per stream for the handshake and reset verdicts (the rest are counted, not listed). */
export const MAX_CONTROL_PACKETS = 512;

export function directionOf(ix: PacketIndex, i: number): number {
  return ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
}

/** Whether packet i was sent by the conversation's client. */
export function isFromClient(ix: PacketIndex, ref: StreamRef, i: number): boolean {
  return directionOf(ix, i) === ref.clientDir;
}

export type Side = 'client' | 'server';

export function sideOf(ix: PacketIndex, ref: StreamRef, i: number): Side {
  return isFromClient(ix, ref, i) ? 'client' : 'server';
}

export function otherSide(side: Side): Side {
  return side === 'client' ? 'server' : 'client';
}

/** TCP flag bits of packet i. */
export function tcpFlagsOf(ix: PacketIndex, i: number): number {
  return ix.flags[i] & 0x0fff;
}
