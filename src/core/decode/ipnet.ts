import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * Solaris IPNET (LINKTYPE_IPNET 226, the ipnet observability devices of Solaris 11): a 24-byte
 * big-endian header (libpcap's dl_ipnetinfo: version, address family, hook type, packet length,
 * interface and group interface index, source and destination zone) before an IP packet named by
 * the address family, in Solaris' numbering.
 */
const HEADER = 24;
const SOLARIS_AF_INET = 2;
const SOLARIS_AF_INET6 = 26;
const HOOK_TYPES: Record<number, string> = { 0: 'Inbound', 1: 'Outbound', 2: 'Local' };

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const family = view.getUint8(off + 1);
  f.etherType = family === SOLARIS_AF_INET ? ETHERTYPE_IPV4 : family === SOLARIS_AF_INET6 ? ETHERTYPE_IPV6 : 0;
  f.next = f.etherType ? layerForEtherType(f.etherType) : 0;
  return off + HEADER;
}

function familyText(family: number): string {
  return `${family === SOLARIS_AF_INET ? 'Solaris AF_INET' : family === SOLARIS_AF_INET6 ? 'Solaris AF_INET6' : 'Unknown'} (${family})`;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  if (end - off < 2) return { protocol: 'IPNET', info: 'Solaris IPNET (truncated)' };
  const family = view.getUint8(off + 1);
  if (family === SOLARIS_AF_INET || family === SOLARIS_AF_INET6) return { protocol: 'IPNET', info: 'Solaris IPNET' };
  return { protocol: 'IPNET', info: 'Solaris IPNET', undecoded: `IPNET address family ${familyText(family)}` };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('ipnet', 'Solaris IPNET', off, end, (n) => {
    n.add('ipnet.version', `Header version: ${r.u8(off)}`, off, 1, r.u8(off));
    n.add('ipnet.family', `Address family: ${familyText(r.u8(off + 1))}`, off + 1, 1, r.u8(off + 1));
    const hook = r.u16(off + 2);
    n.add('ipnet.htype', `Hook type: ${HOOK_TYPES[hook] ?? 'Unknown'} (${hook})`, off + 2, 2, hook);
    n.add('ipnet.pktlen', `Data length: ${r.u32(off + 4)}`, off + 4, 4, r.u32(off + 4));
    n.add('ipnet.ifindex', `Interface index: ${r.u32(off + 8)}`, off + 8, 4, r.u32(off + 8));
    n.add('ipnet.grifindex', `Group interface index: ${r.u32(off + 12)}`, off + 12, 4, r.u32(off + 12));
    n.add('ipnet.zsrc', `Source Zone ID: ${r.u32(off + 16)}`, off + 16, 4, r.u32(off + 16));
    n.add('ipnet.zdst', `Destination Zone ID: ${r.u32(off + 20)}`, off + 20, 4, r.u32(off + 20));
    return layer('ipnet', 'Solaris IPNET', off, HEADER, n.nodes);
  });
  return node ? [node] : [];
}

export const ipnetLayer: Layer = { name: 'ipnet', decode, tree, summary };
