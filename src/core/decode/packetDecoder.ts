import { decodeArp } from './arp';
import { decodeEthernet } from './ethernet';
import type { PacketFields } from './fields';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_IGMP, IPPROTO_TCP, IPPROTO_UDP, ProtoCode } from './fields';
import { decodeIcmp } from './icmp';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import * as L from './linkTypes';
import { decodeSll, decodeSll2 } from './linuxCooked';
import { decodeLoopback, decodeRawIp } from './loopback';
import { decodeTcp } from './tcp';
import { classifyApplication } from './application';
import { decodeUdp } from './udp';

/** Link layer: returns the network-layer offset (f.etherType says which), or -1. */
export function decodeLink(linkType: number, view: DataView, off: number, end: number, f: PacketFields): number {
  switch (linkType) {
    case L.LINKTYPE_ETHERNET: return decodeEthernet(view, off, end, f);
    case L.LINKTYPE_LINUX_SLL: return decodeSll(view, off, end, f);
    case L.LINKTYPE_LINUX_SLL2: return decodeSll2(view, off, end, f);
    case L.LINKTYPE_NULL: return decodeLoopback(view, off, end, f, false);
    case L.LINKTYPE_LOOP: return decodeLoopback(view, off, end, f, true);
    case L.LINKTYPE_RAW:
    case L.LINKTYPE_RAW_BSD_12:
    case L.LINKTYPE_RAW_BSD_14:
    case L.LINKTYPE_IPV4:
    case L.LINKTYPE_IPV6:
      return decodeRawIp(view, off, end, f);
    default:
      return -1;
  }
}

/**
 * Fast-path decode of one frame into `f` (reset first). `end` is the end of the
 * captured bytes, `origEnd` where the frame would end had it not been truncated.
 */
export function decodePacket(linkType: number, view: DataView, off: number, end: number, origEnd: number, f: PacketFields): void {
  f.reset();
  const net = decodeLink(linkType, view, off, end, f);
  if (net < 0) return;
  if (linkType === L.LINKTYPE_ETHERNET) f.proto = ProtoCode.Ethernet;
  let l4 = -1;
  switch (f.etherType) {
    case ETHERTYPE_IPV4: l4 = decodeIpv4(view, net, end, origEnd, f); break;
    case ETHERTYPE_IPV6: l4 = decodeIpv6(view, net, end, f); break;
    case ETHERTYPE_ARP: decodeArp(view, net, end, f); return;
    default: return;
  }
  if (l4 < 0) return;
  switch (f.ipProto) {
    case IPPROTO_TCP: decodeTcp(view, l4, f.l4End, f); break;
    case IPPROTO_UDP: decodeUdp(view, l4, f.l4End, f); break;
    case IPPROTO_ICMP: decodeIcmp(view, l4, f.l4End, f, false); return;
    case IPPROTO_ICMPV6: decodeIcmp(view, l4, f.l4End, f, true); return;
    case IPPROTO_IGMP: f.proto = ProtoCode.Igmp; return;
    default: f.proto = ProtoCode.OtherIp; return;
  }
  classifyApplication(view, f, end);
}
