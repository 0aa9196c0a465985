import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { BeyondCapturedBytes, cutLayer, FieldReader } from '../dissect/fieldReader';
import { ipv6Text } from './addressText';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import { ipProtocolText } from './ipProtocols';
import type { Layer, TreeContext } from './layer';
import { layerForIpProtocol } from './layerTables';

// Extension headers that share the (next header, length in 8-octet units) layout (RFC 8200 §4).
const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTH = 51;
const DEST_OPTIONS = 60;
const MOBILITY = 135;
const NO_NEXT = 59;
const IPPROTO_IGMP = 2;

export function isIpv6ExtensionHeader(nh: number): boolean {
  return nh === HOP_BY_HOP || nh === ROUTING || nh === FRAGMENT || nh === AUTH || nh === DEST_OPTIONS || nh === MOBILITY;
}

/** Length in bytes of the extension header at `at` whose type is `nh`. */
export function ipv6ExtensionLength(view: DataView, at: number, nh: number): number {
  if (nh === FRAGMENT) return 8;
  // AH counts 4-octet units minus 2 (RFC 4302 §2.2); the others 8-octet units minus 1.
  const len = view.getUint8(at + 1);
  return nh === AUTH ? (len + 2) * 4 : (len + 1) * 8;
}

const JUMBO_PAYLOAD = 0xc2;

/**
 * The length of the IPv6 payload: the header's Payload Length, or, when that is 0 and a
 * Hop-by-Hop header follows, the Jumbo Payload option's 32-bit length (RFC 2675 §2: it counts
 * every byte after the IPv6 header; §3: never under 65,536). 0 without one (a TSO or BIG TCP capture: tshark stops there too).
 */
export function ipv6PayloadLength(view: DataView, off: number, end: number): number {
  const plen = view.getUint16(off + 4);
  if (plen !== 0 || end - off < 48 || view.getUint8(off + 6) !== HOP_BY_HOP) return plen;
  const hbhEnd = Math.min(end, off + 40 + (view.getUint8(off + 41) + 1) * 8);
  for (let at = off + 42; at + 1 < hbhEnd;) {
    const type = view.getUint8(at);
    if (type === 0) {
      at++;
      continue;
    } // Pad1
    const len = view.getUint8(at + 1);
    // §3: a jumbo length under 65,536 is an error (tshark: malformed), so the datagram has no usable length.
    if (type === JUMBO_PAYLOAD && len === 4 && at + 6 <= hbhEnd) {
      const jumbo = view.getUint32(at + 2);
      return jumbo >= 65536 ? jumbo : 0;
    }
    at += 2 + len;
  }
  return 0;
}

