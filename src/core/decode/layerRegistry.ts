import { arcnetBsdLayer, arcnetLinuxLayer } from './arcnet';
import { arpLayer } from './arp';
import { atmClipLayer } from './atmClip';
import { AYIYA_PORT, ayiyaLayer } from './ayiya';
import { ETHERTYPE_ERSPAN, ETHERTYPE_ERSPAN_III, erspanLayer } from './erspan';
import { ETHERTYPE_FABRICPATH, fabricPathLayer } from './fabricPath';
import { GENEVE_PORT, geneveLayer } from './geneve';
import { greLayer, IPPROTO_GRE } from './gre';
import { GTPU_PORT, gtpLayer } from './gtp';
import { IPPROTO_IPIP, IPPROTO_IPV6, ipInIpLayer, ipv6InIpLayer } from './ipInIp';
import { ETHERTYPE_MPLS, ETHERTYPE_MPLS_MULTICAST, mplsLayer } from './mpls';
import { ETHERTYPE_PBB, pbbLayer } from './pbb';
import { TEREDO_PORT, teredoLayer } from './teredo';
import { ETHERTYPE_TEB } from './tunnel';
import { ETHERTYPE_VNTAG, vnTagLayer } from './vnTag';
import { VXLAN_PORT, vxlanLayer } from './vxlan';
import { ciscoHdlcLayer } from './ciscoHdlc';
import { ETHERTYPE_EAPOL, eapolLayer } from './eapol';
import { erfLayer } from './erf';
import { ethernetLayer } from './ethernet';
import { fddiLayer } from './fddi';
import { frameRelayLayer } from './frameRelay';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IP_BY_VERSION,
  ETHERTYPE_IPV4,
  ETHERTYPE_LLC,
  ETHERTYPE_IPV6,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
} from './fields';
import { icmpLayer, icmpv6Layer } from './icmp';
import { ieee80211Layer } from './ieee80211';
import { ipv4Layer } from './ipv4';
import { ipByVersionLayer } from './ipByVersion';
import { ipnetLayer } from './ipnet';
import { ipoibLayer } from './ipoib';
import { juniperEtherLayer } from './juniper';
import { ipv6Layer } from './ipv6';
import { registerLayer } from './layerTables';
import * as L from './linkTypes';
import { sll2Layer, sllLayer } from './linuxCooked';
import { llcLayer } from './llc';
import { loopLayer, nullLayer, rawIpLayer, rawIpv6Layer } from './loopback';
import { nflogLayer } from './nflog';
import { pktapLayer, user2PktapLayer } from './pktap';
import { ppiLayer } from './ppi';
import { pppLayer, pppWithDirectionLayer } from './ppp';
import { ETHERTYPE_PPPOE_DISCOVERY, ETHERTYPE_PPPOE_SESSION, pppoeDiscoveryLayer, pppoeSessionLayer } from './pppoe';
import { prismAvsLayer } from './prismAvs';
import { radiotapLayer } from './radiotap';
import * as P from './pseudoHeaders';
import { i2cPseudoLayer, irdaPseudoLayer, lapdPseudoLayer, sitaPseudoLayer, sunAtmPseudoLayer } from './pseudoHeaders';
import { tcpLayer } from './tcp';
import { tokenRingLayer } from './tokenRing';
import { udpLayer } from './udp';

/**
 * Every protocol layer the engine decodes, one row each, with the values by which the layers
 * below name it. Adding a protocol (a link type, a tunnel) is adding its file and a row here.
 */
// Link layers (by link type)
export const ETHERNET_LAYER = registerLayer({ layer: ethernetLayer, linkTypes: [L.LINKTYPE_ETHERNET] });
registerLayer({ layer: sllLayer, linkTypes: [L.LINKTYPE_LINUX_SLL] });
registerLayer({ layer: sll2Layer, linkTypes: [L.LINKTYPE_LINUX_SLL2] });
registerLayer({ layer: nullLayer, linkTypes: [L.LINKTYPE_NULL] });
registerLayer({ layer: loopLayer, linkTypes: [L.LINKTYPE_LOOP] });
registerLayer({ layer: rawIpLayer, linkTypes: [L.LINKTYPE_RAW, L.LINKTYPE_RAW_BSD_12, L.LINKTYPE_RAW_BSD_14, L.LINKTYPE_IPV4] });
registerLayer({ layer: rawIpv6Layer, linkTypes: [L.LINKTYPE_IPV6] });

// Network layers (by ethertype)
registerLayer({ layer: arpLayer, etherTypes: [ETHERTYPE_ARP] });
export const IPV4_LAYER = registerLayer({ layer: ipv4Layer, etherTypes: [ETHERTYPE_IPV4] });
export const IPV6_LAYER = registerLayer({ layer: ipv6Layer, etherTypes: [ETHERTYPE_IPV6] });

// Transport layers (by IP protocol)
export const TCP_LAYER = registerLayer({ layer: tcpLayer, ipProtocols: [IPPROTO_TCP] });
export const UDP_LAYER = registerLayer({ layer: udpLayer, ipProtocols: [IPPROTO_UDP] });
registerLayer({ layer: icmpLayer, ipProtocols: [IPPROTO_ICMP] });
registerLayer({ layer: icmpv6Layer, ipProtocols: [IPPROTO_ICMPV6] });

