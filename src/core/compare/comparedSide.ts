import type { Capture } from '../capture/openCapture';
import type { PacketIndex } from '../index/packetIndex';
import type { PacketFacts } from './packetFacts';

/** One of the two captures being compared: its index, its extra per-packet facts, and its bytes on demand. */
export interface ComparedSide {
  readonly capture: Capture;
  readonly ix: PacketIndex;
  readonly facts: PacketFacts;
}
