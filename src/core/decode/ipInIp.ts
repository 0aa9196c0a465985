import type { DetailNode } from '../dissect/detailNode';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';

export const IPPROTO_IPIP = 4;
export const IPPROTO_IPV6 = 41;

/**
 * An IP packet carried as the payload of another (RFC 2003 IP-in-IP, protocol 4; RFC 4213 6in4/SIT
 * and IPv6-in-IPv6, protocol 41): no header of its own, the inner IP header follows at once. The
 * outer header's protocol number says which IP; like Wireshark, a payload that is not that IP is
 * left to the inner layer to call malformed.
 */
function decoder(etherType: number) {
  return (_view: DataView, off: number, end: number, f: PacketFields): number => {
    if (end <= off) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    f.enterTunnel();
    f.next = layerForEtherType(etherType);
    return off;
  };
}

/** The outer IP header already names the protocol; the inner header renders itself. */
function tree(_c: TreeContext, off: number, end: number): DetailNode[] {
  return end <= off ? [{ field: '_ws.expert', text: '[Encapsulated IP packet not captured]', offset: Math.max(0, end), length: 0, severity: 'note' }] : [];
}

export const ipInIpLayer: EncapsulationLayer = { name: 'ipip', headerless: true, decode: decoder(ETHERTYPE_IPV4), tree, describe: () => ({}) };
export const ipv6InIpLayer: EncapsulationLayer = { name: '6in4', headerless: true, decode: decoder(ETHERTYPE_IPV6), tree, describe: () => ({}) };
