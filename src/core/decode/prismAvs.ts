import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForLinkType } from './layerTables';
import { LINKTYPE_IEEE802_11 } from './linkTypes';

/**
 * The older 802.11 monitor-mode headers: AVS (LINKTYPE_IEEE802_11_AVS 163; big-endian, its own
 * length at byte 4) and Prism II (119; 144 bytes whose length field is in the host's byte order,
 * and which some drivers replace with an AVS header under the same link type). The 802.11 frame
 * follows; neither says whether it ends in an FCS, and Wireshark assumes not.
 */
const AVS_MAGIC_V1 = 0x80211001;
const AVS_MAGIC_V2 = 0x80211002;
const PRISM_LENGTH = 144;

function isAvs(view: DataView, off: number): boolean {
  const m = view.getUint32(off);
  return m === AVS_MAGIC_V1 || m === AVS_MAGIC_V2;
}

/** The radio header's length, or -1 when it is not plausible. */
function headerLength(view: DataView, off: number, end: number): number {
  if (isAvs(view, off)) return view.getUint32(off + 4);
  const le = view.getUint32(off + 4, true);
  return le >= 8 && le <= end - off ? le : view.getUint32(off + 4) === PRISM_LENGTH ? PRISM_LENGTH : le;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const len = headerLength(view, off, end);
  if (len < 8 || len > end - off) {
    f.malformed |= len < 8 ? MALFORMED_BAD_LENGTH : MALFORMED_TRUNCATED;
    return -1;
  }
  f.next = layerForLinkType(LINKTYPE_IEEE802_11);
  return off + len;
}

function tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const avs = end - off >= 4 && isAvs(c.view, off);
  const name = avs ? 'AVS WLAN Monitoring Header' : 'Prism capture header';
  const node = withinCaptured(avs ? 'wlancap' : 'prism', name, off, end, (n) => {
    const code = r.u32(off);
    n.add(avs ? 'wlancap.magic' : 'prism.msgcode', `${avs ? 'Header revision' : 'Message code'}: ${hex(code >>> 0, 8)}`, off, 4, code >>> 0);
    r.need(off + 4, 4);
    const len = headerLength(c.view, off, end);
    n.add(avs ? 'wlancap.length' : 'prism.msglen', `Header length: ${len}`, off + 4, 4, len);
    if (problems & MALFORMED_BAD_LENGTH) {
      n.problem('wlancap.length.bad', `[Header length ${len} is shorter than 8 bytes]`, off + 4, 4);
      return layer(avs ? 'wlancap' : 'prism', `${name} (bad length)`, off, 8, n.nodes);
    }
    r.need(off, len);
    return layer(avs ? 'wlancap' : 'prism', name, off, len, n.nodes);
  });
  return node ? [node] : [];
}

export const prismAvsLayer: Layer = { name: 'wlancap', decode, tree };
