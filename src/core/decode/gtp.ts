import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';

export const GTPU_PORT = 2152;
const T_PDU = 0xff;
// Flags: version (3 bits), protocol type, spare, E (extension header), S (sequence number), PN (N-PDU number).
const FLAGS_E = 0x04;
const FLAGS_OPTIONAL = 0x07;

/** Offset of the payload after the GTPv1-U header at `off` (with its extension header chain), or -1 when cut. */
function payloadOffset(view: DataView, off: number, end: number): number {
  const flags = view.getUint8(off);
  if (!(flags & FLAGS_OPTIONAL)) return off + 8;
  if (end - off < 12) return -1;
  let at = off + 12;
  let nextType = flags & FLAGS_E ? view.getUint8(off + 11) : 0;
  // TS 29.281 §5.2: each extension header gives its length in 4-byte units and ends with the next type.
  while (nextType !== 0) {
    if (at >= end) return -1;
    const len = view.getUint8(at) * 4;
    if (len === 0 || at + len > end) return -1;
    nextType = view.getUint8(at + len - 1);
    at += len;
  }
  return at;
}

function isGtpV1(flags: number): boolean {
  return flags >> 5 === 1 && (flags & 0x10) !== 0;
}

/**
 * GTPv1-U (3GPP TS 29.281) on UDP 2152: a T-PDU carries a user's IP packet (the first nibble says
 * which IP, as Wireshark decides); echo and error messages are GTP's own and end the walk.
 */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const flags = view.getUint8(off);
  // GTP' (charging) and other versions share the port rarely; they are not followed.
  if (!isGtpV1(flags)) return -1;
  const at = payloadOffset(view, off, end);
  if (at < 0) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.encapsulated = true;
  if (view.getUint8(off + 1) !== T_PDU || at >= end) return -1;
  const nibble = view.getUint8(at) >> 4;
  if (nibble !== 4 && nibble !== 6) return -1;
  f.enterTunnel();
  f.next = layerForEtherType(nibble === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
  return at;
}

const MESSAGE_TYPES: Record<number, string> = {
  1: 'Echo request',
  2: 'Echo response',
  26: 'Error indication',
  31: 'Supported extension headers notification',
  254: 'End marker',
  255: 'T-PDU',
};

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('gtp', 'GPRS Tunneling Protocol', off, end, (n) => {
    const flags = r.u8(off);
    const fl = n.add(
      'gtp.flags',
      `Flags: ${hex(flags, 2)} (version ${flags >> 5}${flags & 0x10 ? ', GTP' : ", GTP'"}${flags & 4 ? ', extension header' : ''}${flags & 2 ? ', sequence number' : ''}${flags & 1 ? ', N-PDU number' : ''})`,
      off,
      1,
      flags,
    );
    if (!isGtpV1(flags)) {
      fl.severity = 'note';
      fl.text += ' — not GTPv1-U: not dissected';
      return layer('gtp', 'GPRS Tunneling Protocol (not version 1)', off, 1, n.nodes);
    }
    const type = r.u8(off + 1);
    n.add('gtp.message', `Message Type: ${MESSAGE_TYPES[type] ?? 'Unknown'} (${hex(type, 2)})`, off + 1, 1, type);
    n.add('gtp.length', `Length: ${r.u16(off + 2)}`, off + 2, 2, r.u16(off + 2));
    n.add('gtp.teid', `TEID: ${hex(r.u32(off + 4), 8)} (${r.u32(off + 4)})`, off + 4, 4, r.u32(off + 4));
    let at = off + 8;
    if (flags & FLAGS_OPTIONAL) {
      n.add('gtp.seq_number', `Sequence number: ${r.u16(at)}`, at, 2, r.u16(at));
      n.add('gtp.npdu_number', `N-PDU Number: ${r.u8(at + 2)}`, at + 2, 1, r.u8(at + 2));
      let nextType = r.u8(at + 3);
      n.add('gtp.next', `Next extension header type: ${hex(nextType, 2)}`, at + 3, 1, nextType);
      at += 4;
      const ext = new NodeList();
      while (flags & FLAGS_E && nextType !== 0) {
        const len = r.u8(at) * 4;
        if (len === 0) {
          ext.problem('gtp.ext_hdr.length', 'Extension header length 0', at, 1);
          break;
        }
        r.need(at, len);
        ext.add('gtp.ext_hdr', `Extension header ${hex(nextType, 2)} (${len} bytes)`, at, len, nextType);
        nextType = r.u8(at + len - 1);
        at += len;
      }
      if (ext.nodes.length) n.nodes.push(...ext.nodes);
    }
    return layer('gtp', `GPRS Tunneling Protocol, ${MESSAGE_TYPES[type] ?? `message ${type}`}`, off, at - off, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number): { teid: number } {
  return { teid: view.getUint32(off + 4) };
}

export const gtpLayer: EncapsulationLayer = { name: 'gtp', decode, tree, describe };
