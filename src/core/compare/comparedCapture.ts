import type { Capture } from '../capture/openCapture';
import type { PacketFacts } from './packetFacts';

/** A capture opened for comparison, with the facts compareCaptures needs beyond its index (read in the same thread). */
export interface ComparedCapture {
  capture: Capture;
  facts: PacketFacts;
}
