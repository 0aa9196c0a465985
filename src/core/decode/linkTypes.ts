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

export const LINKTYPE_IEEE802_5 = 6;
export const LINKTYPE_PPP = 9;
export const LINKTYPE_FDDI = 10;
export const LINKTYPE_ATM_RFC1483_BSD = 11;
export const LINKTYPE_PPP_HDLC = 50;
/** ATM with RFC 1483 LLC encapsulation: the frame is an LLC PDU. */
export const LINKTYPE_ATM_RFC1483 = 100;
export const LINKTYPE_PPP_ETHER = 51;
export const LINKTYPE_C_HDLC = 104;
export const LINKTYPE_IEEE802_11 = 105;
export const LINKTYPE_FRELAY = 107;
export const LINKTYPE_IEEE802_11_PRISM = 119;
export const LINKTYPE_IEEE802_11_RADIOTAP = 127;
export const LINKTYPE_IEEE802_11_AVS = 163;
export const LINKTYPE_PPI = 192;
export const LINKTYPE_PPP_WITH_DIR = 204;
export const LINKTYPE_NFLOG = 239;
export const LINKTYPE_IPOIB = 242;
export const LINKTYPE_ARCNET_BSD = 7;
export const LINKTYPE_ARCNET_LINUX = 129;
export const LINKTYPE_IPNET = 226;
export const LINKTYPE_PKTAP = 258;
/** DLT_USER2, which Mac OS X 10.9 wrote for PKTAP captures. */
export const LINKTYPE_USER2 = 149;
export const LINKTYPE_LINUX_ATM_CLIP = 106;
/** Older numbers wiretap still reads as Linux ATM CLIP (pcap-common.c: SuSE 6.3's DLT_CIP and its neighbours). */
export const LINKTYPE_LINUX_ATM_CLIP_OLD = [16, 18, 19];
export const LINKTYPE_JUNIPER_ETHER = 178;

/**
 * Wireshark's names of the link types (its wiretap encapsulation descriptions, as capinfos
 * prints them for a pcap file of that LINKTYPE), so `info` and the Protocol column say what
 * Wireshark says for every link type, decoded or not.
 */
