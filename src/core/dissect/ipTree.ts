import { ipv4Text, ipv6Text } from '../decode/addressText';
import { ipv4HeaderChecksum } from '../decode/ipv4';
import { ipv6ExtensionLength, isIpv6ExtensionHeader } from '../decode/ipv6';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';
import { BeyondCapturedBytes, cutLayer, FieldReader } from './fieldReader';

export const IP_PROTOCOLS: Record<number, string> = {
  0: 'IPv6 Hop-by-Hop Option', 1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'No Next Header for IPv6',
  60: 'Destination Options for IPv6', 89: 'OSPF', 132: 'SCTP',
};

function protoText(p: number): string {
  return `${IP_PROTOCOLS[p] ?? 'Unknown'} (${p})`;
}

/** Result of an IP header dissection: the subtree and where the transport starts (-1: stop). */
export interface IpDissection { node: DetailNode; proto: number; l4: number; l4End: number; l4Len: number }

const IPV4_OPTIONS: Record<number, string> = { 0: 'End of Options List (EOL)', 1: 'No-Operation (NOP)', 7: 'Record Route', 68: 'Time Stamp', 130: 'Security', 131: 'Loose Source Route', 137: 'Strict Source Route', 148: 'Router Alert' };

export function ipv4Tree(bytes: Uint8Array, view: DataView, off: number, end: number, origEnd: number, inError: boolean): IpDissection | undefined {
  if (end <= off) return undefined;
  const r = new FieldReader(view, end);
  const n = new NodeList();
  try {
    return ipv4Fields(bytes, r, n, off, end, origEnd, inError);
  } catch (e) {
    if (!(e instanceof BeyondCapturedBytes)) throw e;
    return { node: cutLayer('ip', 'Internet Protocol Version 4', off, end, n, e), proto: -1, l4: -1, l4End: end, l4Len: 0 };
  }
}

