import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { macText } from './addressText';
import type { PacketFields } from './fields';
import { ETHERTYPE_LLC, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * FDDI (LINKTYPE_FDDI 10): frame control, destination, source, then LLC for LLC frames. Wireshark
 * reads this link type as "FDDI with bit-swapped MAC addresses" and shows each address byte
 * bit-reversed; the tree does too. The index keeps no FDDI MACs (it interns bytes as they are,
 * which would show other addresses than the tree): IP frames get their IP addresses as usual.
 */
const HEADER = 13;

/** FC bits CLFFZZZZ: FF = 01 is an LLC frame. */
function isLlc(fc: number): boolean {
  return (fc & 0x30) === 0x10;
}

/** ANSI X3.139 frame classes: tokens, void, SMT (C=0) and MAC (C=1) frames, LLC, implementor, reserved. */
function frameKind(fc: number): string {
  if (fc === 0x80) return 'Nonrestricted token';
  if (fc === 0xc0) return 'Restricted token';
  if ((fc & 0x30) === 0x00) return (fc & 0x0f) === 0 ? 'Void frame' : fc & 0x80 ? 'MAC frame' : 'SMT frame';
  if (isLlc(fc)) return 'LLC frame';
  return (fc & 0x30) === 0x20 ? 'Implementor frame' : 'Reserved frame';
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (!isLlc(view.getUint8(off))) return -1;
  f.next = layerForEtherType(ETHERTYPE_LLC);
  return off + HEADER;
}

function bitswap(b: number): number {
  let r = 0;
  for (let k = 0; k < 8; k++) if (b & (1 << k)) r |= 0x80 >> k;
  return r;
}

/** An FDDI address as Wireshark shows it: each byte bit-reversed. */
function swappedMac(r: FieldReader, at: number): string {
  r.need(at, 6);
  let v = 0;
  for (let k = 0; k < 6; k++) v = v * 256 + bitswap(r.view.getUint8(at + k));
  return macText(v);
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  const fc = end > off ? view.getUint8(off) : -1;
  return { protocol: 'FDDI', info: fc < 0 ? 'FDDI (truncated)' : `${frameKind(fc)} (FC ${hex(fc, 2)})` };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('fddi', 'Fiber Distributed Data Interface', off, end, (n) => {
    const fc = r.u8(off);
    n.add('fddi.fc', `Frame Control: ${hex(fc, 2)} (${frameKind(fc)})`, off, 1, fc);
    const dst = swappedMac(r, off + 1);
    n.add('fddi.dst', `Destination: ${dst}`, off + 1, 6, dst);
    const src = swappedMac(r, off + 7);
    n.add('fddi.src', `Source: ${src}`, off + 7, 6, src);
    return layer('fddi', `Fiber Distributed Data Interface, Src: ${src}, Dst: ${dst}`, off, HEADER, n.nodes);
  });
  return node ? [node] : [];
}

export const fddiLayer: Layer = { name: 'fddi', decode, tree, summary };
