/**
 * What the handshake packets said, kept while indexing: SYNs and SYN/ACKs are
 * a few per connection, and conversations and rules need their options, so
 * they are recorded here instead of re-reading thousands of packets later.
 * Rows are in packet order; lookups binary-search the packet column.
 */
export class SynTable {
  count = 0;
  packet = new Int32Array(256);
  mss = new Uint16Array(256);
  /** Window scale shift, -1 when the option is absent. */
  wscale = new Int8Array(256);
  tsecr = new Uint32Array(256);
  ttl = new Uint8Array(256);
  nops = new Uint8Array(256);
  options = new Uint8Array(256);
  /** Longest run of consecutive NOPs. */
  nopRun = new Uint8Array(256);

  add(packet: number, mss: number, wscale: number, tsecr: number, ttl: number, nops: number, options: number, nopRun: number): void {
    if (this.count === this.packet.length) this.grow();
    const k = this.count++;
    this.packet[k] = packet;
    this.mss[k] = mss;
    this.wscale[k] = wscale;
    this.tsecr[k] = tsecr;
    this.ttl[k] = ttl;
    this.nops[k] = Math.min(nops, 255);
    this.options[k] = Math.min(options, 255);
    this.nopRun[k] = Math.min(nopRun, 255);
  }

  /** Row of a SYN/SYN-ACK packet, or -1. */
  find(packet: number): number {
    let lo = 0,
      hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.packet[mid];
      if (p === packet) return mid;
      if (p < packet) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private grow(): void {
    const n = this.packet.length * 2;
    const g = <T extends Int32Array | Uint16Array | Int8Array | Uint32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a as never);
      return b;
    };
    this.packet = g(this.packet, new Int32Array(n));
    this.mss = g(this.mss, new Uint16Array(n));
    this.wscale = g(this.wscale, new Int8Array(n));
    this.tsecr = g(this.tsecr, new Uint32Array(n));
    this.ttl = g(this.ttl, new Uint8Array(n));
    this.nops = g(this.nops, new Uint8Array(n));
    this.options = g(this.options, new Uint8Array(n));
    this.nopRun = g(this.nopRun, new Uint8Array(n));
  }
}
