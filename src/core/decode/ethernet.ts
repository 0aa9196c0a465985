import type { PacketFields } from './fields';
import { ETHERTYPE_QINQ, ETHERTYPE_VLAN, MALFORMED_TRUNCATED } from './fields';

/** Other TPIDs seen for stacked VLAN tags (pre-standard QinQ). */
const ETHERTYPE_QINQ_OLD = 0x9100;

/** Ethernet II with any number of 802.1Q / 802.1ad tags. Returns the network-layer offset, or -1. */
export function decodeEthernet(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 14) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.macDst = off;
  f.macSrc = off + 6;
  let type = view.getUint16(off + 12);
  let at = off + 14;
  while (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
    if (end - at < 4) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    // The innermost tag is the customer VLAN users think of; keep overwriting.
    f.vlan = view.getUint16(at) & 0x0fff;
    type = view.getUint16(at + 2);
    at += 4;
  }
  // Values up to 1500 are an 802.3 length (LLC follows), not an Ethertype.
  f.etherType = type > 1500 ? type : 0;
  return at;
}
