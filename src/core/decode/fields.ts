/**
 * Scratch record the fast-path decoders fill for one packet. One instance is
 * reused for every packet (gopacket's DecodingLayerParser idea): no per-packet
 * allocation, and the index copies what it keeps into typed-array columns.
 */
export class PacketFields {
  /** Protocol shown in the Protocol column (ProtoCode). */
  proto = 0;
  /** Ethertype (or equivalent) of the network layer; 0 when unknown. */
  etherType = 0;
  /** Offsets of the link-layer source/destination MACs, -1 when absent. */
  macSrc = -1;
  macDst = -1;
  vlan = -1;

  /** 4 or 6 for IP, 0 otherwise. */
  ipVersion = 0;
  srcOff = -1;
  dstOff = -1;
  ipProto = -1;
  ttl = 0;
  ipId = 0;
  /** Fragment offset in bytes; -1 when not a fragment. */
  fragOffset = -1;
  moreFragments = false;
  /** IPv4 "don't fragment"; always true for IPv6, which routers never fragment. */
  dontFragment = false;
  /** Offset of the transport header and of the end of the IP payload that was captured. */
  l4Off = -1;
  l4End = -1;
  /** Transport length as declared by the IP header (reported, not captured). */
  l4Len = 0;

  sport = 0;
  dport = 0;
  tcpFlags = 0;
  seq = 0;
  ack = 0;
  win = 0;
  payloadOff = -1;
  payloadLen = 0;
  /** OPT_* bits of TCP options present. */
  optMask = 0;
  mss = 0;
  wscale = 0;
  tsval = 0;
  tsecr = 0;
  /** NOP options and other (non-NOP, non-EOL) options seen: a SYN of only NOPs was stripped by a middlebox. */
  nopCount = 0;
  optionCount = 0;
  /** The longest run of consecutive NOPs: three or more where no stack pads so is an option overwritten with NOPs. */
  nopRun = 0;

  icmpType = -1;
  icmpCode = -1;
  /** ARP opcode, or -1. */
  arpOp = -1;
  /** Problems found while decoding (MALFORMED_* bits). */
  malformed = 0;
  /** True once a transport header's ports were read (even when the rest of it was cut off or bogus). */
  hasPorts = false;
  /** True when the transport's fixed header (TCP's 20 bytes) was captured, whatever its length field says. */
  fixedHeader = false;

  // Layer walk state (see layer.ts): the next layer's id, the end of the bytes it may use, the
  // frame's would-be end (origEnd: TSO captures size IPv4 by it), and how many encapsulations
  // were left behind to reach the innermost network layer.
  next = 0;
  layerEnd = 0;
  origEnd = 0;
  /** Offset of the (innermost) network layer: ARP/IP header. */
  netOff = -1;
  tunnelDepth = 0;
  /** An encapsulation's header (MPLS, GRE, VXLAN…) was decoded, followed or not: the index marks the packet. */
  encapsulated = false;
  /** A tunnel layer was passed and no inner IP header has replaced the outer fields yet. */
  innerPending = false;
  /** The outermost IP header's version and address offsets, once a tunnel was entered (ip.src matches any occurrence). */
  outerIpVersion = 0;
  outerSrcOff = -1;
  outerDstOff = -1;
  /** The last layer the walk ran: its id, offset and end (a ProtoCode.Link frame's summary comes from it). */
  lastLayer = 0;
  lastOff = -1;
  lastEnd = 0;
  /** What a radio header (radiotap, PPI) said about the 802.11 frame after it: RADIO_* bits. */
  radioFlags = 0;

  reset(): void {
    this.proto = 0;
    this.etherType = 0;
    this.macSrc = -1;
    this.macDst = -1;
    this.vlan = -1;
    this.ipVersion = 0;
    this.srcOff = -1;
    this.dstOff = -1;
    this.ipProto = -1;
    this.ttl = 0;
    this.ipId = 0;
    this.fragOffset = -1;
    this.moreFragments = false;
    this.dontFragment = false;
    this.l4Off = -1;
    this.l4End = -1;
    this.l4Len = 0;
    this.sport = 0;
    this.dport = 0;
    this.tcpFlags = 0;
    this.seq = 0;
    this.ack = 0;
    this.win = 0;
    this.payloadOff = -1;
    this.payloadLen = 0;
    this.optMask = 0;
    this.mss = 0;
    this.wscale = 0;
    this.tsval = 0;
    this.tsecr = 0;
    this.nopCount = 0;
    this.optionCount = 0;
    this.nopRun = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.arpOp = -1;
    this.malformed = 0;
    this.hasPorts = false;
    this.fixedHeader = false;
    this.next = 0;
    this.layerEnd = 0;
    this.origEnd = 0;
    this.netOff = -1;
    this.tunnelDepth = 0;
    this.encapsulated = false;
    this.innerPending = false;
    this.outerIpVersion = 0;
    this.outerSrcOff = -1;
    this.outerDstOff = -1;
    this.lastLayer = 0;
    this.lastOff = -1;
    this.lastEnd = 0;
    this.radioFlags = 0;
  }

