import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

// Address families: AF_INET is 2 everywhere; AF_INET6 differs (Linux 10, BSDs 24/28/30).
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

/** A value above 0xffff means we guessed the capturing host's byte order wrong: read it the other way. */
function family(view: DataView, off: number, networkOrder: boolean): number {
  const v = view.getUint32(off, !networkOrder);
  return v > 0xffff ? view.getUint32(off, networkOrder) : v;
}

/**
 * BSD loopback (LINKTYPE_NULL: family in the capturing host's byte order) and
 * OpenBSD loopback (LINKTYPE_LOOP: network byte order).
 */
function loopbackDecode(networkOrder: boolean) {
  return (view: DataView, off: number, end: number, f: PacketFields): number => {
    if (end - off < 4) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    const fam = family(view, off, networkOrder);
    f.etherType = fam === AF_INET ? ETHERTYPE_IPV4 : AF_INET6.has(fam) ? ETHERTYPE_IPV6 : 0;
    f.next = layerForEtherType(f.etherType || -2);
    return off + 4;
  };
}

function loopbackTree(networkOrder: boolean) {
  return (c: TreeContext, off: number, end: number): DetailNode[] => {
    const r = new FieldReader(c.view, end);
    const node = withinCaptured('null', 'Null/Loopback', off, end, (n) => {
      r.need(off, 4);
      const fam = family(c.view, off, networkOrder);
      n.add('null.family', `Family: ${fam === AF_INET ? 'IP' : AF_INET6.has(fam) ? 'IPv6' : 'Unknown'} (${fam})`, off, 4, fam);
      return layer('null', 'Null/Loopback', off, 4, n.nodes);
    });
    return node ? [node] : [];
  };
}

/** Raw IP link types (and IP carried with no header naming it): the version nibble says which IP. */
function rawIpDecode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 1) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const version = view.getUint8(off) >> 4;
  f.etherType = version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
  f.next = layerForEtherType(f.etherType || -2);
  return off;
}

/**
 * LINKTYPE_IPV6 (229) promises IPv6: a packet of another version is a bogus IPv6 header, not IPv4
 * (tshark: "Bogus IPv6 version"). LINKTYPE_IPV4 (228) keeps the version nibble, as tshark's IPv4
 * dissector hands a version-6 header to IPv6.
 */
function rawIpv6Decode(_view: DataView, off: number, _end: number, f: PacketFields): number {
  f.etherType = ETHERTYPE_IPV6;
  f.next = layerForEtherType(ETHERTYPE_IPV6);
  return off;
}

export const nullLayer: Layer = { name: 'null', decode: loopbackDecode(false), tree: loopbackTree(false) };
export const loopLayer: Layer = { name: 'null', decode: loopbackDecode(true), tree: loopbackTree(true) };
/** Raw IP has no header of its own: its tree is empty, the IP layer follows at the same offset. */
export const rawIpLayer: Layer = { name: 'raw', decode: rawIpDecode, tree: () => [] };
export const rawIpv6Layer: Layer = { name: 'raw', decode: rawIpv6Decode, tree: () => [] };
