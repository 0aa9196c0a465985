import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED } from './fields';

// ARPHRD_* values whose address is a 6-byte MAC we can show.
const ARPHRD_ETHER = 1;
// Protocol values SLL uses instead of an Ethertype (if_ether.h).
const LINUX_SLL_P_802_2 = 0x0004;

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL): a 16-byte pseudo-header. */
export function decodeSll(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 16) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const hatype = view.getUint16(off + 2);
  const addrLen = view.getUint16(off + 4);
  if (hatype === ARPHRD_ETHER && addrLen === 6) f.macSrc = off + 6;
  const proto = view.getUint16(off + 14);
  f.etherType = proto > 1500 && proto !== LINUX_SLL_P_802_2 ? proto : 0;
  return off + 16;
}

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, `tcpdump -i any` since libpcap 1.10): 20 bytes. */
export function decodeSll2(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 20) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const proto = view.getUint16(off);
  const hatype = view.getUint16(off + 8);
  const addrLen = view.getUint8(off + 11);
  if (hatype === ARPHRD_ETHER && addrLen === 6) f.macSrc = off + 12;
  f.etherType = proto > 1500 && proto !== LINUX_SLL_P_802_2 ? proto : 0;
  return off + 20;
}