/** IPv6 header and extension-header chain. Returns the transport offset or -1. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.IPv6;
  f.netOff = off;
  if (end - off < 40) {
    // The source address may have been captured though the header was cut: it is the packet's (as in tshark).
    if (end - off >= 24 && view.getUint8(off) >> 4 === 6) {
      f.innerNetwork();
      f.ipVersion = 6;
      f.srcOff = off + 8;
    }
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (view.getUint8(off) >> 4 !== 6) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  f.innerNetwork();
  f.ipVersion = 6;
  const payloadLen = ipv6PayloadLength(view, off, end);
  f.ttl = view.getUint8(off + 7);
  f.srcOff = off + 8;
  f.dstOff = off + 24;
  const payloadEnd = off + 40 + payloadLen;
  f.l4End = Math.min(end, payloadEnd);
  f.layerEnd = f.l4End;
  let nh = view.getUint8(off + 6);
  let at = off + 40;
  while (isIpv6ExtensionHeader(nh)) {
    if (f.l4End - at < 8) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    const len = ipv6ExtensionLength(view, at, nh);
    if (nh === FRAGMENT) {
      const fo = view.getUint16(at + 2);
      f.fragOffset = fo & 0xfff8;
      f.moreFragments = (fo & 1) !== 0;
      f.ipId = view.getUint32(at + 4);
      if (f.fragOffset === 0 && !f.moreFragments) f.fragOffset = -1; // atomic fragment (RFC 6946)
    }
    nh = view.getUint8(at);
    at += len;
    // What follows a Fragment header is the fragmentable part: data (its headers only in the
    // first fragment), read whole once reassembled (reassembledTransport.ts).
    if (f.fragOffset >= 0) break;
  }
  f.ipProto = nh;
  f.l4Off = at;
  f.l4Len = Math.max(0, payloadEnd - at);
  if (nh === NO_NEXT || at > f.l4End || f.fragOffset >= 0) return -1;
  f.next = layerForIpProtocol(nh);
  if (!f.next) f.proto = nh === IPPROTO_IGMP ? ProtoCode.Igmp : ProtoCode.OtherIp;
  return at;
}

const EXT_NAMES: Record<number, [string, string]> = {
  0: ['ipv6.hopopts', 'IPv6 Hop-by-Hop Option'],
  43: ['ipv6.routing', 'Routing Header for IPv6'],
  44: ['ipv6.fragment', 'Fragment Header for IPv6'],
  51: ['ah', 'Authentication Header'],
  60: ['ipv6.dstopts', 'Destination Options for IPv6'],
  135: ['mipv6', 'Mobility Header'],
};

function v6(r: FieldReader, at: number): string {
  return ipv6Text([r.u32(at), r.u32(at + 4), r.u32(at + 8), r.u32(at + 12)]);
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  if (end <= off) return [];
  const r = new FieldReader(c.view, end);
  const n = new NodeList();
  try {
    return [fields(c, r, n, off, end)];
  } catch (e) {
    if (!(e instanceof BeyondCapturedBytes)) throw e;
    return [cutLayer('ipv6', 'Internet Protocol Version 6', off, end, n, e)];
  }
}

function fields(c: TreeContext, r: FieldReader, n: NodeList, off: number, end: number): DetailNode {
  const version = r.u8(off) >> 4;
  const v = n.add('ipv6.version', `Version: ${version}`, off, 1, version);
  if (version !== 6) {
    v.severity = 'error';
    v.text += ' — not IPv6';
  }
  const tclass = (r.u16(off) >> 4) & 0xff;
  n.add('ipv6.tclass', `Traffic Class: ${hex(tclass, 2)}`, off, 2, tclass);
  const flow = r.u32(off) & 0xfffff;
  n.add('ipv6.flow', `Flow Label: ${hex(flow, 5)}`, off + 1, 3, flow);
  const plen = r.u16(off + 4);
  const jumbo = plen === 0 ? ipv6PayloadLength(r.view, off, end) : 0;
  n.add('ipv6.plen', `Payload Length: ${plen}${jumbo ? ` (Jumbogram: ${jumbo} bytes in the Hop-by-Hop Jumbo Payload option)` : ''}`, off + 4, 2, plen);
  let nh = r.u8(off + 6);
  n.add('ipv6.nxt', `Next Header: ${ipProtocolText(nh)}`, off + 6, 1, nh);
  n.add('ipv6.hlim', `Hop Limit: ${r.u8(off + 7)}`, off + 7, 1, r.u8(off + 7));
  const srcT = v6(r, off + 8);
  n.add('ipv6.src', `Source Address: ${srcT}`, off + 8, 16, srcT);
  const dstT = v6(r, off + 24);
  n.add('ipv6.dst', `Destination Address: ${dstT}`, off + 24, 16, dstT);
  const payloadEnd = Math.min(end, off + 40 + (jumbo || plen));
  let at = off + 40;
  let fragmented = false;
  while (isIpv6ExtensionHeader(nh)) {
    if (payloadEnd - at < 8) {
      n.problem('ipv6.ext.truncated', `${EXT_NAMES[nh]?.[1] ?? 'Extension header'} truncated`, Math.min(at, payloadEnd), Math.max(0, payloadEnd - at));
      break;
    }
    const len = ipv6ExtensionLength(r.view, at, nh);
    const [field, name] = EXT_NAMES[nh];
    const e = new NodeList();
    const next = r.u8(at);
    e.add(`${field}.nxt`, `Next Header: ${ipProtocolText(next)}`, at, 1, next);
    if (nh === FRAGMENT) {
      const fo = r.u16(at + 2);
      e.add('ipv6.fragment.offset', `Offset: ${fo & 0xfff8}`, at + 2, 2, fo & 0xfff8);
      e.add('ipv6.fragment.more', `More Fragments: ${fo & 1 ? 'Yes' : 'No'}`, at + 3, 1, (fo & 1) === 1);
      e.add('ipv6.fragment.id', `Identification: ${hex(r.u32(at + 4), 8)}`, at + 4, 4, r.u32(at + 4));
      fragmented = (fo & 0xfff9) !== 0;
    } else {
      e.add(`${field}.len`, `Length: ${r.u8(at + 1)} (${len} bytes)`, at + 1, 1, r.u8(at + 1));
      if (nh === ROUTING && at + 4 <= payloadEnd) {
        e.add('ipv6.routing.type', `Type: ${r.u8(at + 2)}`, at + 2, 1, r.u8(at + 2));
        e.add('ipv6.routing.segleft', `Segments Left: ${r.u8(at + 3)}`, at + 3, 1, r.u8(at + 3));
      }
    }
    if (at + len > payloadEnd) e.problem(`${field}.len`, `Header length ${len} runs past the end of the packet`, at, payloadEnd - at);
    n.nodes.push(layer(field, name, at, Math.min(len, payloadEnd - at), e.nodes));
    nh = next;
    at += len;
    if (fragmented) break;
  }
  const node = layer('ipv6', `Internet Protocol Version 6, Src: ${srcT}, Dst: ${dstT}`, off, Math.min(at, end) - off, n.nodes);
  if (fragmented && c.reassembly) node.children!.push(c.reassembly);
  else if (fragmented)
    node.children!.push({ field: 'ipv6.fragment', text: 'Fragment of a datagram; transport header not dissected', offset: off, length: 0, severity: 'note' });
  return node;
}

export const ipv6Layer: Layer = { name: 'ipv6', decode, tree };
/** The fast path calls this directly (packetDecoder.ts): one call site per layer, which V8 can inline. */
export { decode as decodeIpv6 };