const NAMES: Record<number, string> = {
  0: 'NULL/Loopback',
  1: 'Ethernet',
  2: 'Xerox 3MB Ethernet',
  3: 'Amateur Radio AX.25',
  6: 'Token Ring',
  7: 'ARCNET',
  8: 'SLIP',
  9: 'PPP',
  10: 'FDDI with bit-swapped MAC addresses',
  11: 'RFC 1483 ATM',
  12: 'Raw IP',
  13: 'OpenBSD enc(4) encapsulating interface',
  14: 'Raw IP',
  16: 'Linux ATM CLIP',
  18: 'Linux ATM CLIP',
  19: 'Linux ATM CLIP',
  32: 'Redback SmartEdge',
  50: 'PPP',
  51: 'PPP-over-Ethernet session',
  99: 'Symantec Enterprise Firewall',
  100: 'RFC 1483 ATM',
  101: 'Raw IP',
  104: 'Cisco HDLC',
  105: 'IEEE 802.11 Wireless LAN',
  106: 'Linux ATM CLIP',
  107: 'Frame Relay',
  108: 'OpenBSD loopback',
  109: 'OpenBSD enc(4) encapsulating interface',
  112: 'Cisco HDLC',
  113: 'Linux cooked-mode capture v1',
  114: 'Localtalk',
  117: 'OpenBSD PF Firewall logs',
  118: 'Cisco IOS internal',
  119: 'IEEE 802.11 plus Prism II monitor mode radio header',
  121: 'HiPath HDLC',
  122: 'RFC 2625 IP-over-Fibre Channel',
  123: 'ATM PDUs',
  127: 'IEEE 802.11 plus radiotap radio header',
  128: 'Tazmen sniffer protocol',
  129: 'Linux ARCNET',
  130: 'Juniper MLPPP',
  131: 'Juniper MLFR',
  133: 'Juniper GGSN',
  135: 'Juniper ATM2',
  136: 'Juniper Services',
  137: 'Juniper ATM1',
  138: 'Apple IP-over-IEEE 1394',
  139: 'MTP2 with pseudoheader',
  140: 'SS7 MTP2',
  141: 'SS7 MTP3',
  142: 'SS7 SCCP',
  143: 'Data Over Cable Service Interface Specification',
  147: 'USER 0',
  148: 'USER 1',
  149: 'USER 2',
  150: 'USER 3',
  151: 'USER 4',
  152: 'USER 5',
  153: 'USER 6',
  154: 'USER 7',
  155: 'USER 8',
  156: 'USER 9',
  157: 'USER 10',
  158: 'USER 11',
  159: 'USER 12',
  160: 'USER 13',
  161: 'USER 14',
  162: 'USER 15',
  163: 'IEEE 802.11 plus AVS radio header',
  165: 'BACnet MS/TP',
  167: 'Juniper PPPoE',
  169: 'GPRS LLC',
  170: 'ITU-T G.7041/Y.1303 Generic Framing Procedure Transparent mode',
  171: 'ITU-T G.7041/Y.1303 Generic Framing Procedure Frame-mapped mode',
  172: 'GCOM TIE1',
  173: 'GCOM Serial',
  178: 'Juniper Ethernet',
  179: 'Juniper PPP',
  180: 'Juniper Frame-Relay',
  181: 'Juniper C-HDLC',
  183: 'Juniper Voice PIC',
  184: 'Juniper VN',
  186: 'USB packets with FreeBSD header',
  187: 'Bluetooth H4',
  188: 'IEEE 802.16 MAC Common Part Sublayer',
  189: 'USB packets with Linux header',
  190: 'Controller Area Network 2.0B',
  192: 'Per-Packet Information header',
  195: 'IEEE 802.15.4 Wireless PAN',
  196: 'SITA WAN packets',
  197: 'Extensible Record Format',
  199: 'Intelligent Platform Management Bus with Kontron pseudo-header',
  200: 'Juniper Secure Tunnel Information',
  201: 'Bluetooth H4 with linux header',
  202: 'AX.25 with KISS header',
  203: 'LAPD',
  204: 'PPP with Directional Info',
  209: 'I2C with Linux-specific pseudo-header',
  210: 'FlexRay',
  211: 'Media Oriented Systems Transport',
  212: 'Local Interconnect Network',
  213: 'X2E serial line capture',
  214: 'X2E Xoraya',
  215: 'IEEE 802.15.4 Wireless PAN non-ASK PHY',
  220: 'USB packets with Linux header and padding',
  224: 'Fibre Channel FC-2',
  225: 'Fibre Channel FC-2 With Frame Delimiter',
  226: 'Solaris IPNET',
  227: 'SocketCAN',
  228: 'Raw IPv4',
  229: 'Raw IPv6',
  230: 'IEEE 802.15.4 Wireless PAN with FCS not present',
  231: 'D-Bus',
  235: 'DVB-CI (Common Interface)',
  236: 'MUX27010',
  237: 'STANAG 5066 Data Transfer Sublayer PDUs(D_PDU)',
  239: 'NFLOG',
  240: 'Hilscher netANALYZER',
  241: 'Hilscher netANALYZER-Transparent',
  242: 'IP over IB',
  243: 'ISO/IEC 13818-1 MPEG2-TS',
  245: 'NFC LLCP',
  248: 'SCTP',
  249: 'USB packets with USBPcap header',
  250: 'RTAC serial-line',
  251: 'Bluetooth Low Energy Link Layer',
  252: 'Wireshark Upper PDU export',
  253: 'Linux Netlink',
  254: 'Bluetooth Linux Monitor',
  255: 'Bluetooth BR/EDR Baseband RF',
  256: 'Bluetooth Low Energy Link Layer RF',
  258: 'Apple PKTAP',
  259: 'Ethernet Passive Optical Network',
  260: 'IPMI Trace Data Collection',
  264: 'ISO 14443 contactless smartcard standards',
  266: 'USB packets with Darwin (macOS, etc.) headers',
  268: 'SDLC',
  270: 'LoRaTap',
  271: 'Linux vsock',
  272: 'nRF Sniffer for Bluetooth LE',
  273: 'DOCSIS with Excentis XRA pseudo-header',
  274: 'IEEE 802.3br mPackets',
  275: 'DisplayPort AUX channel with Unigraf pseudo-header',
  276: 'Linux cooked-mode capture v2',
  279: 'Elektrobit High Speed Capture and Replay',
  280: 'Vector Packet Processing graph dispatch trace',
  283: 'IEEE 802.15.4 Wireless with TAP pseudo-header',
  287: 'Z-Wave Serial API packets',
  288: 'USB 2.0/1.1/1.0 packets',
  290: 'Event Tracing for Windows messages',
  292: 'ZBOSS NCP',
  293: 'Low-Speed USB 2.0/1.1/1.0 packets',
  294: 'Full-Speed USB 2.0/1.1/1.0 packets',
  295: 'High-Speed USB 2.0 packets',
  144: 'IrDA',
  177: 'LAPD with Linux pseudo-header',
};

export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `Unknown link type ${linkType}`;
}
