/**
 * A larger capture made of a small little-endian pcap repeated `copies` times,
 * each copy's timestamps moved `shiftSeconds` forward (scrolling, streaming and
 * cancel tests need many packets of real traffic).
 */
export function repeatCapture(src: Buffer, copies: number, shiftSeconds = 40): Buffer {
  const body = src.subarray(24);
  const out = Buffer.alloc(24 + body.length * copies);
  src.copy(out, 0, 0, 24);
  for (let c = 0; c < copies; c++) {
    const base = 24 + c * body.length;
    body.copy(out, base);
    for (let off = base; off < base + body.length;) {
      out.writeUInt32LE(out.readUInt32LE(off) + c * shiftSeconds, off);
      off += 16 + out.readUInt32LE(off + 8);
    }
  }
  return out;
}
