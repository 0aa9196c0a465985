/**
 * Numbers conversations in order of first appearance, like tshark's tcp.stream
 * and udp.stream, with an open-addressing hash over (address id, port) pairs so
 * the per-packet lookup allocates nothing.
 */
export class FlowTable {
  private slots: Int32Array;
  private mask: number;
  /** Per-flow endpoints: A is the source of the flow's first packet. */
  aAddr = new Uint32Array(1024);
  bAddr = new Uint32Array(1024);
  aPort = new Uint16Array(1024);
  bPort = new Uint16Array(1024);
  count = 0;

  constructor() {
    this.slots = new Int32Array(4096).fill(-1);
    this.mask = this.slots.length - 1;
  }

  /** Flow id for this packet, or -1 if the tuple has not been seen. */
  find(src: number, dst: number, sport: number, dport: number): number {
    let i = hash(src, dst, sport, dport) & this.mask;
    for (;;) {
      const id = this.slots[i];
      if (id < 0) return -1;
      if (this.matches(id, src, dst, sport, dport)) return id;
      i = (i + 1) & this.mask;
    }
  }

  /** Starts a new flow for this tuple; a reused tuple's slot now points at the new flow. */
  create(src: number, dst: number, sport: number, dport: number): number {
    const id = this.count++;
    if (id >= this.aAddr.length) this.growFlows();
    this.aAddr[id] = src;
    this.bAddr[id] = dst;
    this.aPort[id] = sport;
    this.bPort[id] = dport;
    let i = hash(src, dst, sport, dport) & this.mask;
    for (;;) {
      const old = this.slots[i];
      if (old < 0 || this.matches(old, src, dst, sport, dport)) {
        this.slots[i] = id;
        break;
      }
      i = (i + 1) & this.mask;
    }
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** 0 when the packet goes A→B, 1 when B→A. Ports break the tie on loopback (same address). */
  direction(id: number, src: number, sport: number): number {
    return this.aAddr[id] === src && this.aPort[id] === sport ? 0 : 1;
  }

  protected onGrow(_capacity: number): void {}

  private matches(id: number, src: number, dst: number, sport: number, dport: number): boolean {
    const a = this.aAddr[id],
      b = this.bAddr[id],
      pa = this.aPort[id],
      pb = this.bPort[id];
    return (a === src && b === dst && pa === sport && pb === dport) || (a === dst && b === src && pa === dport && pb === sport);
  }

  private growFlows(): void {
    const n = this.aAddr.length * 2;
    this.aAddr = grow(this.aAddr, new Uint32Array(n));
    this.bAddr = grow(this.bAddr, new Uint32Array(n));
    this.aPort = grow(this.aPort, new Uint16Array(n));
    this.bPort = grow(this.bPort, new Uint16Array(n));
    this.onGrow(n);
  }

  private rehash(): void {
    // Only the latest flow of a tuple needs a slot: earlier ones are never looked up again.
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = hash(this.aAddr[id], this.bAddr[id], this.aPort[id], this.bPort[id]) & this.mask;
      while (this.slots[i] >= 0 && !this.matches(this.slots[i], this.aAddr[id], this.bAddr[id], this.aPort[id], this.bPort[id])) i = (i + 1) & this.mask;
      this.slots[i] = id;
    }
  }
}

/** Direction-independent hash: both orientations of a tuple land in the same slot. */
function hash(src: number, dst: number, sport: number, dport: number): number {
  const x = Math.imul(src, 0x9e3779b1) ^ Math.imul(sport + 1, 0x85ebca6b);
  const y = Math.imul(dst, 0x9e3779b1) ^ Math.imul(dport + 1, 0x85ebca6b);
  let h = (x + y) ^ Math.imul(x ^ y, 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x27d4eb2f) >>> 0;
}

export function grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}
