import { LINKTYPE_ETHERNET } from '../decode/linkTypes';
import type { FieldSource, ResolvedField } from './filterFields';

/** The MAC address fields of an Ethernet frame, as Wireshark names them. */
export const ETHERNET_FIELD_NAMES: readonly string[] = ['eth.addr', 'eth.src', 'eth.dst'];

/**
 * eth.src / eth.dst / eth.addr: the frame's Ethernet header (the innermost one in a tunnel, the
 * one the statistics' Ethernet tables count), read by decoding the packet again: the index has
 * no MAC column (a 48-bit value per packet would grow every capture for a rare filter). A MAC is
 * a 48-bit number, exact in a double.
 */
export function resolveEthernetField(name: string, src: FieldSource): ResolvedField | undefined {
  if (!ETHERNET_FIELD_NAMES.includes(name)) return undefined;
  const ix = src.index;
  const mac = (i: number, which: 'macSrc' | 'macDst'): number => {
    const off = src.decoded(i)[which];
    if (off < 0) return -1;
    const b = src.packetBytes(i);
    if (off + 6 > b.length) return -1;
    return ((b[off] << 8) | b[off + 1]) * 0x100000000 + ((b[off + 2] << 24) >>> 0) + ((b[off + 3] << 16) | (b[off + 4] << 8) | b[off + 5]);
  };
  const occurrence = (which: 'macSrc' | 'macDst') => ({
    present: (i: number) => ix.linkTypeOf(i) === LINKTYPE_ETHERNET && mac(i, which) >= 0,
    value: (i: number) => mac(i, which),
  });
  const occurrences = name === 'eth.src' ? [occurrence('macSrc')] : name === 'eth.dst' ? [occurrence('macDst')] : [occurrence('macSrc'), occurrence('macDst')];
  return { name, type: 'ether', occurrences, slow: true };
}

/** "00:1a:2b:3c:4d:5e" (or with '-' or '.' between the bytes) → the MAC as a number; undefined if it is not one. */
export function parseMac(text: string): number | undefined {
  const m = /^([0-9a-f]{2})[:.-]([0-9a-f]{2})[:.-]([0-9a-f]{2})[:.-]([0-9a-f]{2})[:.-]([0-9a-f]{2})[:.-]([0-9a-f]{2})$/i.exec(text);
  if (!m) return undefined;
  return m.slice(1).reduce((v, h) => v * 256 + parseInt(h, 16), 0);
}
