import type { ByteSink } from './byteSink';

/**
 * Writes a classic little-endian pcap file: one link type for all packets (the format has no
 * interfaces), microsecond or nanosecond timestamps (magic 0xa1b23c4d).
 */
export class PcapWriter {
  constructor(
    private readonly sink: ByteSink,
    linkType: number,
    snaplen: number,
    private readonly nanoseconds: boolean,
  ) {
    const head = new Uint8Array(24);
    const v = new DataView(head.buffer);
    v.setUint32(0, nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, snaplen >>> 0, true);
    v.setUint32(20, linkType, true);
    sink(head);
  }

  writePacket(sec: number, nsec: number, origLen: number, bytes: Uint8Array): void {
    const rec = new Uint8Array(16 + bytes.length);
    const v = new DataView(rec.buffer);
    v.setUint32(0, sec >>> 0, true);
    v.setUint32(4, this.nanoseconds ? nsec : Math.floor(nsec / 1000), true);
    v.setUint32(8, bytes.length, true);
    v.setUint32(12, origLen, true);
    rec.set(bytes, 16);
    this.sink(rec);
  }
}
