import { classifyApplication } from './application';
import type { PacketFields } from './fields';
import { ProtoCode } from './fields';
import { decodeEthernet } from './ethernet';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { ETHERNET_LAYER, IPV4_LAYER, IPV6_LAYER, layerForLinkType, TCP_LAYER, UDP_LAYER } from './layerRegistry';
import { DECODERS } from './layerTables';
import * as L from './linkTypes';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';

/**
 * Layers beyond this many are not followed: hostile input can nest IP-in-IP in every 20 bytes of
 * a frame, and no real encapsulation stack is this deep.
 */
export const MAX_LAYERS = 16;

/**
 * Fast-path decode of one frame into `f` (reset first): each layer decodes its header and names
 * the next (layerTables.ts) until one has nothing more to hand on. `end` is the end of the
 * captured bytes, `origEnd` where the frame would end had it not been truncated.
 */
export function decodePacket(linkType: number, view: DataView, off: number, end: number, origEnd: number, f: PacketFields): void {
  f.reset();
  f.origEnd = origEnd;
  f.layerEnd = end;
  let id = layerForLinkType(linkType);
  if (linkType === L.LINKTYPE_ETHERNET) f.proto = ProtoCode.Ethernet;
  // The last layer that ran (its summary names a frame that stops at a link layer): kept in
  // locals and stored once, the loop stays as tight as before.
  let lastId = 0,
    lastOff = -1,
    lastEnd = 0;
  for (let depth = 0; id !== 0 && depth < MAX_LAYERS; depth++) {
    f.next = 0;
    lastId = id;
    lastOff = off;
    lastEnd = f.layerEnd;
    // The layers nearly every packet has are called directly: a call through DECODERS is an
    // indirect call V8 cannot inline, and it costs a tenth of the whole decode.
    const next =
      id === TCP_LAYER
        ? decodeTcp(view, off, lastEnd, f)
        : id === IPV4_LAYER
          ? decodeIpv4(view, off, lastEnd, f)
          : id === ETHERNET_LAYER
            ? decodeEthernet(view, off, lastEnd, f)
            : id === IPV6_LAYER
              ? decodeIpv6(view, off, lastEnd, f)
              : id === UDP_LAYER
                ? decodeUdp(view, off, lastEnd, f)
                : DECODERS[id]!(view, off, lastEnd, f);
    if (next < 0) break;
    id = f.next;
    off = next;
  }
  f.lastLayer = lastId;
  f.lastOff = lastOff;
  f.lastEnd = lastEnd;
  classifyApplication(view, f, end);
}
