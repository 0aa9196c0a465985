import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED } from './fields';
import { ipProtocolText } from './ipProtocols';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';

export const AYIYA_PORT = 5072;
const OPCODE_FORWARD = 1;

/** Header length: 8 fixed bytes, the identity (2^idlen bytes) and the signature (4·siglen bytes). */
function headerLength(view: DataView, off: number): number {
  return 8 + (1 << (view.getUint8(off) >> 4)) + 4 * (view.getUint8(off + 1) >> 4);
}

/** AYIYA, "Anything In Anything" (draft-massar-v6ops-ayiya): a forwarded IPv4 or IPv6 packet named by its next header. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const at = off + headerLength(view, off);
  const nh = view.getUint8(off + 3);
  if ((view.getUint8(off + 2) & 0x0f) !== OPCODE_FORWARD || (nh !== 4 && nh !== 41)) return -1;
  if (at >= end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.enterTunnel();
  f.next = layerForEtherType(nh === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
  return at;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('ayiya', 'Anything in Anything Protocol', off, end, (n) => {
    const b0 = r.u8(off),
      b1 = r.u8(off + 1),
      b2 = r.u8(off + 2);
    n.add('ayiya.identity_len', `Identity field length: ${1 << (b0 >> 4)} bytes`, off, 1, b0 >> 4);
    n.add('ayiya.siglen', `Signature Length: ${4 * (b1 >> 4)} bytes`, off + 1, 1, b1 >> 4);
    n.add('ayiya.opcode', `Opcode: ${b2 & 0x0f}${(b2 & 0x0f) === OPCODE_FORWARD ? ' (Forward)' : ''}`, off + 2, 1, b2 & 0x0f);
    n.add('ayiya.nexthdr', `Next Header: ${ipProtocolText(r.u8(off + 3))}`, off + 3, 1, r.u8(off + 3));
    n.add('ayiya.epoch', `Epoch: ${r.u32(off + 4)}`, off + 4, 4, r.u32(off + 4));
    const len = 8 + (1 << (b0 >> 4)) + 4 * (b1 >> 4);
    r.need(off, len);
    n.add('ayiya.identity', `Identity (${1 << (b0 >> 4)} bytes)`, off + 8, 1 << (b0 >> 4));
    if (b1 >> 4) n.add('ayiya.signature', `Signature (${4 * (b1 >> 4)} bytes)`, off + 8 + (1 << (b0 >> 4)), 4 * (b1 >> 4));
    return layer('ayiya', 'Anything in Anything Protocol', off, len, n.nodes);
  });
  return node ? [node] : [];
}

export const ayiyaLayer: EncapsulationLayer = { name: 'ayiya', decode, tree, describe: () => ({}) };
