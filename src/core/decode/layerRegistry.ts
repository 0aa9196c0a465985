import { arpLayer } from './arp';
import { erfLayer } from './erf';
import { ethernetLayer } from './ethernet';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './fields';
import { icmpLayer, icmpv6Layer } from './icmp';
import { ipv4Layer } from './ipv4';
import { ipv6Layer } from './ipv6';
import { registerLayer } from './layerTables';
import * as L from './linkTypes';
import { sll2Layer, sllLayer } from './linuxCooked';
import { loopLayer, nullLayer, rawIpLayer, rawIpv6Layer } from './loopback';
import * as P from './pseudoHeaders';
import { i2cPseudoLayer, irdaPseudoLayer, lapdPseudoLayer, pppdPseudoLayer, sitaPseudoLayer, sunAtmPseudoLayer } from './pseudoHeaders';
import { tcpLayer } from './tcp';
import { udpLayer } from './udp';

/**
 * Every protocol layer the engine decodes, one row each, with the values by which the layers
 * below name it. Adding a protocol (a link type, a tunnel) is adding its file and a row here.
 */
// Link layers (by link type)
registerLayer({ layer: ethernetLayer, linkTypes: [L.LINKTYPE_ETHERNET] });
registerLayer({ layer: sllLayer, linkTypes: [L.LINKTYPE_LINUX_SLL] });
registerLayer({ layer: sll2Layer, linkTypes: [L.LINKTYPE_LINUX_SLL2] });
registerLayer({ layer: nullLayer, linkTypes: [L.LINKTYPE_NULL] });
registerLayer({ layer: loopLayer, linkTypes: [L.LINKTYPE_LOOP] });
registerLayer({ layer: rawIpLayer, linkTypes: [L.LINKTYPE_RAW, L.LINKTYPE_RAW_BSD_12, L.LINKTYPE_RAW_BSD_14, L.LINKTYPE_IPV4] });
registerLayer({ layer: rawIpv6Layer, linkTypes: [L.LINKTYPE_IPV6] });

// Network layers (by ethertype)
registerLayer({ layer: arpLayer, etherTypes: [ETHERTYPE_ARP] });
registerLayer({ layer: ipv4Layer, etherTypes: [ETHERTYPE_IPV4] });
registerLayer({ layer: ipv6Layer, etherTypes: [ETHERTYPE_IPV6] });

// Transport layers (by IP protocol)
registerLayer({ layer: tcpLayer, ipProtocols: [IPPROTO_TCP] });
registerLayer({ layer: udpLayer, ipProtocols: [IPPROTO_UDP] });
registerLayer({ layer: icmpLayer, ipProtocols: [IPPROTO_ICMP] });
registerLayer({ layer: icmpv6Layer, ipProtocols: [IPPROTO_ICMPV6] });

// More link types and their encapsulations (PPP, LLC/SNAP, 802.11…)

// Capture pseudo-headers, which wiretap strips (frame.len excludes them): ERF hands on to Ethernet or IP
registerLayer({ layer: erfLayer, linkTypes: [P.LINKTYPE_ERF] });
registerLayer({ layer: sunAtmPseudoLayer, linkTypes: [P.LINKTYPE_SUNATM] });
registerLayer({ layer: irdaPseudoLayer, linkTypes: [P.LINKTYPE_IRDA] });
registerLayer({ layer: lapdPseudoLayer, linkTypes: [P.LINKTYPE_LINUX_LAPD] });
registerLayer({ layer: sitaPseudoLayer, linkTypes: [P.LINKTYPE_SITA] });
registerLayer({ layer: pppdPseudoLayer, linkTypes: [P.LINKTYPE_PPP_PPPD] });
registerLayer({ layer: i2cPseudoLayer, linkTypes: [P.LINKTYPE_I2C_LINUX] });

// Encapsulations and tunnels (MPLS, GRE, VXLAN…)

/** The layer a frame of this link type starts with (0: none decodes it). */
export { layerForLinkType } from './layerTables';
