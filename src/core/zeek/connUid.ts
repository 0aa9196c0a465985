const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Zeek's uids are "C" and 17 base62 digits (about 101 bits). */
const DIGITS = 17;

/**
 * A conn.log uid that is the same every time the same capture is read: "C" and 17 base62 digits of
 * a 128-bit FNV-1a-style hash of the connection's 5-tuple and start time. (Zeek draws its uids at
 * random; a stable one lets two runs over one capture be compared line by line.)
 */
export function connUid(proto: string, origH: string, origP: number, respH: string, respP: number, ts: string): string {
  const text = `${proto}|${origH}|${origP}|${respH}|${respP}|${ts}`;
  // Four 32-bit FNV-1a lanes with different offset bases and mixing make 128 bits, more than the
  // 17 digits hold, so every digit varies.
  let a = 0x811c9dc5,
    b = 0x050c5d1f,
    c = 0x1b873593,
    d = 0x68e31da4;
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x01000193) ^ (b >>> 15);
    c = Math.imul(c ^ ch, 0x01000193) ^ (c >>> 13);
    d = Math.imul(d ^ ch, 0x01000193) ^ (d >>> 17);
  }
  let n = (BigInt(a >>> 0) << 96n) | (BigInt(b >>> 0) << 64n) | (BigInt(c >>> 0) << 32n) | BigInt(d >>> 0);
  let out = '';
  for (let k = 0; k < DIGITS; k++) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return `C${out}`;
}
