import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';

/**
 * IEEE 802.1X EAPOL (Ethertype 0x888e): named, with the WPA 4-way handshake message number
 * Wireshark shows ("Key (Message 2 of 4)"), so Wi-Fi captures read as they do there.
 */
export const ETHERTYPE_EAPOL = 0x888e;
const TYPES = ['EAP Packet', 'Start', 'Logoff', 'Key', 'Encapsulated ASF Alert'];
const KEY_ACK = 0x0080,
  KEY_MIC = 0x0100;

function decode(_view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 4) f.malformed |= MALFORMED_TRUNCATED;
  return -1;
}

/** The 4-way handshake message by the Key Information bits (and, for 2 vs 4, whether key data follows). */
function keyMessage(view: DataView, off: number, end: number): string {
  if (end - off < 99) return 'Key';
  const info = view.getUint16(off + 5);
  if (info & KEY_ACK) return `Key (Message ${info & KEY_MIC ? 3 : 1} of 4)`;
  if (!(info & KEY_MIC)) return 'Key';
  return `Key (Message ${view.getUint16(off + 97) === 0 ? 4 : 2} of 4)`;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  if (end - off < 4) return { protocol: 'EAPOL', info: 'EAPOL (truncated)' };
  const type = view.getUint8(off + 1);
  if (type === 0) return { protocol: 'EAP', info: 'Extensible Authentication Protocol' };
  return { protocol: 'EAPOL', info: type === 3 ? keyMessage(view, off, end) : (TYPES[type] ?? `Type ${type}`) };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('eapol', '802.1X Authentication', off, end, (n) => {
    n.add('eapol.version', `Version: ${r.u8(off)}`, off, 1, r.u8(off));
    const type = r.u8(off + 1);
    n.add('eapol.type', `Type: ${TYPES[type] ?? 'Unknown'} (${type})`, off + 1, 1, type);
    n.add('eapol.len', `Length: ${r.u16(off + 2)}`, off + 2, 2, r.u16(off + 2));
    if (type === 3 && r.has(off + 5, 2))
      n.add('wlan_rsna_eapol.keydes.key_info', `Key Information: ${hex(r.u16(off + 5), 4)} (${keyMessage(c.view, off, end)})`, off + 5, 2, r.u16(off + 5));
    return layer('eapol', `802.1X Authentication, ${summary(c.view, off, end).info}`, off, end - off, n.nodes);
  });
  return node ? [node] : [];
}

export const eapolLayer: Layer = { name: 'eapol', decode, tree, summary };
