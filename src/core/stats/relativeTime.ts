import type { PacketIndex } from '../index/packetIndex';

/**
 * Packet i's time since the capture's first timed packet in whole microseconds, rounded as
 * tshark's statistics taps round it (tap-iostat.c, conversation_table.c: `(nsecs + 500) / 1000`
 * on the normalised delta). Negative deltas (packets out of order) stay negative; a packet
 * without timestamp is at 0.
 */
export function relativeMicros(ix: PacketIndex, i: number): number {
  const first = ix.firstTimed;
  if (first < 0 || !ix.hasTime(i)) return 0;
  let secs = ix.seconds(i) - ix.seconds(first);
  let nsecs = ix.nsec[i] - ix.nsec[first];
  if (nsecs < 0) {
    secs -= 1;
    nsecs += 1e9;
  }
  return secs * 1e6 + Math.floor((nsecs + 500) / 1000);
}
