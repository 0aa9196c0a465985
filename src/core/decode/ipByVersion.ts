import type { DetailNode } from '../dissect/detailNode';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_BAD_LENGTH, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * Wireshark's "ip" handle, to which ARCNET, Linux ATM CLIP and Juniper hand a payload they name
 * only as IP: the version nibble picks IPv4 or IPv6, and any other version is "Bogus IP version"
 * under the Protocol "IP" (packet-ip.c, dissect_ip). Ethernet's 0x0800 goes to IPv4 itself, which
 * calls the same header "Bogus IPv4 version": that is the IPv4 layer's. No header of its own.
 */
function decode(view: DataView, off: number, _end: number, f: PacketFields): number {
  const version = view.getUint8(off) >> 4;
  if (version === 4 || version === 6) {
    f.next = layerForEtherType(version === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
    return off;
  }
  f.proto = ProtoCode.Link;
  f.malformed |= MALFORMED_BAD_LENGTH;
  return -1;
}

function summary(view: DataView, off: number): LinkSummary {
  return { protocol: 'IP', info: `Bogus IP version (${view.getUint8(off) >> 4})` };
}

function tree(c: TreeContext, off: number, end: number, next: number): DetailNode[] {
  if (next >= 0 || off >= end) return [];
  const version = c.view.getUint8(off) >> 4;
  return [
    {
      field: 'ip',
      text: 'Internet Protocol',
      offset: off,
      length: end - off,
      children: [{ field: 'ip.version', text: `Version: ${version} — bogus, neither 4 nor 6`, offset: off, length: 1, value: version, severity: 'error' }],
    },
  ];
}

export const ipByVersionLayer: Layer = { name: 'ip', headerless: true, decode, tree, summary };
