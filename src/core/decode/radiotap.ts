import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode, RADIO_DATA_PAD, RADIO_FCS } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForLinkType } from './layerTables';
import { LINKTYPE_IEEE802_11 } from './linkTypes';

/**
 * Radiotap (LINKTYPE_IEEE802_11_RADIOTAP 127, radiotap.org): a little-endian header whose own
 * length says where the 802.11 frame starts. Of its fields only Flags matters to decoding: bit
 * 0x10 says the frame ends in a 4-byte FCS, which is not part of the 802.11 body.
 */
const PRESENT_TSFT = 1 << 0;
const PRESENT_FLAGS = 1 << 1;
const PRESENT_EXT = 0x80000000;
const FLAG_FCS = 0x10;
const FLAG_DATA_PAD = 0x20;

/** The Flags field's value, or -1 when absent or beyond the header (TSFT before it is 8-byte aligned). */
function radiotapFlags(view: DataView, off: number, hdrEnd: number): number {
  const present = view.getUint32(off + 4, true);
  let at = off + 8;
  for (let p = present; p & PRESENT_EXT; at += 4) {
    if (at + 4 > hdrEnd) return -1;
    p = view.getUint32(at, true);
  }
  if (present & PRESENT_TSFT) at = off + ((at - off + 7) & ~7) + 8;
  return present & PRESENT_FLAGS && at < hdrEnd ? view.getUint8(at) : -1;
}

/**
 * Drops a trailing FCS from the bytes the 802.11 layer sees: it occupies the frame's last 4 bytes
 * as sent, so a frame cut short by the snap length may hold part of it or none.
 */
export function excludeFcs(f: PacketFields, from: number, end: number): void {
  f.radioFlags |= RADIO_FCS;
  const fcsAt = f.origEnd - 4;
  if (fcsAt < end) f.layerEnd = Math.max(from, fcsAt);
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const len = view.getUint16(off + 2, true);
  if (len < 8 || off + len > end) {
    f.malformed |= len < 8 ? MALFORMED_BAD_LENGTH : MALFORMED_TRUNCATED;
    return -1;
  }
  const flags = radiotapFlags(view, off, off + len);
  if (flags >= 0 && flags & FLAG_FCS) excludeFcs(f, off + len, end);
  if (flags >= 0 && flags & FLAG_DATA_PAD) f.radioFlags |= RADIO_DATA_PAD;
  f.next = layerForLinkType(LINKTYPE_IEEE802_11);
  return off + len;
}

function tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('radiotap', 'Radiotap Header', off, end, (n) => {
    n.add('radiotap.version', `Header revision: ${r.u8(off)}`, off, 1, r.u8(off));
    r.need(off + 2, 2);
    const len = c.view.getUint16(off + 2, true);
    n.add('radiotap.length', `Header length: ${len}`, off + 2, 2, len);
    r.need(off + 4, 4);
    const present = c.view.getUint32(off + 4, true);
    n.add('radiotap.present', `Present flags: ${hex(present >>> 0, 8)}`, off + 4, 4, present >>> 0);
    if (problems & MALFORMED_BAD_LENGTH) {
      n.problem('radiotap.length.bad', `[Header length ${len} is shorter than the 8-byte fixed header]`, off + 2, 2);
      return layer('radiotap', 'Radiotap Header (bad length)', off, 8, n.nodes);
    }
    r.need(off, len);
    const flags = radiotapFlags(c.view, off, off + len);
    if (flags >= 0)
      n.add(
        'radiotap.flags',
        `Flags: ${hex(flags, 2)}${flags & FLAG_FCS ? ' (frame includes FCS)' : ''}${flags & FLAG_DATA_PAD ? ' (802.11 header padded to 32 bits)' : ''}`,
        off + 8,
        0,
        flags,
      );
    return layer('radiotap', `Radiotap Header v${r.u8(off)}, Length ${len}`, off, len, n.nodes);
  });
  return node ? [node] : [];
}

export const radiotapLayer: Layer = { name: 'radiotap', decode, tree };
