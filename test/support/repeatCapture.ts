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

/**
 * Like repeatCapture, but copy `c` moves TCP port `port` (either side) to `port + c` in every
 * Ethernet/IPv4 packet, fixing the TCP checksum incrementally (RFC 1624): each copy is then a
 * conversation of its own, as thousands of clients would make.
 */
export function repeatAsConversations(src: Buffer, copies: number, port: number, shiftSeconds = 40): Buffer {
  const out = repeatCapture(src, copies, shiftSeconds);
  const perCopy = src.length - 24;
  for (let c = 1; c < copies; c++) {
    const base = 24 + c * perCopy;
    for (let off = base; off < base + perCopy;) {
      const caplen = out.readUInt32LE(off + 8);
      const frame = off + 16;
      off = frame + caplen;
      if (caplen < 34 || out.readUInt16BE(frame + 12) !== 0x0800 || out[frame + 23] !== 6) continue;
      const tcp = frame + 14 + (out[frame + 14] & 0x0f) * 4;
      if (tcp + 18 > frame + caplen) continue;
      for (const at of [tcp, tcp + 2]) {
        if (out.readUInt16BE(at) !== port) continue;
        const moved = (port + c) & 0xffff;
        out.writeUInt16BE(moved, at);
        // HC' = ~(~HC + ~m + m'), in ones' complement arithmetic.
        let sum = (~out.readUInt16BE(tcp + 16) & 0xffff) + (~port & 0xffff) + moved;
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        out.writeUInt16BE(~sum & 0xffff, tcp + 16);
      }
    }
  }
  return out;
}
