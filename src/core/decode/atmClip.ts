import type { DetailNode } from '../dissect/detailNode';
import type { PacketFields } from './fields';
import { ETHERTYPE_IP_BY_VERSION, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import { layerForEtherType } from './layerTables';
import type { Layer, LinkSummary, TreeContext } from './layer';

/**
 * Linux ATM Classical IP (LINKTYPE_LINUX_ATM_CLIP 106, and the older numbers wiretap reads as it):
 * RFC 2225's IP over ATM as the Linux driver hands it over, with no link header: the frame is an
 * IP packet (Wireshark's packet-clip.c gives it to "ip", which goes by the version nibble).
 */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  // No byte to read the version from: tshark's "ip" fails there and the link layer's columns stand.
  f.next = off < end ? layerForEtherType(ETHERTYPE_IP_BY_VERSION) : 0;
  if (!f.next) f.malformed |= MALFORMED_TRUNCATED;
  return off;
}

function summary(): LinkSummary {
  return { protocol: 'CLIP', info: 'Classical IP frame' };
}

/** Wireshark's zero-length "Classical IP frame" line: the frame has no header of its own. */
function tree(_c: TreeContext, off: number): DetailNode[] {
  return [{ field: 'clip', text: 'Classical IP frame', offset: off, length: 0 }];
}

export const atmClipLayer: Layer = { name: 'clip', decode, tree, summary };