// More link types and their encapsulations (PPP, LLC/SNAP, 802.11…)
registerLayer({ layer: llcLayer, etherTypes: [ETHERTYPE_LLC], linkTypes: [L.LINKTYPE_ATM_RFC1483, L.LINKTYPE_ATM_RFC1483_BSD] });
registerLayer({ layer: fddiLayer, linkTypes: [L.LINKTYPE_FDDI] });
registerLayer({ layer: tokenRingLayer, linkTypes: [L.LINKTYPE_IEEE802_5] });
registerLayer({ layer: pppLayer, linkTypes: [L.LINKTYPE_PPP, L.LINKTYPE_PPP_HDLC] });
registerLayer({ layer: pppWithDirectionLayer, linkTypes: [L.LINKTYPE_PPP_WITH_DIR] });
registerLayer({ layer: pppoeSessionLayer, linkTypes: [L.LINKTYPE_PPP_ETHER], etherTypes: [ETHERTYPE_PPPOE_SESSION] });
registerLayer({ layer: pppoeDiscoveryLayer, etherTypes: [ETHERTYPE_PPPOE_DISCOVERY] });
registerLayer({ layer: ciscoHdlcLayer, linkTypes: [L.LINKTYPE_C_HDLC] });
registerLayer({ layer: ieee80211Layer, linkTypes: [L.LINKTYPE_IEEE802_11] });
registerLayer({ layer: radiotapLayer, linkTypes: [L.LINKTYPE_IEEE802_11_RADIOTAP] });
registerLayer({ layer: prismAvsLayer, linkTypes: [L.LINKTYPE_IEEE802_11_PRISM, L.LINKTYPE_IEEE802_11_AVS] });
registerLayer({ layer: ppiLayer, linkTypes: [L.LINKTYPE_PPI] });
registerLayer({ layer: eapolLayer, etherTypes: [ETHERTYPE_EAPOL] });
registerLayer({ layer: nflogLayer, linkTypes: [L.LINKTYPE_NFLOG] });
registerLayer({ layer: ipoibLayer, linkTypes: [L.LINKTYPE_IPOIB] });
registerLayer({ layer: frameRelayLayer, linkTypes: [L.LINKTYPE_FRELAY] });
registerLayer({ layer: ipByVersionLayer, etherTypes: [ETHERTYPE_IP_BY_VERSION] });
registerLayer({ layer: arcnetBsdLayer, linkTypes: [L.LINKTYPE_ARCNET_BSD] });
registerLayer({ layer: arcnetLinuxLayer, linkTypes: [L.LINKTYPE_ARCNET_LINUX] });
registerLayer({ layer: ipnetLayer, linkTypes: [L.LINKTYPE_IPNET] });
registerLayer({ layer: pktapLayer, linkTypes: [L.LINKTYPE_PKTAP] });
registerLayer({ layer: user2PktapLayer, linkTypes: [L.LINKTYPE_USER2] });
registerLayer({ layer: atmClipLayer, linkTypes: [L.LINKTYPE_LINUX_ATM_CLIP, ...L.LINKTYPE_LINUX_ATM_CLIP_OLD] });
registerLayer({ layer: juniperEtherLayer, linkTypes: [L.LINKTYPE_JUNIPER_ETHER] });

// Capture pseudo-headers, which wiretap strips (frame.len excludes them): ERF hands on to Ethernet or IP
registerLayer({ layer: erfLayer, linkTypes: [P.LINKTYPE_ERF] });
registerLayer({ layer: sunAtmPseudoLayer, linkTypes: [P.LINKTYPE_SUNATM] });
registerLayer({ layer: irdaPseudoLayer, linkTypes: [P.LINKTYPE_IRDA] });
registerLayer({ layer: lapdPseudoLayer, linkTypes: [P.LINKTYPE_LINUX_LAPD] });
registerLayer({ layer: sitaPseudoLayer, linkTypes: [P.LINKTYPE_SITA] });
registerLayer({ layer: i2cPseudoLayer, linkTypes: [P.LINKTYPE_I2C_LINUX] });

// Encapsulations and tunnels (MPLS, GRE, VXLAN…)
registerLayer({ layer: ethernetLayer, etherTypes: [ETHERTYPE_TEB] });
registerLayer({ layer: mplsLayer, etherTypes: [ETHERTYPE_MPLS, ETHERTYPE_MPLS_MULTICAST] });
registerLayer({ layer: pbbLayer, etherTypes: [ETHERTYPE_PBB] });
registerLayer({ layer: vnTagLayer, etherTypes: [ETHERTYPE_VNTAG] });
registerLayer({ layer: fabricPathLayer, etherTypes: [ETHERTYPE_FABRICPATH] });
registerLayer({ layer: greLayer, ipProtocols: [IPPROTO_GRE] });
registerLayer({ layer: erspanLayer, etherTypes: [ETHERTYPE_ERSPAN, ETHERTYPE_ERSPAN_III] });
registerLayer({ layer: ipInIpLayer, ipProtocols: [IPPROTO_IPIP] });
registerLayer({ layer: ipv6InIpLayer, ipProtocols: [IPPROTO_IPV6] });
registerLayer({ layer: vxlanLayer, udpPorts: [VXLAN_PORT] });
registerLayer({ layer: geneveLayer, udpPorts: [GENEVE_PORT] });
registerLayer({ layer: gtpLayer, udpPorts: [GTPU_PORT] });
registerLayer({ layer: teredoLayer, udpPorts: [TEREDO_PORT] });
registerLayer({ layer: ayiyaLayer, udpPorts: [AYIYA_PORT] });

/** The layer a frame of this link type starts with (0: none decodes it). */
export { layerForLinkType } from './layerTables';
