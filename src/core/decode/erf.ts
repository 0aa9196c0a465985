import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForLinkType } from './layerTables';
import { LINKTYPE_ETHERNET, LINKTYPE_RAW } from './linkTypes';

/**
 * Endace's Extensible Record Format header (LINKTYPE_ERF, 197): a 16-byte record header (a 64-bit
 * little-endian 32.32 fixed-point timestamp, type, flags, rlen, loss counter or colour, wlen), 8-byte
 * extension headers while the type's top bit (then each extension's top bit) says another follows,
 * and a subheader for some record types. wiretap strips all of it (pcap_get_phdr_size): tshark's
 * frame.len and frame.cap_len exclude it, and its time is the ERF timestamp, not the pcap record's.
 */
const ERF_HEADER = 16;
const ERF_EXT_HEADER = 8;
const ERF_MORE = 0x80;

// Record types (Endace's erftypes.h) and the subheader each carries after the extension headers.
const ERF_TYPE_ETH = 2,
  ERF_TYPE_COLOR_ETH = 11,
  ERF_TYPE_DSM_COLOR_ETH = 16,
  ERF_TYPE_COLOR_HASH_ETH = 20;
const ERF_TYPE_IPV4 = 22,
  ERF_TYPE_IPV6 = 23;
/** Ethernet records: 1 offset byte and 1 pad byte before the frame. */
const ETH_TYPES = new Set([ERF_TYPE_ETH, ERF_TYPE_COLOR_ETH, ERF_TYPE_DSM_COLOR_ETH, ERF_TYPE_COLOR_HASH_ETH]);
/** Multi-channel records (MC_HDLC 5, MC_RAW 6, MC_ATM 7, MC_RAW_CHANNEL 8, MC_AAL5 9, MC_AAL2 12, COLOR_MC_HDLC_POS 17) and AAL2 (18): a 4-byte subheader. */
const FOUR_BYTE_SUBHEADER_TYPES = new Set([5, 6, 7, 8, 9, 12, 17, 18]);

const TYPE_NAMES: Record<number, string> = {
  1: 'HDLC POS',
  2: 'Ethernet',
  3: 'ATM',
  4: 'AAL5',
  5: 'MC HDLC',
  6: 'MC RAW',
  7: 'MC ATM',
  8: 'MC RAW Channel',
  9: 'MC AAL5',
  10: 'Colour HDLC POS',
  11: 'Colour Ethernet',
  12: 'MC AAL2',
  15: 'DSM Colour HDLC POS',
  16: 'DSM Colour Ethernet',
  17: 'Colour MC HDLC POS',
  18: 'AAL2',
  19: 'Colour Hash POS',
  20: 'Colour Hash Ethernet',
  21: 'InfiniBand',
  22: 'IPv4',
  23: 'IPv6',
  24: 'Raw link',
  25: 'InfiniBand link',
  27: 'Meta',
  28: 'OPA SNC',
  29: 'OPA 9B',
};

function subheaderLength(type: number): number {
  return ETH_TYPES.has(type) ? 2 : FOUR_BYTE_SUBHEADER_TYPES.has(type) ? 4 : 0;
}

/** The whole ERF header's length at `off` (record header, extension headers, subheader); what is there when the record is cut short. */
export function erfHeaderLength(view: DataView, off: number, end: number): number {
  if (end - off < ERF_HEADER) return Math.max(0, end - off);
  const type = view.getUint8(off + 8);
  let at = off + ERF_HEADER;
  for (let more = type & ERF_MORE; more && at < end; at += ERF_EXT_HEADER) more = view.getUint8(at) & ERF_MORE;
  return Math.min(at + subheaderLength(type & 0x7f), end) - off;
}

/**
 * The ERF timestamp as wiretap reads it (pcap-common.c): seconds, and the 32-bit binary fraction
 * scaled to nanoseconds rounded to nearest. Written into `out` ([sec, nsec]); false when the
 * record is too short to hold one.
 */
export function erfTimestamp(view: DataView, off: number, end: number, out: [number, number]): boolean {
  if (end - off < 8) return false;
  let sec = view.getUint32(off + 4, true);
  const frac = view.getUint32(off, true);
  // round(frac × 10^9 / 2^32): the product needs 62 bits, so it is split at bit 16 to stay exact in doubles.
  const a = (frac >>> 16) * 1_000_000_000;
  const a1 = Math.floor(a / 0x10000);
  let nsec = a1 + Math.floor(((a - a1 * 0x10000) * 0x10000 + (frac & 0xffff) * 1_000_000_000 + 0x80000000) / 0x100000000);
  if (nsec >= 1_000_000_000) {
    nsec -= 1_000_000_000;
    sec += 1;
  }
  out[0] = sec;
  out[1] = nsec;
  return true;
}

function decodeErf(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < ERF_HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const type = view.getUint8(off + 8) & 0x7f;
  const next = off + erfHeaderLength(view, off, end);
  if (ETH_TYPES.has(type)) {
    f.proto = ProtoCode.Ethernet;
    f.next = layerForLinkType(LINKTYPE_ETHERNET);
  } else if (type === ERF_TYPE_IPV4 || type === ERF_TYPE_IPV6) f.next = layerForLinkType(LINKTYPE_RAW);
  return next;
}

function erfTree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('erf', 'Extensible Record Format', off, end, (n) => {
    const sec = r.u32(off + 4);
    const frac = c.view.getUint32(off, true);
    n.add('erf.ts', `Timestamp: ${sec} s + ${frac}/2^32 s (the frame's time)`, off, 8);
    const typeByte = r.u8(off + 8);
    const type = typeByte & 0x7f;
    n.add('erf.types.type', `Type: ${TYPE_NAMES[type] ?? 'Unknown'} (${type})${typeByte & ERF_MORE ? ', extension headers follow' : ''}`, off + 8, 1, type);
    n.add('erf.flags', `Flags: ${hex(r.u8(off + 9), 2)}`, off + 9, 1, r.u8(off + 9));
    n.add('erf.rlen', `Record length: ${r.u16(off + 10)}`, off + 10, 2, r.u16(off + 10));
    n.add('erf.lctr', `Loss counter / colour: ${r.u16(off + 12)}`, off + 12, 2, r.u16(off + 12));
    n.add('erf.wlen', `Wire length: ${r.u16(off + 14)}`, off + 14, 2, r.u16(off + 14));
    const len = erfHeaderLength(c.view, off, end);
    if (len > ERF_HEADER) n.add('erf.ehdr', `Extension headers and subheader: ${len - ERF_HEADER} bytes`, off + ERF_HEADER, len - ERF_HEADER);
    n.add('erf.note', '[Written by the capture card, not sent on the wire: Frame Length and Capture Length exclude it, as tshark]', off, len);
    return layer('erf', `Extensible Record Format (${len} bytes)`, off, len, n.nodes);
  });
  return node ? [node] : [];
}

export const erfLayer: Layer = { name: 'erf', decode: decodeErf, tree: erfTree };
