/**
 * Where the records and length fields of a (valid, seed) capture are, so mutations can aim at the
 * fields a reader trusts: record and block lengths, and the IP/TCP/UDP lengths inside Ethernet frames.
 */
export interface LengthField {
  at: number;
  size: 1 | 2 | 4;
  little: boolean;
  nibble?: 'high' | 'low';
}
export interface Record {
  start: number;
  end: number;
  data: number;
  caplen: number;
}
export interface CaptureLayout {
  records: Record[];
  lengths: LengthField[];
  headerEnd: number;
}

export function captureLayout(b: Uint8Array): CaptureLayout {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: CaptureLayout = { records: [], lengths: [], headerEnd: 0 };
  if (b.length < 24) return out;
  const magic = v.getUint32(0, false);
  if (magic === 0x0a0d0d0a) pcapngLayout(v, out);
  else if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic)) pcapLayout(v, out, magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1);
  for (const r of out.records) packetLengths(v, r, out.lengths);
  return out;
}

function pcapLayout(v: DataView, out: CaptureLayout, little: boolean): void {
  out.headerEnd = 24;
  let at = 24;
  while (at + 16 <= v.byteLength) {
    const caplen = v.getUint32(at + 8, little);
    if (at + 16 + caplen > v.byteLength) break;
    out.lengths.push({ at: at + 8, size: 4, little }, { at: at + 12, size: 4, little });
    out.records.push({ start: at, end: at + 16 + caplen, data: at + 16, caplen });
    at += 16 + caplen;
  }
}

function pcapngLayout(v: DataView, out: CaptureLayout): void {
  let at = 0,
    little = true;
  while (at + 12 <= v.byteLength) {
    const type = v.getUint32(at, little);
    if (type === 0x0a0d0d0a) little = v.getUint32(at + 8, true) === 0x1a2b3c4d;
    const len = v.getUint32(at + 4, little);
    if (len < 12 || at + len > v.byteLength) break;
    out.lengths.push({ at: at + 4, size: 4, little }, { at: at + len - 4, size: 4, little });
    if (type === 6 && len >= 32) {
      const caplen = v.getUint32(at + 20, little);
      out.lengths.push({ at: at + 20, size: 4, little }, { at: at + 24, size: 4, little });
      if (at + 28 + caplen <= at + len) out.records.push({ start: at, end: at + len, data: at + 28, caplen });
    } else if (type !== 6 && out.records.length === 0) out.headerEnd = at + len;
    at += len;
  }
}

/** Ethernet → IPv4/IPv6 → TCP/UDP length fields of one packet (the seeds are Ethernet or cooked). */
function packetLengths(v: DataView, r: Record, into: LengthField[]): void {
  const end = r.data + r.caplen;
  for (const linkHeader of [14, 16, 20, 0]) {
    const ip = r.data + linkHeader;
    if (ip + 20 > end) continue;
    const version = v.getUint8(ip) >> 4;
    if (version === 4) {
      const ihl = (v.getUint8(ip) & 15) * 4;
      into.push({ at: ip, size: 1, little: false, nibble: 'low' }, { at: ip + 2, size: 2, little: false });
      const proto = v.getUint8(ip + 9),
        l4 = ip + ihl;
      if (proto === 6 && l4 + 13 <= end) into.push({ at: l4 + 12, size: 1, little: false, nibble: 'high' });
      if (proto === 17 && l4 + 6 <= end) into.push({ at: l4 + 4, size: 2, little: false });
      return;
    }
    if (version === 6 && ip + 40 <= end) {
      into.push({ at: ip + 4, size: 2, little: false });
      const nh = v.getUint8(ip + 6),
        l4 = ip + 40;
      if (nh === 6 && l4 + 13 <= end) into.push({ at: l4 + 12, size: 1, little: false, nibble: 'high' });
      if (nh === 17 && l4 + 6 <= end) into.push({ at: l4 + 4, size: 2, little: false });
      return;
    }
  }
}
