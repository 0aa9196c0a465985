import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { ipv4Text } from './addressText';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV6 } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';

export const TEREDO_PORT = 3544;
const AUTHENTICATION = 1;
const ORIGIN_INDICATION = 0;

/** Offset of the IPv6 header after Teredo's optional authentication and origin indication (RFC 4380 §5.1.1), or -1. */
function ipv6Offset(view: DataView, off: number, end: number): number {
  let at = off;
  if (end - at >= 4 && view.getUint16(at) === AUTHENTICATION) {
    // Type, ID length, auth length, client id, authentication value, 8-byte nonce, confirmation byte.
    at += 4 + view.getUint8(at + 2) + view.getUint8(at + 3) + 9;
  }
  if (end - at >= 8 && view.getUint16(at) === ORIGIN_INDICATION) at += 8;
  return end - at >= 40 && view.getUint8(at) >> 4 === 6 ? at : -1;
}

/** Teredo (RFC 4380) on UDP 3544: IPv6 carried in UDP, followed only when an IPv6 header is there (as Wireshark's check). */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  const at = ipv6Offset(view, off, end);
  if (at < 0) return -1;
  f.enterTunnel();
  f.next = layerForEtherType(ETHERTYPE_IPV6);
  return at;
}

function tree(c: TreeContext, off: number, end: number, next: number): DetailNode[] {
  if (next < 0) return [];
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('teredo', 'Teredo IPv6 over UDP tunneling', off, end, (n) => {
    let at = off;
    if (r.has(at, 4) && r.u16(at) === AUTHENTICATION) {
      const len = 4 + r.u8(at + 2) + r.u8(at + 3) + 9;
      n.add('teredo.auth', `Teredo Authentication header (${len} bytes)`, at, len);
      at += len;
    }
    if (at < next && r.u16(at) === ORIGIN_INDICATION) {
      // RFC 4380 §5.1.1: port and address are sent inverted.
      const port = r.u16(at + 2) ^ 0xffff;
      const addr = ipv4Text((r.u32(at + 4) ^ 0xffffffff) >>> 0);
      n.add('teredo.orig', `Teredo Origin Indication header: ${addr}:${port}`, at, 8);
    }
    return layer('teredo', 'Teredo IPv6 over UDP tunneling', off, next - off, n.nodes);
  });
  return node ? [node] : [];
}

export const teredoLayer: EncapsulationLayer = { name: 'teredo', decode, tree, describe: () => ({}) };
