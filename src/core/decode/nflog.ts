import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * Linux NFLOG (LINKTYPE_NFLOG 239, tcpdump.org/linktypes/LINKTYPE_NFLOG.html): family, version,
 * resource id, then netlink TLVs whose length and type are in the capturing host's byte order
 * (values in network order). The payload TLV (9) is the packet from its network header: IPv4 or
 * IPv6 by the family byte, or (bridge family) by the packet header's hardware protocol.
 */
const HEADER = 4;
const TLV_PACKET_HDR = 1,
  TLV_PAYLOAD = 9,
  TLV_PREFIX = 10,
  TLV_UID = 11,
  TLV_GID = 14;
const AF_INET = 2,
  AF_INET6 = 10;
const TLV_NAMES: Record<number, string> = {
  1: 'NFULA_PACKET_HDR',
  2: 'NFULA_MARK',
  3: 'NFULA_TIMESTAMP',
  4: 'NFULA_IFINDEX_INDEV',
  5: 'NFULA_IFINDEX_OUTDEV',
  6: 'NFULA_IFINDEX_PHYSINDEV',
  7: 'NFULA_IFINDEX_PHYSOUTDEV',
  8: 'NFULA_HWADDR',
  9: 'NFULA_PAYLOAD',
  10: 'NFULA_PREFIX',
  11: 'NFULA_UID',
  12: 'NFULA_SEQ',
  13: 'NFULA_SEQ_GLOBAL',
  14: 'NFULA_GID',
  15: 'NFULA_HWTYPE',
  16: 'NFULA_HWHEADER',
  17: 'NFULA_HWLEN',
  18: 'NFULA_CT',
  19: 'NFULA_CT_INFO',
};
const HOOKS = ['PRE_ROUTING', 'LOCAL_IN', 'FORWARD', 'LOCAL_OUT', 'POST_ROUTING'];

/** True when the TLV lengths read little-endian: the first TLV must then be plausible that way. */
function littleEndian(view: DataView, off: number, end: number): boolean {
  const at = off + HEADER;
  if (at + 4 > end) return true;
  const le = view.getUint16(at, true),
    leType = view.getUint16(at + 2, true) & 0x7fff;
  return le >= 4 && at + le <= end && leType >= 1 && leType <= 19;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const family = view.getUint8(off);
  const le = littleEndian(view, off, end);
  let hwProtocol = 0;
  for (let at = off + HEADER; at + 4 <= end;) {
    const len = view.getUint16(at, le);
    const type = view.getUint16(at + 2, le) & 0x7fff;
    if (len < 4) return -1;
    if (at + len > end) {
      f.malformed |= MALFORMED_TRUNCATED;
      if (type !== TLV_PAYLOAD) return -1;
    }
    if (type === TLV_PACKET_HDR && len >= 6 && at + 6 <= end) hwProtocol = view.getUint16(at + 4);
    if (type === TLV_PAYLOAD) {
      const ether = family === AF_INET ? ETHERTYPE_IPV4 : family === AF_INET6 ? ETHERTYPE_IPV6 : hwProtocol;
      f.etherType = ether;
      f.next = ether ? layerForEtherType(ether) : 0;
      if (at + len < end) f.layerEnd = at + len;
      return at + 4;
    }
    at += (len + 3) & ~3;
  }
  return -1;
}

function prefixText(view: DataView, at: number, end: number): string {
  let s = '';
  for (let k = at; k < end; k++) {
    const c = view.getUint8(k);
    if (c === 0) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

function summary(view: DataView, off: number, end: number, f: PacketFields): LinkSummary {
  if (f.etherType) return { protocol: 'NFLOG', info: `Payload ${etherTypeText(f.etherType)}`, undecoded: `ethertype ${etherTypeText(f.etherType)}` };
  return {
    protocol: 'NFLOG',
    info: end - off < HEADER ? 'Linux Netfilter NFLOG (truncated)' : `Linux Netfilter NFLOG, family ${view.getUint8(off)}, no payload decoded`,
  };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('nflog', 'Linux Netfilter NFLOG', off, end, (n) => {
    const family = r.u8(off);
    n.add(
      'nflog.family',
      `Family: ${family === AF_INET ? 'IPv4' : family === AF_INET6 ? 'IPv6' : family === 7 ? 'Bridge' : 'Unknown'} (${family})`,
      off,
      1,
      family,
    );
    n.add('nflog.version', `Version: ${r.u8(off + 1)}`, off + 1, 1, r.u8(off + 1));
    n.add('nflog.res_id', `Resource id: ${r.u16(off + 2)}`, off + 2, 2, r.u16(off + 2));
    const le = littleEndian(c.view, off, end);
    let prefix = '';
    let at = off + HEADER;
    while (at + 4 <= end) {
      r.need(at, 4);
      const len = c.view.getUint16(at, le);
      const type = c.view.getUint16(at + 2, le) & 0x7fff;
      if (len < 4) {
        n.problem('nflog.tlv_length', `[TLV length ${len} is shorter than its 4-byte header]`, at, 2);
        break;
      }
      const name = TLV_NAMES[type] ?? `Type ${type}`;
      const vAt = at + 4,
        vLen = len - 4;
      if (type === TLV_PAYLOAD) {
        n.add('nflog.tlv', `TLV ${name}: ${vLen} bytes`, at, Math.min(len, end - at), type);
        break;
      }
      r.need(at, len);
      if (type === TLV_PREFIX) {
        prefix = prefixText(c.view, vAt, vAt + vLen);
        n.add('nflog.prefix', `Prefix: ${prefix}`, vAt, vLen, prefix);
      } else if ((type === TLV_UID || type === TLV_GID) && vLen >= 4) {
        n.add(type === TLV_UID ? 'nflog.uid' : 'nflog.gid', `${type === TLV_UID ? 'UID' : 'GID'}: ${c.view.getUint32(vAt)}`, vAt, 4, c.view.getUint32(vAt));
      } else if (type === TLV_PACKET_HDR && vLen >= 3) {
        const hook = c.view.getUint8(vAt + 2);
        n.add('nflog.protocol', `Hardware protocol: ${etherTypeText(c.view.getUint16(vAt))}`, vAt, 2, c.view.getUint16(vAt));
        n.add('nflog.hook', `Netfilter hook: ${HOOKS[hook] ?? 'Unknown'} (${hook})`, vAt + 2, 1, hook);
      } else n.add('nflog.tlv', `TLV ${name} (${hex(type, 4)}): ${vLen} bytes`, at, len, type);
      at += (len + 3) & ~3;
    }
    return layer('nflog', `Linux Netfilter NFLOG${prefix ? `, prefix "${prefix}"` : ''}`, off, Math.min(at + 4, end) - off, n.nodes);
  });
  return node ? [node] : [];
}

export const nflogLayer: Layer = { name: 'nflog', decode, tree, summary };
