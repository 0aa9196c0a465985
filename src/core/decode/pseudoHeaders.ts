import type { DetailNode } from '../dissect/detailNode';
import { layer } from '../dissect/detailNode';
import { erfHeaderLength } from './erf';
import type { PacketFields } from './fields';
import { MALFORMED_TRUNCATED } from './fields';
import type { Layer, TreeContext } from './layer';

/** Link types whose records start with a header the capturing tool wrote (tcpdump.org's registry). */
export const LINKTYPE_SUNATM = 123;
export const LINKTYPE_IRDA = 144;
export const LINKTYPE_LINUX_LAPD = 177;
export const LINKTYPE_SITA = 196;
export const LINKTYPE_ERF = 197;
export const LINKTYPE_PPP_PPPD = 204;
export const LINKTYPE_I2C_LINUX = 209;

interface FixedPseudoHeader {
  length: number;
  name: string;
}

/**
 * Pseudo-headers of a fixed size, as wiretap's pcap_get_phdr_size strips them (measured with tshark
 * 4.0 on the public captures: frame.len = the record's length minus these bytes). They describe
 * the capture (direction, bus, channel), they were never on the wire.
 */
const FIXED: ReadonlyMap<number, FixedPseudoHeader> = new Map([
  [LINKTYPE_SUNATM, { length: 4, name: 'SunATM' }], // flags, VPI, VCI
  [LINKTYPE_IRDA, { length: 16, name: 'IrDA' }], // a Linux cooked header (direction, ARPHRD_IRDA)
  [LINKTYPE_LINUX_LAPD, { length: 16, name: 'LAPD' }], // a Linux cooked header (direction, ETH_P_LAPD)
  [LINKTYPE_SITA, { length: 5, name: 'SITA' }], // flags, signals, errors ×2, protocol
  [LINKTYPE_PPP_PPPD, { length: 1, name: 'PPP direction' }], // pppd's 0x00 received / 0x01 sent
  [LINKTYPE_I2C_LINUX, { length: 5, name: 'I2C' }], // bus number, flags (4 bytes)
]);

/** Whether records of this link type start with a pseudo-header. */
export function hasPseudoHeader(linkType: number): boolean {
  return linkType === LINKTYPE_ERF || FIXED.has(linkType);
}

/**
 * Bytes at the start of a record of this link type that tshark does not count in frame.len and
 * frame.cap_len (0 for most link types). ERF's header varies (extension headers, a subheader by
 * record type), so it is read from the record's bytes at `off`.
 */
export function pseudoHeaderLength(linkType: number, view: DataView, off: number, end: number): number {
  if (linkType === LINKTYPE_ERF) return erfHeaderLength(view, off, end);
  return FIXED.get(linkType)?.length ?? 0;
}

/** A fixed pseudo-header as its own layer: shown in the tree, nothing decoded past it (the link layer it precedes is not decoded yet). */
function fixedPseudoHeaderLayer(linkType: number): Layer {
  const { length, name } = FIXED.get(linkType)!;
  return {
    name: 'pseudo',
    decode(_view: DataView, off: number, end: number, f: PacketFields): number {
      if (end - off < length) f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    },
    tree(_c: TreeContext, off: number, end: number): DetailNode[] {
      const have = Math.min(length, Math.max(0, end - off));
      const children: DetailNode[] = [
        {
          field: 'pseudo.note',
          text: '[Written by the capturing tool, not sent on the wire: Frame Length and Capture Length exclude it, as tshark]',
          offset: off,
          length: have,
        },
      ];
      if (have < length)
        children.push({
          field: 'pseudo.truncated',
          text: `[Pseudo-header truncated: ${have} of ${length} bytes captured]`,
          offset: off + have,
          length: 0,
          severity: 'error',
        });
      return [layer('pseudo', `${name} pseudo-header (${length} byte${length === 1 ? '' : 's'})`, off, have, children)];
    },
  };
}

export const sunAtmPseudoLayer = fixedPseudoHeaderLayer(LINKTYPE_SUNATM);
export const irdaPseudoLayer = fixedPseudoHeaderLayer(LINKTYPE_IRDA);
export const lapdPseudoLayer = fixedPseudoHeaderLayer(LINKTYPE_LINUX_LAPD);
export const sitaPseudoLayer = fixedPseudoHeaderLayer(LINKTYPE_SITA);
export const i2cPseudoLayer = fixedPseudoHeaderLayer(LINKTYPE_I2C_LINUX);
