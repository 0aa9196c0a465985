/** LINKTYPE_* values from tcpdump.org's link-layer header types registry. */
export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;
/** DLT_RAW as some BSDs number it in pcap headers. */
export const LINKTYPE_RAW_BSD_12 = 12;
export const LINKTYPE_RAW_BSD_14 = 14;

const NAMES: Record<number, string> = {
  [LINKTYPE_NULL]: 'NULL (BSD loopback)',
  [LINKTYPE_ETHERNET]: 'Ethernet',
  [LINKTYPE_RAW]: 'Raw IP',
  [LINKTYPE_RAW_BSD_12]: 'Raw IP',
  [LINKTYPE_RAW_BSD_14]: 'Raw IP',
  [LINKTYPE_LOOP]: 'OpenBSD loopback',
  [LINKTYPE_LINUX_SLL]: 'Linux cooked-mode capture v1',
  [LINKTYPE_IPV4]: 'Raw IPv4',
  [LINKTYPE_IPV6]: 'Raw IPv6',
  [LINKTYPE_LINUX_SLL2]: 'Linux cooked-mode capture v2',
  105: 'IEEE 802.11',
  127: 'IEEE 802.11 plus radiotap header',
  147: 'USER0',
  220: 'USB with Linux header',
  // Link types whose records start with a capture pseudo-header (pseudoHeaders.ts), by wiretap's names.
  8: 'SLIP',
  123: 'ATM PDUs',
  144: 'IrDA',
  177: 'LAPD with Linux pseudo-header',
  196: 'SITA WAN packets',
  197: 'Extensible Record Format',
  204: 'PPP with Directional Info',
  209: 'I2C with Linux-specific pseudo-header',
};

export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `Unknown link type ${linkType}`;
}
