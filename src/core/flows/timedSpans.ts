import type { PacketIndex } from '../index/packetIndex';
import { packetEpoch } from '../summary/timeText';

/**
 * Per conversation, its first and last packet that has a timestamp: a flow's start and duration.
 * Packets without one (pcapng Simple Packet Blocks) count in the flow but not in its times.
 */
export class TimedSpans {
  private readonly first: number[];
  private readonly last: number[];

  /** `flows` is how many there are when known; flows numbered beyond it are added as they come. */
  constructor(
    private readonly ix: PacketIndex,
    flows = 0,
  ) {
    this.first = new Array<number>(flows).fill(-1);
    this.last = new Array<number>(flows).fill(-1);
  }

  add(flow: number, i: number): void {
    if (!this.ix.hasTime(i)) return;
    while (this.first.length <= flow) {
      this.first.push(-1);
      this.last.push(-1);
    }
    if (this.first[flow] < 0) this.first[flow] = i;
    this.last[flow] = i;
  }

  /** Epoch text of the flow's first timed packet; undefined when none of its packets has a timestamp. */
  start(flow: number): string | undefined {
    const f = this.first[flow] ?? -1;
    return f < 0 ? undefined : packetEpoch(this.ix, f);
  }

  /** Seconds from the first to the last timed packet, rounded to the nanosecond. */
  duration(flow: number): number {
    const f = this.first[flow] ?? -1;
    return f < 0 ? 0 : Math.round(this.ix.secondsBetween(f, this.last[flow]) * 1e9) / 1e9;
  }
}
