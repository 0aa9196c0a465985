import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { macTextAt } from './addressText';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType, layerForLinkType } from './layerTables';

/**
 * IEEE 802.2 LLC and SNAP (RFC 1042): what 802.3, FDDI, Token Ring and 802.11 frames carry.
 * SNAP with OUI 0 (or Cisco's 0x0000f8) carries an Ethertype; STP, CDP and the other SAPs and
 * SNAP protocols are named, not decoded.
 */
const SAP_SNAP = 0xaa;
const SAP_IP = 0x06;
const SAP_STP = 0x42;

const SAP_NAMES: Record<number, string> = {
  0x00: 'NULL LSAP',
  0x02: 'LLC Sub-Layer Management',
  0x04: 'SNA Path Control',
  0x05: 'SNA',
  0x06: 'TCP/IP',
  0x08: 'SNA',
  0x0c: 'SNA',
  0x0e: 'PROWAY Network Management',
  0x18: 'Texas Instruments',
  0x42: 'Spanning Tree BPDU',
  0x4e: 'EIA RS-511 MMS',
  0x7e: 'ISO 8208 (X.25)',
  0x80: 'XNS',
  0x86: 'Nestar',
  0x8e: 'PROWAY Active Station List',
  0x98: 'ARP',
  0xaa: 'SNAP',
  0xbc: 'Banyan VINES',
  0xe0: 'NetWare',
  0xf0: 'NetBIOS',
  0xf4: 'IBM Net Management',
  0xf8: 'HP Extended LLC',
  0xfa: 'Ungermann-Bass',
  0xfc: 'Remote Program Load',
  0xfe: 'ISO Network Layer',
  0xff: 'Global LSAP',
};
/** Protocol column of frames named by their SAP (Wireshark's dissector names). */
const SAP_PROTOCOLS: Record<number, string> = {
  0x42: 'STP',
  0xe0: 'IPX',
  0xf0: 'NetBIOS',
  0xfe: 'OSI',
  0xfc: 'RPL',
  0x04: 'SNA',
  0x05: 'SNA',
  0x08: 'SNA',
  0x0c: 'SNA',
};

const OUI_ENCAP_ETHER = 0x000000;
const OUI_CISCO_90 = 0x0000f8;
const OUI_CISCO = 0x00000c;
const OUI_IEEE_802_1 = 0x0080c2;
const OUI_NAMES: Record<number, string> = {
  0: 'Encapsulated Ethernet',
  0xf8: 'Cisco (90-compatible)',
  0x0c: 'Cisco',
  0x0080c2: 'IEEE 802.1',
  0x00e02b: 'Extreme Networks',
  0x000b86: 'Aruba',
  0x00a0f8: 'Symbol/Zebra',
};
const CISCO_PIDS: Record<number, string> = {
  0x2000: 'CDP',
  0x2003: 'VTP',
  0x2004: 'DTP',
  0x010b: 'STP',
  0x0111: 'UDLD',
  0x0102: 'DRIP',
  0x2005: 'PAgP',
  0x200a: 'VLAN bridge',
};
/** IEEE 802.1 SNAP PIDs (RFC 2684 bridged frames): 802.3 with and without its FCS. */
const PID_BRIDGED_FCS = 0x0001;
const PID_BRIDGED = 0x0007;

