import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED } from './fields';

// Address families: AF_INET is 2 everywhere; AF_INET6 differs (Linux 10, BSDs 24/28/30).
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

/**
 * BSD loopback (LINKTYPE_NULL: family in the capturing host's byte order) and
 * OpenBSD loopback (LINKTYPE_LOOP: network byte order). A value above 0xffff
 * means we guessed the byte order wrong, so read it the other way.
 */
export function decodeLoopback(view: DataView, off: number, end: number, f: PacketFields, networkOrder: boolean): number {
  if (end - off < 4) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  let family = view.getUint32(off, !networkOrder);
  if (family > 0xffff) family = view.getUint32(off, networkOrder);
  if (family === AF_INET) f.etherType = ETHERTYPE_IPV4;
  else if (AF_INET6.has(family)) f.etherType = ETHERTYPE_IPV6;
  return off + 4;
}

/** Raw IP link types: the IP version nibble says which network layer follows. */
export function decodeRawIp(view: DataView, off: number, end: number, f: PacketFields): number {
  if (end - off < 1) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const version = view.getUint8(off) >> 4;
  f.etherType = version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
  return off;
}