  /**
   * A tunnel hands its payload on. The packet's addresses, protocol, ports and stream become the
   * innermost ones (tshark's tcp.stream, Zeek's conn.log) once an inner IP header is decoded
   * (innerNetwork); until then the outer ones stand, as tshark's fields do for ARP or LLDP inside
   * VXLAN. The outer layers stay in the detail tree.
   */
  enterTunnel(): void {
    this.tunnelDepth++;
    this.encapsulated = true;
    this.innerPending = true;
  }

  /**
   * Called by the IP layers once their header's addresses were captured: after a tunnel, what the
   * outer network and transport layers found is forgotten (the outermost addresses are kept aside).
   */
  innerNetwork(): void {
    if (!this.innerPending) return;
    this.innerPending = false;
    if (this.outerIpVersion === 0 && this.ipVersion !== 0) {
      this.outerIpVersion = this.ipVersion;
      this.outerSrcOff = this.srcOff;
      this.outerDstOff = this.dstOff;
    }
    this.ipVersion = 0;
    this.srcOff = -1;
    this.dstOff = -1;
    this.ipProto = -1;
    this.ttl = 0;
    this.ipId = 0;
    this.fragOffset = -1;
    this.moreFragments = false;
    this.dontFragment = false;
    this.l4Off = -1;
    this.l4End = -1;
    this.l4Len = 0;
    this.sport = 0;
    this.dport = 0;
    this.tcpFlags = 0;
    this.seq = 0;
    this.ack = 0;
    this.win = 0;
    this.payloadOff = -1;
    this.payloadLen = 0;
    this.optMask = 0;
    this.mss = 0;
    this.wscale = 0;
    this.tsval = 0;
    this.tsecr = 0;
    this.nopCount = 0;
    this.optionCount = 0;
    this.nopRun = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.arpOp = -1;
    this.hasPorts = false;
    this.fixedHeader = false;
  }
}

/** Values of the Protocol column kept in the index (one byte per packet). */
export const enum ProtoCode {
  Unknown = 0,
  Ethernet = 1,
  Arp = 2,
  IPv4 = 3,
  IPv6 = 4,
  Icmp = 5,
  Icmpv6 = 6,
  Tcp = 7,
  Udp = 8,
  Dns = 9,
  Http = 10,
  Tls = 11,
  Igmp = 12,
  OtherIp = 13,
  /** Decoded at a link layer that carries no IP here (802.11 management, PPP LCP, STP…): the last layer's summary names it. */
  Link = 14,
}

// TCP option presence bits (index column `optMask`).
export const OPT_MSS = 1;
export const OPT_WSCALE = 2;
export const OPT_SACK_PERM = 4;
export const OPT_TIMESTAMP = 8;
export const OPT_SACK = 16;
export const OPT_TFO = 32;
export const OPT_MPTCP = 64;
export const OPT_MALFORMED = 128;

// Decode problems (PacketFields.malformed); the detail tree explains each.
export const MALFORMED_TRUNCATED = 1;
export const MALFORMED_BAD_LENGTH = 2;
export const MALFORMED_TCP_OPTION = 4;

// PacketFields.radioFlags: the frame ends in a 4-byte FCS (layerEnd already excludes it); the
// 802.11 header is padded to a multiple of 4 bytes (radiotap's Data Pad flag).
export const RADIO_FCS = 1;
export const RADIO_DATA_PAD = 2;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
/** Key under which the LLC layer registers: an 802.3 length field (≤ 1500) instead of an Ethertype. */
export const ETHERTYPE_LLC = -1;
/** Key of Wireshark's "ip" handle: a payload a link layer names only as IP (ARCNET, CLIP, Juniper); the version nibble decides. */
export const ETHERTYPE_IP_BY_VERSION = -3;

export const IPPROTO_ICMP = 1;
export const IPPROTO_IGMP = 2;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMPV6 = 58;