/** Control field length: U-format PDUs have one byte, I and S formats two. */
function controlLength(ctrl: number): number {
  return (ctrl & 3) === 3 ? 1 : 2;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 3) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const dsap = view.getUint8(off);
  const ssap = view.getUint8(off + 1);
  const at = off + 2 + controlLength(view.getUint8(off + 2));
  if (dsap === SAP_SNAP && ssap === SAP_SNAP) {
    if (end - at < 5) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    const oui = (view.getUint8(at) << 16) | view.getUint16(at + 1);
    const pid = view.getUint16(at + 3);
    if (oui === OUI_ENCAP_ETHER || oui === OUI_CISCO_90) {
      f.etherType = pid;
      f.next = layerForEtherType(pid);
      return at + 5;
    }
    if (oui === OUI_IEEE_802_1 && (pid === PID_BRIDGED || pid === PID_BRIDGED_FCS)) {
      // RFC 2684 bridged 802.3: two pad bytes, then the Ethernet frame (a trailing FCS is left to the IP length).
      f.next = layerForLinkType(1);
      return at + 7;
    }
    return -1;
  }
  // DSAP 0x06 carries IPv4 directly (RFC 1042's predecessor, some Token Ring stacks).
  if (dsap === SAP_IP && ssap === SAP_IP) {
    f.etherType = ETHERTYPE_IPV4;
    f.next = layerForEtherType(ETHERTYPE_IPV4);
    return at;
  }
  return -1;
}

function sapText(sap: number): string {
  return `${SAP_NAMES[sap & 0xfe] ?? 'Unknown'} (${hex(sap & 0xfe, 2)})`;
}

/** Wireshark's control field summary: "U, func=UI", "I, N(R)=3, N(S)=5", "S, func=RR, N(R)=0". */
function controlText(view: DataView, at: number, end: number): string {
  const ctrl = view.getUint8(at);
  if ((ctrl & 3) === 3) {
    const m = ctrl & 0xef;
    const U: Record<number, string> = {
      0x03: 'UI',
      0xaf: 'XID',
      0xe3: 'TEST',
      0x2f: 'SABM',
      0x6f: 'SABME',
      0x43: 'DISC',
      0x63: 'UA',
      0x0f: 'DM',
      0x87: 'FRMR',
    };
    return `U${ctrl & 0x10 ? ' P' : ''}, func=${U[m] ?? hex(m, 2)}`;
  }
  if (at + 2 > end) return ctrl & 1 ? 'S' : 'I';
  const nr = view.getUint8(at + 1) >> 1;
  if ((ctrl & 1) === 0) return `I, N(R)=${nr}, N(S)=${ctrl >> 1}`;
  const S = ['RR', 'RNR', 'REJ', 'SREJ'];
  return `S, func=${S[(ctrl >> 2) & 3]}, N(R)=${nr}`;
}

function bridgeId(view: DataView, at: number): string {
  const p = view.getUint16(at);
  return `${p & 0xf000}/${p & 0x0fff}/${macTextAt(view, at + 2)}`;
}

/** Wireshark's STP Info: "Conf. Root = 32768/0/00:…  Cost = 4  Port = 0x8001", "RST. …", "Topology Change Notification". */
function stpInfo(view: DataView, at: number, end: number): string {
  if (end - at < 4) return 'Spanning Tree Protocol';
  const type = view.getUint8(at + 3);
  if (type === 0x80) return 'Topology Change Notification';
  if (end - at < 35) return 'Spanning Tree Protocol';
  const kind = type === 0 ? 'Conf.' : type === 2 ? (view.getUint8(at + 2) >= 3 ? 'MST.' : 'RST.') : `BPDU type ${hex(type, 2)}.`;
  const tc = view.getUint8(at + 4) & 1 ? 'TC + ' : '';
  return `${tc}${kind} Root = ${bridgeId(view, at + 5)}  Cost = ${view.getUint32(at + 13)}  Port = ${hex(view.getUint16(at + 25), 4)}`;
}

