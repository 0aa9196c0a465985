import { macText } from '../decode/addressText';
import { grow } from '../index/flowTable';

/**
 * The Ethernet source and destination of every frame, without a column: a TCP or UDP stream's
 * frames in one direction nearly always carry the same MAC pair, so the pair is kept per stream
 * and direction, and only frames that differ (a path change, a frame with no stream such as
 * ICMP or a fragment) are kept one by one. Pairs and MACs are interned to small ids.
 */
export class EthernetPairs {
  private readonly macIds = new Map<number, number>();
  private readonly macValues: number[] = [0];
  private readonly pairIds = new Map<number, number>();
  /** Pair id → source and destination MAC ids (pair 0: no Ethernet header). */
  private readonly pairSrc: number[] = [0];
  private readonly pairDst: number[] = [0];
  /** Per stream and direction (stream * 2 + dir), 0 until the stream's first frame in that direction. */
  private tcp = new Uint32Array(64);
  private udp = new Uint32Array(64);
  /** Frames whose pair is not their stream direction's (or that have no stream). */
  readonly exceptions = new Map<number, number>();

  /** Records frame i's MACs (at `srcOff`/`dstOff` of `view`); `stream` -1 when it has none. */
  note(i: number, view: DataView, srcOff: number, dstOff: number, udp: boolean, stream: number, dir: number): void {
    const src = view.getUint16(srcOff) * 0x100000000 + view.getUint32(srcOff + 2);
    const dst = view.getUint16(dstOff) * 0x100000000 + view.getUint32(dstOff + 2);
    // Frames mostly alternate between the two directions of one pair: a two-entry memo skips the maps.
    let pair: number;
    if (src === this.memoSrc[0] && dst === this.memoDst[0]) pair = this.memoPair[0];
    else if (src === this.memoSrc[1] && dst === this.memoDst[1]) pair = this.memoPair[1];
    else {
      pair = this.internPair(this.internMac(src), this.internMac(dst));
      this.memoSrc[1] = this.memoSrc[0];
      this.memoDst[1] = this.memoDst[0];
      this.memoPair[1] = this.memoPair[0];
      this.memoSrc[0] = src;
      this.memoDst[0] = dst;
      this.memoPair[0] = pair;
    }
    if (stream < 0) {
      this.exceptions.set(i, pair);
      return;
    }
    const slot = stream * 2 + dir;
    let table = udp ? this.udp : this.tcp;
    if (slot >= table.length) {
      table = grow(table, new Uint32Array(Math.max(slot + 1, table.length * 2)));
      if (udp) this.udp = table;
      else this.tcp = table;
    }
    if (table[slot] === 0) table[slot] = pair;
    else if (table[slot] !== pair) this.exceptions.set(i, pair);
  }

  /** Frame i's pair id (0 when it had no Ethernet header). */
  pairOf(i: number, udp: boolean, stream: number, dir: number): number {
    if (this.exceptions.size) {
      const p = this.exceptions.get(i);
      if (p !== undefined) return p;
    }
    if (stream < 0) return 0;
    const table = udp ? this.udp : this.tcp;
    const slot = stream * 2 + dir;
    return slot < table.length ? table[slot] : 0;
  }

  get macCount(): number {
    return this.macValues.length - 1;
  }

  sourceOf(pair: number): number {
    return this.pairSrc[pair];
  }
  destinationOf(pair: number): number {
    return this.pairDst[pair];
  }
  macText(mac: number): string {
    return macText(this.macValues[mac]);
  }

  private readonly memoSrc = [-1, -1];
  private readonly memoDst = [-1, -1];
  private readonly memoPair = [0, 0];

  private internMac(value: number): number {
    let id = this.macIds.get(value);
    if (id === undefined) {
      id = this.macValues.length;
      this.macValues.push(value);
      this.macIds.set(value, id);
    }
    return id;
  }

  private internPair(src: number, dst: number): number {
    const key = src * 0x4000000 + dst;
    let id = this.pairIds.get(key);
    if (id === undefined) {
      id = this.pairSrc.length;
      this.pairSrc.push(src);
      this.pairDst.push(dst);
      this.pairIds.set(key, id);
    }
    return id;
  }
}
