import * as fs from 'node:fs';

const CHUNK = 8 * 1024 * 1024;

/**
 * Writes `target` as the pcap `source` seen from a second point: every record's timestamp moved by
 * `shiftSeconds` (a clock that is off) and every `dropEvery`-th record left out (packets lost
 * between the points). Streamed through one buffer. Returns the records written and dropped.
 */
export function writeShiftedCapture(source: string, target: string, shiftSeconds: number, dropEvery: number): { written: number; dropped: number } {
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(target, 'w');
  try {
    const head = Buffer.alloc(24);
    fs.readSync(input, head, 0, 24, 0);
    const magic = head.readUInt32LE(0);
    const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    if (!little && head.readUInt32BE(0) !== 0xa1b2c3d4 && head.readUInt32BE(0) !== 0xa1b23c4d) throw new Error(`${source}: not a pcap file`);
    const nanos = (little ? magic : head.readUInt32BE(0)) === 0xa1b23c4d;
    const unit = nanos ? 1e9 : 1e6;
    fs.writeSync(output, head);
    const inBuf = Buffer.alloc(CHUNK + 65536 + 16);
    const outBuf = Buffer.alloc(CHUNK + 65536 + 16);
    const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const put = (b: Buffer, v: number, at: number) => (little ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
    let fileAt = 24,
      start = 0,
      have = 0,
      out = 0,
      record = 0,
      written = 0,
      dropped = 0;
    const refill = () => {
      inBuf.copy(inBuf, 0, start, have);
      have -= start;
      start = 0;
      const n = fs.readSync(input, inBuf, have, inBuf.length - have, fileAt);
      fileAt += n;
      have += n;
    };
    const shiftUnits = Math.round(shiftSeconds * unit);
    for (;;) {
      if (have - start < 16) refill();
      if (have - start < 16) break;
      const len = 16 + u32(inBuf, start + 8);
      if (have - start < len) refill();
      if (have - start < len) break;
      if (++record % dropEvery === 0) dropped++;
      else {
        inBuf.copy(outBuf, out, start, start + len);
        let frac = u32(outBuf, out + 4) + shiftUnits;
        const carry = Math.floor(frac / unit);
        frac -= carry * unit;
        put(outBuf, u32(outBuf, out) + carry, out);
        put(outBuf, frac, out + 4);
        out += len;
        written++;
        if (out >= CHUNK) {
          fs.writeSync(output, outBuf, 0, out);
          out = 0;
        }
      }
      start += len;
    }
    if (out) fs.writeSync(output, outBuf, 0, out);
    return { written, dropped };
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
}