function summary(view: DataView, off: number, end: number, f: PacketFields): LinkSummary {
  if (end - off < 3) return { protocol: 'LLC', info: 'Logical-Link Control (truncated)' };
  const dsap = view.getUint8(off);
  const ssap = view.getUint8(off + 1);
  const at = off + 2 + controlLength(view.getUint8(off + 2));
  const control = controlText(view, off + 2, end);
  if (dsap === SAP_SNAP && ssap === SAP_SNAP) {
    if (end - at < 5) return { protocol: 'LLC', info: `${control}; SNAP (truncated)` };
    const oui = (view.getUint8(at) << 16) | view.getUint16(at + 1);
    const pid = view.getUint16(at + 3);
    const snap = `${control}; SNAP, OUI ${hex(oui, 6)} (${OUI_NAMES[oui] ?? 'Unknown'}), PID ${hex(pid, 4)}`;
    if (oui === OUI_ENCAP_ETHER || oui === OUI_CISCO_90) return { protocol: 'LLC', info: snap, undecoded: `ethertype ${etherTypeText(f.etherType)}` };
    if (oui === OUI_CISCO && CISCO_PIDS[pid]) {
      return {
        protocol: CISCO_PIDS[pid],
        info: pid === 0x010b && end - at > 5 ? stpInfo(view, at + 5, end) : `${CISCO_PIDS[pid]} (Cisco SNAP PID ${hex(pid, 4)})`,
      };
    }
    return { protocol: 'LLC', info: snap };
  }
  if (dsap === SAP_STP) return { protocol: 'STP', info: stpInfo(view, at, end) };
  const named = SAP_PROTOCOLS[dsap & 0xfe];
  // Wireshark: "I, N(R)=24, N(S)=24; DSAP 0x30 Individual, SSAP NetBIOS Command".
  const sap = (v: number) => SAP_NAMES[v & 0xfe] ?? hex(v & 0xfe, 2);
  const info = `${control}; DSAP ${sap(dsap)} ${dsap & 1 ? 'Group' : 'Individual'}, SSAP ${sap(ssap)} ${ssap & 1 ? 'Response' : 'Command'}`;
  return { protocol: named ?? 'LLC', info };
}

function tree(c: TreeContext, off: number, end: number, next: number, f: PacketFields): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('llc', 'Logical-Link Control', off, end, (n) => {
    const dsap = r.u8(off);
    const ssap = r.u8(off + 1);
    n.add('llc.dsap', `DSAP: ${sapText(dsap)}`, off, 1, dsap);
    n.add('llc.ssap', `SSAP: ${sapText(ssap)}`, off + 1, 1, ssap);
    const clen = controlLength(r.u8(off + 2));
    r.need(off + 2, clen);
    n.add('llc.control', `Control field: ${controlText(c.view, off + 2, end)}`, off + 2, clen, r.u8(off + 2));
    let at = off + 2 + clen;
    if (dsap === SAP_SNAP && ssap === SAP_SNAP) {
      const oui = (r.u8(at) << 16) | r.u16(at + 1);
      n.add('llc.oui', `Organization Code: ${OUI_NAMES[oui] ?? 'Unknown'} (${hex(oui, 6)})`, at, 3, oui);
      const pid = r.u16(at + 3);
      const pidText =
        oui === OUI_ENCAP_ETHER || oui === OUI_CISCO_90
          ? etherTypeText(pid)
          : oui === OUI_CISCO && CISCO_PIDS[pid]
            ? `${CISCO_PIDS[pid]} (${hex(pid, 4)})`
            : hex(pid, 4);
      n.add(
        oui === OUI_ENCAP_ETHER || oui === OUI_CISCO_90 ? 'llc.type' : 'llc.pid',
        `${oui === OUI_ENCAP_ETHER ? 'Type' : 'PID'}: ${pidText}`,
        at + 3,
        2,
        pid,
      );
      at += 5;
      if (oui === OUI_IEEE_802_1 && (pid === PID_BRIDGED || pid === PID_BRIDGED_FCS)) at += 2;
    }
    if (next < 0 && at < end) {
      const s = summary(c.view, off, end, f);
      n.add(
        'llc.payload',
        `${s.protocol === 'LLC' ? 'Data' : s.protocol}: ${end - at} bytes not decoded${s.protocol === 'LLC' ? '' : ` (${s.info})`}`,
        at,
        end - at,
      );
    }
    return layer('llc', 'Logical-Link Control', off, Math.min(at, end) - off, n.nodes);
  });
  return node ? [node] : [];
}

export const llcLayer: Layer = { name: 'llc', decode, tree, summary };
