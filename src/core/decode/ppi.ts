import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForLinkType } from './layerTables';
import { linkTypeName } from './linkTypes';
import { excludeFcs } from './radiotap';

/**
 * Per-Packet Information (LINKTYPE_PPI 192, CACE's PPI spec): a little-endian header giving its
 * length and the link type of the frame after it (802.11 or Ethernet). Its 802.11-Common field
 * (type 2) says whether the frame ends in an FCS.
 */
const HEADER = 8;
const FIELD_80211_COMMON = 2;
const COMMON_FLAG_FCS = 0x0001;

/** True when an 802.11-Common field says the frame carries its FCS. */
function hasFcs(view: DataView, off: number, hdrEnd: number): boolean {
  for (let at = off + HEADER; at + 4 <= hdrEnd;) {
    const type = view.getUint16(at, true);
    const len = view.getUint16(at + 2, true);
    if (type === FIELD_80211_COMMON && len >= 10 && at + 4 + 10 <= hdrEnd) return (view.getUint16(at + 4 + 8, true) & COMMON_FLAG_FCS) !== 0;
    at += 4 + len;
  }
  return false;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const len = view.getUint16(off + 2, true);
  if (len < HEADER || off + len > end) {
    f.malformed |= len < HEADER ? MALFORMED_BAD_LENGTH : MALFORMED_TRUNCATED;
    return -1;
  }
  if (hasFcs(view, off, off + len)) excludeFcs(f, off + len, end);
  // A PPI header naming PPI again would only loop: the walk's depth limit stops it anyway.
  f.next = layerForLinkType(view.getUint32(off + 4, true));
  return off + len;
}

function tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('ppi', 'PPI version 0', off, end, (n) => {
    n.add('ppi.version', `Version: ${r.u8(off)}`, off, 1, r.u8(off));
    n.add(
      'ppi.flags',
      `Flags: 0x${r
        .u8(off + 1)
        .toString(16)
        .padStart(2, '0')}`,
      off + 1,
      1,
      r.u8(off + 1),
    );
    r.need(off, HEADER);
    const len = c.view.getUint16(off + 2, true);
    const dlt = c.view.getUint32(off + 4, true);
    n.add('ppi.length', `Header length: ${len}`, off + 2, 2, len);
    n.add('ppi.dlt', `DLT: ${dlt} (${linkTypeName(dlt)})`, off + 4, 4, dlt);
    if (problems & MALFORMED_BAD_LENGTH) {
      n.problem('ppi.length.bad', `[Header length ${len} is shorter than the 8-byte header]`, off + 2, 2);
      return layer('ppi', 'PPI version 0 (bad length)', off, HEADER, n.nodes);
    }
    r.need(off, len);
    let at = off + HEADER;
    while (at + 4 <= off + len) {
      const type = c.view.getUint16(at, true),
        flen = c.view.getUint16(at + 2, true);
      const FIELD_NAMES: Record<number, string> = {
        2: '802.11-Common',
        3: '802.11n MAC Extensions',
        4: '802.11n MAC+PHY Extensions',
        5: 'Spectrum Map',
        6: 'Process Info',
        7: 'Capture Info',
        30002: 'Aggregation Extension',
        30003: '802.3 Extension',
        30005: 'Geolocation',
      };
      n.add('ppi.field', `${FIELD_NAMES[type] ?? `Field type ${type}`} (${flen} bytes)`, at, Math.min(4 + flen, off + len - at), type);
      at += 4 + flen;
    }
    return layer('ppi', `PPI version ${r.u8(off)}, ${len} bytes`, off, len, n.nodes);
  });
  return node ? [node] : [];
}

export const ppiLayer: Layer = { name: 'ppi', decode, tree };