function ipv4Fields(bytes: Uint8Array, r: FieldReader, n: NodeList, off: number, end: number, origEnd: number, inError: boolean): IpDissection {
  const vihl = r.u8(off);
  const ihl = (vihl & 15) * 4;
  n.add('ip.version', `Version: ${vihl >> 4}`, off, 1, vihl >> 4);
  const hl = n.add('ip.hdr_len', `Header Length: ${ihl} bytes (${ihl / 4})`, off, 1, ihl);
  if (ihl < 20) { hl.severity = 'error'; hl.text += ' — bogus, must be at least 20'; }
  const tos = r.u8(off + 1);
  n.add('ip.dsfield', `Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${tos >> 2}, ECN: ${tos & 3})`, off + 1, 1, tos);
  const total = r.u16(off + 2);
  const tl = n.add('ip.len', `Total Length: ${total}`, off + 2, 2, total);
  if (total !== 0 && total < ihl) { tl.severity = 'error'; tl.text += ' — shorter than the header'; }
  if (!inError && total > origEnd - off) { tl.severity = 'error'; tl.text += ` — more than the ${origEnd - off} bytes the frame holds`; }
  n.add('ip.id', `Identification: ${hex(r.u16(off + 4), 4)} (${r.u16(off + 4)})`, off + 4, 2, r.u16(off + 4));
  const flagBits = r.u8(off + 6) >> 5;
  const flags = new NodeList();
  flags.add('ip.flags.rb', `Reserved bit: ${flagBits & 4 ? 'Set' : 'Not set'}`, off + 6, 1, (flagBits & 4) !== 0);
  flags.add('ip.flags.df', `Don't fragment: ${flagBits & 2 ? 'Set' : 'Not set'}`, off + 6, 1, (flagBits & 2) !== 0);
  flags.add('ip.flags.mf', `More fragments: ${flagBits & 1 ? 'Set' : 'Not set'}`, off + 6, 1, (flagBits & 1) !== 0);
  n.nodes.push({ field: 'ip.flags', text: `Flags: ${hex(flagBits, 1)}${flagBits & 2 ? ", Don't fragment" : ''}${flagBits & 1 ? ', More fragments' : ''}`, offset: off + 6, length: 1, value: flagBits, children: flags.nodes });
  const frag = r.u16(off + 6);
  n.add('ip.frag_offset', `Fragment Offset: ${(frag & 0x1fff) * 8}`, off + 6, 2, (frag & 0x1fff) * 8);
  n.add('ip.ttl', `Time to Live: ${r.u8(off + 8)}`, off + 8, 1, r.u8(off + 8));
  const proto = r.u8(off + 9);
  n.add('ip.proto', `Protocol: ${protoText(proto)}`, off + 9, 1, proto);
  const sum = r.u16(off + 10);
  if (ihl >= 20 && off + ihl <= end) {
    const ok = ipv4HeaderChecksum(bytes, off, ihl) === 0;
    const c = n.add('ip.checksum', `Header Checksum: ${hex(sum, 4)} [${ok ? 'correct' : 'incorrect'}]`, off + 10, 2, sum);
    // Outgoing packets captured before checksum offload carry a placeholder: a warning, not an error.
    if (!ok) c.severity = 'warning';
  } else n.add('ip.checksum', `Header Checksum: ${hex(sum, 4)} [unverified]`, off + 10, 2, sum);
  const srcT = ipv4Text(r.u32(off + 12));
  n.add('ip.src', `Source Address: ${srcT}`, off + 12, 4, srcT);
  const dstT = ipv4Text(r.u32(off + 16));
  n.add('ip.dst', `Destination Address: ${dstT}`, off + 16, 4, dstT);
  if (ihl > 20) {
    const opts = new NodeList();
    let at = off + 20;
    const optEnd = Math.min(end, off + ihl);
    while (at < optEnd) {
      const t = r.u8(at);
      const len = t <= 1 ? 1 : at + 1 < optEnd ? r.u8(at + 1) : 0;
      if (len < 1 || at + len > optEnd || (t > 1 && len < 2)) {
        opts.problem('ip.opt.malformed', `Malformed option (type ${t}, length ${len})`, at, optEnd - at);
        break;
      }
      opts.add('ip.opt.type', `IP Option - ${IPV4_OPTIONS[t] ?? `Unknown (${t})`}${len > 1 ? ` (${len} bytes)` : ''}`, at, len, t);
      if (t === 0) break;
      at += len;
    }
    n.nodes.push({ field: 'ip.options', text: `Options: (${ihl - 20} bytes)`, offset: off + 20, length: Math.max(0, optEnd - off - 20), children: opts.nodes });
    if (off + ihl > end) n.problem('ip.options.truncated', `[Options truncated: ${Math.max(0, end - off - 20)} of ${ihl - 20} bytes captured]`, Math.min(end, off + 20), 0, 'note');
  }
  const node = layer('ip', `Internet Protocol Version 4, Src: ${srcT}, Dst: ${dstT}`, off, Math.min(ihl, end - off), n.nodes);
  const fragmented = (frag & 0x3fff) !== 0;
  if (fragmented) node.children!.push({ field: 'ip.fragment', text: `Fragment of a datagram (offset ${(frag & 0x1fff) * 8}${frag & 0x2000 ? ', more follow' : ', last'}); transport header not dissected`, offset: off, length: 0, severity: 'note' });
  const totalLen = total === 0 ? origEnd - off : total;
  const headerCut = off + ihl > end;
  return { node, proto, l4: fragmented || ihl < 20 || headerCut ? -1 : off + ihl, l4End: Math.min(end, off + totalLen), l4Len: Math.max(0, totalLen - ihl) };
}

const EXT_NAMES: Record<number, [string, string]> = {
  0: ['ipv6.hopopts', 'IPv6 Hop-by-Hop Option'], 43: ['ipv6.routing', 'Routing Header for IPv6'],
  44: ['ipv6.fragment', 'Fragment Header for IPv6'], 51: ['ah', 'Authentication Header'],
  60: ['ipv6.dstopts', 'Destination Options for IPv6'], 135: ['mipv6', 'Mobility Header'],
};

function v6(r: FieldReader, at: number): string {
  return ipv6Text([r.u32(at), r.u32(at + 4), r.u32(at + 8), r.u32(at + 12)]);
}

