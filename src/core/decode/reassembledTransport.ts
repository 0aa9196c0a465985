import { classifyApplication } from './application';
import type { PacketFields } from './fields';
import { ProtoCode } from './fields';
import { isIpv6ExtensionHeader, ipv6ExtensionLength } from './ipv6';
import { LAYERS, layerForIpProtocol } from './layerTables';
import { MAX_LAYERS } from './packetDecoder';

const IPPROTO_IGMP = 2;
const NO_NEXT = 59;

/**
 * Points `f` at the transport of a reassembled datagram: `view` holds its fragmentable part at
 * [off, end), `f` the fields the last fragment's IP header gave (ipVersion; ipProto = the protocol
 * the fragments carry). Returns the transport's layer id (0: none decodes it); f.l4Off is where it
 * starts. IPv6: the extension headers of the fragmentable part (RFC 8200 §4.5) are skipped first.
 */
export function enterReassembledTransport(view: DataView, off: number, end: number, f: PacketFields): number {
  let nh = f.ipProto;
  let at = off;
  if (f.ipVersion === 6) {
    while (isIpv6ExtensionHeader(nh) && end - at >= 8) {
      const len = ipv6ExtensionLength(view, at, nh);
      nh = view.getUint8(at);
      at += len;
    }
    if (at > end || isIpv6ExtensionHeader(nh)) return 0;
  }
  f.ipProto = nh;
  f.fragOffset = -1;
  f.moreFragments = false;
  f.l4Off = at;
  f.l4End = end;
  f.l4Len = end - at;
  f.layerEnd = end;
  f.origEnd = end;
  const id = nh === NO_NEXT ? 0 : layerForIpProtocol(nh);
  if (!id) f.proto = nh === IPPROTO_IGMP ? ProtoCode.Igmp : ProtoCode.OtherIp;
  return id;
}

/**
 * Decodes the transport (and what it carries) of a reassembled datagram with the same layer code
 * as any packet's, so the packet that completed the datagram gets ports, flags, stream and
 * application as tshark shows them. Allocation-free; the caller allocated the datagram's bytes
 * (only for reassembled datagrams).
 */
export function decodeReassembledTransport(view: DataView, off: number, end: number, f: PacketFields): void {
  let id = enterReassembledTransport(view, off, end, f);
  let at = f.l4Off;
  for (let depth = 0; id !== 0 && depth < MAX_LAYERS; depth++) {
    f.next = 0;
    const next = LAYERS[id]!.decode(view, at, f.layerEnd, f);
    if (next < 0) break;
    id = f.next;
    at = next;
  }
  classifyApplication(view, f, end);
}
