import { ipv4Text, ipv6Text } from './addressText';
import { PacketFields } from './fields';
import { layerForLinkType } from './layerRegistry';
import { LAYERS } from './layerTables';
import { MAX_LAYERS } from './packetDecoder';
import { isEncapsulation } from './tunnel';

/** One encapsulation of a packet, outermost first: its type (the layer's protocol id), the endpoints of the IP packet carrying it, and its own ids. */
export interface TunnelHop {
  type: string;
  src?: string;
  dst?: string;
  [param: string]: string | number | number[] | undefined;
}

function addressAt(view: DataView, version: number, at: number): string {
  if (version === 4) return ipv4Text(view.getUint32(at));
  return ipv6Text([view.getUint32(at), view.getUint32(at + 4), view.getUint32(at + 8), view.getUint32(at + 12)]);
}

/**
 * The encapsulations of one frame (for `packets --json` and the tunnel filter fields): the same
 * layer walk as decodePacket, noting each encapsulation layer whose header was decoded. Computed
 * on demand from the packet's bytes; nothing of it is stored in the index.
 */
export function tunnelHops(linkType: number, view: DataView, end: number, origEnd: number): TunnelHop[] {
  const hops: TunnelHop[] = [];
  const f = new PacketFields();
  f.origEnd = origEnd;
  f.layerEnd = end;
  let id = layerForLinkType(linkType);
  let off = 0;
  for (let depth = 0; id !== 0 && depth < MAX_LAYERS; depth++) {
    const layer = LAYERS[id]!;
    const version = f.ipVersion,
      srcOff = f.srcOff,
      dstOff = f.dstOff;
    const problems = f.malformed;
    const wasEncapsulated = f.encapsulated;
    f.encapsulated = false;
    f.next = 0;
    const next = layer.decode(view, off, f.layerEnd, f);
    const decoded = f.encapsulated && f.malformed === problems;
    f.encapsulated ||= wasEncapsulated;
    if (decoded && isEncapsulation(layer)) {
      const params = layer.describe(view, off, f.layerEnd, next);
      if (params) {
        const hop: TunnelHop = { type: layer.name };
        if (version) {
          hop.src = addressAt(view, version, srcOff);
          hop.dst = addressAt(view, version, dstOff);
        }
        hops.push(Object.assign(hop, params));
      }
    }
    if (next < 0) break;
    id = f.next;
    off = next;
  }
  return hops;
}
