import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { BeyondCapturedBytes, cutLayer, FieldReader } from '../dissect/fieldReader';
import { ipv4Text } from './addressText';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import { ipProtocolText } from './ipProtocols';
import type { Layer, TreeContext } from './layer';
import { layerForIpProtocol } from './layerTables';

const IPPROTO_IGMP = 2;

/**
 * IPv4 header (RFC 791). Sets addresses, protocol and the transport window (f.layerEnd).
 * Returns the transport offset, or -1 when there is no transport header to decode
 * (malformed, or a non-first fragment).
 */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.IPv4;
  f.netOff = off;
  if (end - off < 20) {
    // The source address may have been captured though the header was cut: it is the packet's (as in tshark).
    if (end - off >= 16 && view.getUint8(off) >> 4 === 4) {
      f.innerNetwork();
      f.ipVersion = 4;
      f.srcOff = off + 12;
    }
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const vihl = view.getUint8(off);
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  let totalLen = view.getUint16(off + 2);
  // A zero total length is what TSO/GSO captures show: the length is the frame's.
  if (totalLen === 0) totalLen = f.origEnd - off;
  if (totalLen < ihl) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  f.innerNetwork();
  f.ipId = view.getUint16(off + 4);
  const frag = view.getUint16(off + 6);
  f.moreFragments = (frag & 0x2000) !== 0;
  f.dontFragment = (frag & 0x4000) !== 0;
  const fragOffset = (frag & 0x1fff) * 8;
  if (f.moreFragments || fragOffset > 0) f.fragOffset = fragOffset;
  f.ttl = view.getUint8(off + 8);
  f.ipProto = view.getUint8(off + 9);
  f.ipVersion = 4;
  f.srcOff = off + 12;
  f.dstOff = off + 16;
  if (end - off < ihl) {
    // Options cut off: the fixed header's fields stand, the transport cannot be found.
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.l4Off = off + ihl;
  f.l4Len = totalLen - ihl;
  f.l4End = Math.min(end, off + totalLen);
  f.layerEnd = f.l4End;
  // Like Wireshark with reassembly on, a fragment's transport header is not dissected on its own.
  if (f.fragOffset >= 0) return -1;
  f.next = layerForIpProtocol(f.ipProto);
  if (!f.next) f.proto = f.ipProto === IPPROTO_IGMP ? ProtoCode.Igmp : ProtoCode.OtherIp;
  return f.l4Off;
}

/** RFC 1071 one's-complement sum of the IPv4 header; 0 means the checksum is correct. */
export function ipv4HeaderChecksum(bytes: Uint8Array, off: number, ihl: number): number {
  let sum = 0;
  for (let i = 0; i < ihl; i += 2) sum += (bytes[off + i] << 8) | bytes[off + i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const IPV4_OPTIONS: Record<number, string> = {
  0: 'End of Options List (EOL)',
  1: 'No-Operation (NOP)',
  7: 'Record Route',
  68: 'Time Stamp',
  130: 'Security',
  131: 'Loose Source Route',
  137: 'Strict Source Route',
  148: 'Router Alert',
};

function tree(c: TreeContext, off: number, end: number, _next: number, f: PacketFields): DetailNode[] {
  if (end <= off) return [];
  const r = new FieldReader(c.view, end);
  const n = new NodeList();
  try {
    return [fields(c, r, n, off, end, f.origEnd)];
  } catch (e) {
    if (!(e instanceof BeyondCapturedBytes)) throw e;
    return [cutLayer('ip', 'Internet Protocol Version 4', off, end, n, e)];
  }
}

function fields(c: TreeContext, r: FieldReader, n: NodeList, off: number, end: number, origEnd: number): DetailNode {
  const vihl = r.u8(off);
  const ihl = (vihl & 15) * 4;
  const v = n.add('ip.version', `Version: ${vihl >> 4}`, off, 1, vihl >> 4);
  if (vihl >> 4 !== 4) {
    v.severity = 'error';
    v.text += ' — not IPv4';
  }
  const hl = n.add('ip.hdr_len', `Header Length: ${ihl} bytes (${ihl / 4})`, off, 1, ihl);
  if (ihl < 20) {
    hl.severity = 'error';
    hl.text += ' — bogus, must be at least 20';
  }
  const tos = r.u8(off + 1);
  n.add('ip.dsfield', `Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${tos >> 2}, ECN: ${tos & 3})`, off + 1, 1, tos);
  const total = r.u16(off + 2);
  const tl = n.add('ip.len', `Total Length: ${total}`, off + 2, 2, total);
  if (total !== 0 && total < ihl) {
    tl.severity = 'error';
    tl.text += ' — shorter than the header';
  }
  if (!c.inError && total > origEnd - off) {
    tl.severity = 'error';
    tl.text += ` — more than the ${origEnd - off} bytes the frame holds`;
  }
  n.add('ip.id', `Identification: ${hex(r.u16(off + 4), 4)} (${r.u16(off + 4)})`, off + 4, 2, r.u16(off + 4));
  const flagBits = r.u8(off + 6) >> 5;
  const flags = new NodeList();
  flags.add('ip.flags.rb', `Reserved bit: ${flagBits & 4 ? 'Set' : 'Not set'}`, off + 6, 1, (flagBits & 4) !== 0);
  flags.add('ip.flags.df', `Don't fragment: ${flagBits & 2 ? 'Set' : 'Not set'}`, off + 6, 1, (flagBits & 2) !== 0);
  flags.add('ip.flags.mf', `More fragments: ${flagBits & 1 ? 'Set' : 'Not set'}`, off + 6, 1, (flagBits & 1) !== 0);
  n.nodes.push({
    field: 'ip.flags',
    text: `Flags: ${hex(flagBits, 1)}${flagBits & 2 ? ", Don't fragment" : ''}${flagBits & 1 ? ', More fragments' : ''}`,
    offset: off + 6,
    length: 1,
    value: flagBits,
    children: flags.nodes,
  });
  const frag = r.u16(off + 6);
  n.add('ip.frag_offset', `Fragment Offset: ${(frag & 0x1fff) * 8}`, off + 6, 2, (frag & 0x1fff) * 8);
  n.add('ip.ttl', `Time to Live: ${r.u8(off + 8)}`, off + 8, 1, r.u8(off + 8));
  const proto = r.u8(off + 9);
  n.add('ip.proto', `Protocol: ${ipProtocolText(proto)}`, off + 9, 1, proto);
  const sum = r.u16(off + 10);
  if (ihl >= 20 && off + ihl <= end) {
    const ok = ipv4HeaderChecksum(c.bytes, off, ihl) === 0;
    const s = n.add('ip.checksum', `Header Checksum: ${hex(sum, 4)} [${ok ? 'correct' : 'incorrect'}]`, off + 10, 2, sum);
    // Outgoing packets captured before checksum offload carry a placeholder: a warning, not an error.
    if (!ok) s.severity = 'warning';
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
    if (off + ihl > end)
      n.problem(
        'ip.options.truncated',
        `[Options truncated: ${Math.max(0, end - off - 20)} of ${ihl - 20} bytes captured]`,
        Math.min(end, off + 20),
        0,
        'note',
      );
  }
  const node = layer('ip', `Internet Protocol Version 4, Src: ${srcT}, Dst: ${dstT}`, off, Math.min(ihl, end - off), n.nodes);
  if ((frag & 0x3fff) !== 0 && c.reassembly) node.children!.push(c.reassembly);
  else if ((frag & 0x3fff) !== 0)
    node.children!.push({
      field: 'ip.fragment',
      text: `Fragment of a datagram (offset ${(frag & 0x1fff) * 8}${frag & 0x2000 ? ', more follow' : ', last'}); transport header not dissected`,
      offset: off,
      length: 0,
      severity: 'note',
    });
  return node;
}

export const ipv4Layer: Layer = { name: 'ip', decode, tree };
/** The fast path calls this directly (packetDecoder.ts): one call site per layer, which V8 can inline. */
export { decode as decodeIpv4 };