export function ipv6Tree(view: DataView, off: number, end: number): IpDissection | undefined {
  if (end <= off) return undefined;
  const r = new FieldReader(view, end);
  const n = new NodeList();
  try {
    return ipv6Fields(r, n, off, end);
  } catch (e) {
    if (!(e instanceof BeyondCapturedBytes)) throw e;
    return { node: cutLayer('ipv6', 'Internet Protocol Version 6', off, end, n, e), proto: -1, l4: -1, l4End: end, l4Len: 0 };
  }
}

function ipv6Fields(r: FieldReader, n: NodeList, off: number, end: number): IpDissection {
  const version = r.u8(off) >> 4;
  n.add('ipv6.version', `Version: ${version}`, off, 1, version);
  const tclass = (r.u16(off) >> 4) & 0xff;
  n.add('ipv6.tclass', `Traffic Class: ${hex(tclass, 2)}`, off, 2, tclass);
  const flow = r.u32(off) & 0xfffff;
  n.add('ipv6.flow', `Flow Label: ${hex(flow, 5)}`, off + 1, 3, flow);
  const plen = r.u16(off + 4);
  n.add('ipv6.plen', `Payload Length: ${plen}`, off + 4, 2, plen);
  let nh = r.u8(off + 6);
  n.add('ipv6.nxt', `Next Header: ${protoText(nh)}`, off + 6, 1, nh);
  n.add('ipv6.hlim', `Hop Limit: ${r.u8(off + 7)}`, off + 7, 1, r.u8(off + 7));
  const srcT = v6(r, off + 8);
  n.add('ipv6.src', `Source Address: ${srcT}`, off + 8, 16, srcT);
  const dstT = v6(r, off + 24);
  n.add('ipv6.dst', `Destination Address: ${dstT}`, off + 24, 16, dstT);
  const payloadEnd = Math.min(end, off + 40 + plen);
  let at = off + 40;
  let fragmented = false;
  while (isIpv6ExtensionHeader(nh)) {
    if (payloadEnd - at < 8) {
      n.problem('ipv6.ext.truncated', `${EXT_NAMES[nh]?.[1] ?? 'Extension header'} truncated`, Math.min(at, payloadEnd), Math.max(0, payloadEnd - at));
      nh = -1;
      break;
    }
    const len = ipv6ExtensionLength(r.view, at, nh);
    const [field, name] = EXT_NAMES[nh];
    const e = new NodeList();
    const next = r.u8(at);
    e.add(`${field}.nxt`, `Next Header: ${protoText(next)}`, at, 1, next);
    if (nh === 44) {
      const fo = r.u16(at + 2);
      e.add('ipv6.fragment.offset', `Offset: ${fo & 0xfff8}`, at + 2, 2, fo & 0xfff8);
      e.add('ipv6.fragment.more', `More Fragments: ${fo & 1 ? 'Yes' : 'No'}`, at + 3, 1, (fo & 1) === 1);
      e.add('ipv6.fragment.id', `Identification: ${hex(r.u32(at + 4), 8)}`, at + 4, 4, r.u32(at + 4));
      fragmented = (fo & 0xfff9) !== 0;
    } else {
      e.add(`${field}.len`, `Length: ${r.u8(at + 1)} (${len} bytes)`, at + 1, 1, r.u8(at + 1));
      if (nh === 43 && at + 4 <= payloadEnd) {
        e.add('ipv6.routing.type', `Type: ${r.u8(at + 2)}`, at + 2, 1, r.u8(at + 2));
        e.add('ipv6.routing.segleft', `Segments Left: ${r.u8(at + 3)}`, at + 3, 1, r.u8(at + 3));
      }
    }
    if (at + len > payloadEnd) e.problem(`${field}.len`, `Header length ${len} runs past the end of the packet`, at, payloadEnd - at);
    n.nodes.push(layer(field, name, at, Math.min(len, payloadEnd - at), e.nodes));
    nh = next;
    at += len;
  }
  const node = layer('ipv6', `Internet Protocol Version 6, Src: ${srcT}, Dst: ${dstT}`, off, Math.min(at, end) - off, n.nodes);
  if (fragmented) node.children!.push({ field: 'ipv6.fragment', text: 'Fragment of a datagram; transport header not dissected', offset: off, length: 0, severity: 'note' });
  return { node, proto: nh, l4: fragmented || nh < 0 || at > payloadEnd ? -1 : at, l4End: payloadEnd, l4Len: Math.max(0, off + 40 + plen - at) };
}
