import * as fs from 'node:fs';

const CHUNK = 8 * 1024 * 1024;

/**
 * The "ceiling" for reading a classic pcap in Node: the same positioned reads
 * into an 8 MiB buffer as the engine, one DataView per chunk, but only the
 * 16-byte record headers are looked at (no decoding, no index). Returns the
 * packet count.
 */
export function walkPcapHeaders(path: string): number {
  const fd = fs.openSync(path, 'r');
  try {
    const buf = new Uint8Array(CHUNK);
    const view = new DataView(buf.buffer);
    if (fs.readSync(fd, buf, 0, 24, 0) < 24) throw new Error(`${path}: too short for a pcap header`);
    const magic = view.getUint32(0, false);
    if (magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) throw new Error(`${path}: not a little-endian pcap`);
    let base = 24;
    let count = 0;
    for (;;) {
      const valid = fs.readSync(fd, buf, 0, CHUNK, base);
      let p = 0;
      while (p + 16 <= valid) {
        const end = p + 16 + view.getUint32(p + 8, true);
        if (end > valid) break; // record continues in the next chunk: refill from its header
        p = end;
        count++;
      }
      if (p === 0) return count; // end of file (or a truncated last record)
      base += p;
    }
  } finally {
    fs.closeSync(fd);
  }
}
