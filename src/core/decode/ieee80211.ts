import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { macTextAt } from './addressText';
import type { PacketFields } from './fields';
import { ETHERTYPE_LLC, MALFORMED_TRUNCATED, ProtoCode, RADIO_DATA_PAD, RADIO_FCS } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType } from './layerTables';

/**
 * IEEE 802.11 MAC frames (LINKTYPE_IEEE802_11 105; radiotap, AVS, Prism and PPI hand on to it).
 * Data frames (QoS, 4-address WDS/mesh, with the 802.11s Mesh Control header) go on through
 * LLC/SNAP to IP; protected frames stop ("Protected (encrypted)"); management and control frames
 * are named in Info as Wireshark does ("Beacon frame, SN=…, FN=…, Flags=…, BI=…, SSID=…").
 */
const TYPE_MGMT = 0,
  TYPE_CTRL = 1,
  TYPE_DATA = 2;
const FLAG_TO_DS = 0x01,
  FLAG_FROM_DS = 0x02,
  FLAG_PROTECTED = 0x40,
  FLAG_ORDER = 0x80;
const MGMT_BEACON = 8,
  MGMT_PROBE_RESP = 5,
  MGMT_PROBE_REQ = 4;

const MGMT_NAMES = [
  'Association Request',
  'Association Response',
  'Reassociation Request',
  'Reassociation Response',
  'Probe Request',
  'Probe Response',
  'Timing Advertisement',
  'Reserved',
  'Beacon frame',
  'ATIM',
  'Disassociate',
  'Authentication',
  'Deauthentication',
  'Action',
  'Action No Ack',
  'Reserved',
];
const CTRL_NAMES = [
  'Reserved',
  'Reserved',
  'Trigger',
  'TACK',
  'Beamforming Report Poll',
  'VHT/HE NDP Announcement',
  'Control Frame Extension',
  'Control Wrapper',
  '802.11 Block Ack Req',
  '802.11 Block Ack',
  'Power-Save poll',
  'Request-to-send',
  'Clear-to-send',
  'Acknowledgement',
  'CF-End',
  'CF-End + CF-Ack',
];
const DATA_NAMES = [
  'Data',
  'Data + CF-Ack',
  'Data + CF-Poll',
  'Data + CF-Ack + CF-Poll',
  'Null function (No data)',
  'CF-Ack (No data)',
  'CF-Poll (No data)',
  'CF-Ack/Poll (No data)',
  'QoS Data',
  'QoS Data + CF-Ack',
  'QoS Data + CF-Poll',
  'QoS Data + CF-Ack + CF-Poll',
  'QoS Null function (No data)',
  'Reserved',
  'QoS CF-Poll (No data)',
  'QoS CF-Ack + CF-Poll (No data)',
];

/** Control frames carry RA only (CTS, ACK) or RA and TA. */
function ctrlHeaderLength(subtype: number): number {
  return subtype === 12 || subtype === 13 ? 10 : 16;
}

/**
 * Where a data frame's body starts: 24 bytes, +6 for the fourth address (ToDS and FromDS),
 * +2 for QoS control, +4 for HT control (QoS data with the Order bit).
 */
function dataHeaderLength(subtype: number, flags: number): number {
  let len = 24;
  if ((flags & (FLAG_TO_DS | FLAG_FROM_DS)) === (FLAG_TO_DS | FLAG_FROM_DS)) len += 6;
  if (subtype & 8) {
    len += 2;
    if (flags & FLAG_ORDER) len += 4;
  }
  return len;
}

/**
 * 802.11s Mesh Control (present when the QoS control's bit 8 says so, in a mesh BSS): flags,
 * TTL, sequence, and 0, 1 or 2 extra addresses by its Address Extension mode.
 */
function meshControlLength(view: DataView, at: number, end: number): number {
  if (at >= end) return -1;
  const ae = view.getUint8(at) & 3;
  return 6 + (ae === 1 ? 6 : ae === 2 ? 12 : 0);
}

/**
 * True when a Mesh Control field follows a QoS data frame's MAC header: its QoS control says so,
 * or (pre-standard 802.11s meshes, as Wireshark detects them) the body is not LLC/SNAP but is
 * after a plausible Mesh Control (only address-extension flags, a non-zero TTL).
 */
function hasMeshControl(view: DataView, off: number, subtype: number, flags: number, body: number, end: number): boolean {
  if (!(subtype & 8)) return false;
  const qosAt = off + ((flags & (FLAG_TO_DS | FLAG_FROM_DS)) === (FLAG_TO_DS | FLAG_FROM_DS) ? 30 : 24);
  if (view.getUint8(qosAt + 1) & 0x01) return true;
  if (isSnap(view, body, end) || body + 2 > end) return false;
  const mflags = view.getUint8(body);
  if (mflags & ~3 || view.getUint8(body + 1) === 0) return false;
  return isSnap(view, body + meshControlLength(view, body, end), end);
}

function isSnap(view: DataView, at: number, end: number): boolean {
  return at + 3 <= end && view.getUint8(at) === 0xaa && view.getUint8(at + 1) === 0xaa && view.getUint8(at + 2) === 0x03;
}

/** Source and destination by the DS bits (IEEE 802.11-2020 Table 9-30): what Wireshark calls wlan.sa / wlan.da. */
function saOffset(off: number, flags: number): number {
  const ds = flags & (FLAG_TO_DS | FLAG_FROM_DS);
  return ds === 0 || ds === FLAG_TO_DS ? off + 10 : ds === FLAG_FROM_DS ? off + 16 : off + 24;
}

function daOffset(off: number, flags: number): number {
  const ds = flags & (FLAG_TO_DS | FLAG_FROM_DS);
  return ds === 0 || ds === FLAG_FROM_DS ? off + 4 : off + 16;
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 10) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const fc0 = view.getUint8(off);
  const flags = view.getUint8(off + 1);
  if ((fc0 & 3) !== 0) return -1;
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  f.macDst = off + 4;
  if (type === TYPE_CTRL) {
    if (ctrlHeaderLength(subtype) === 16 && end - off >= 16) f.macSrc = off + 10;
    return -1;
  }
  if (end - off < 24) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (type !== TYPE_DATA) {
    f.macSrc = off + 10;
    return -1;
  }
  const hdr = dataHeaderLength(subtype, flags);
  if (end - off < hdr) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.macSrc = saOffset(off, flags);
  f.macDst = daOffset(off, flags);
  // Null functions carry nothing; a protected body cannot be read without the keys.
  if (subtype & 4 || flags & FLAG_PROTECTED) return -1;
  // Radiotap's Data Pad: the body starts at the next multiple of 4 bytes.
  let at = off + bodyAt(hdr, f);
  if (at > end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (hasMeshControl(view, off, subtype, flags, at, end)) {
    const mesh = meshControlLength(view, at, end);
    if (mesh < 0 || at + mesh > end) {
      f.malformed |= MALFORMED_TRUNCATED;
      return -1;
    }
    at += mesh;
  }
  f.next = layerForEtherType(ETHERTYPE_LLC);
  return at;
}

/** Where the body starts after a header of `hdr` bytes: radiotap's Data Pad rounds it up to 4 bytes. */
function bodyAt(hdr: number, f: PacketFields): number {
  return f.radioFlags & RADIO_DATA_PAD ? (hdr + 3) & ~3 : hdr;
}

/** Wireshark's flags string: o p m P R M F T (Order … ToDS, high bit first), then C when the frame has an FCS. */
function flagsText(flags: number, fcs: boolean): string {
  const chars = 'opmPRMFT';
  let s = '';
  for (let k = 0; k < 8; k++) s += flags & (0x80 >> k) ? chars[k] : '.';
  return fcs ? `${s}C` : s;
}

/** The SSID element (id 0) of a beacon/probe body, as Wireshark prints it. */
function ssidText(view: DataView, at: number, end: number): string | undefined {
  if (at + 2 > end || view.getUint8(at) !== 0) return undefined;
  const len = view.getUint8(at + 1);
  if (len === 0) return 'Wildcard (Broadcast)';
  if (at + 2 + len > end) return undefined;
  let s = '';
  for (let k = 0; k < len; k++) {
    const c = view.getUint8(at + 2 + k);
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`;
  }
  return `"${s}"`;
}

function frameName(type: number, subtype: number): string {
  return type === TYPE_MGMT ? MGMT_NAMES[subtype] : type === TYPE_CTRL ? CTRL_NAMES[subtype] : type === TYPE_DATA ? DATA_NAMES[subtype] : 'Extension';
}

function summary(view: DataView, off: number, end: number, f: PacketFields): LinkSummary {
  if (end - off < 2) return { protocol: '802.11', info: 'IEEE 802.11 (truncated)' };
  const fc0 = view.getUint8(off);
  const flags = view.getUint8(off + 1);
  if (fc0 & 3) return { protocol: '802.11', info: `Unknown protocol version: ${fc0 & 3}` };
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  const name = frameName(type, subtype);
  const fl = `Flags=${flagsText(flags, (f.radioFlags & RADIO_FCS) !== 0)}`;
  if (type === TYPE_CTRL || end - off < 24) return { protocol: '802.11', info: `${name}, ${fl}` };
  const sc = view.getUint16(off + 22, true);
  let info = `${name}, SN=${sc >> 4}, FN=${sc & 15}, ${fl}`;
  if (type === TYPE_MGMT && (subtype === MGMT_BEACON || subtype === MGMT_PROBE_RESP) && end - off >= 36) {
    info += `, BI=${view.getUint16(off + 32, true)}`;
    const ssid = ssidText(view, off + 36, end);
    if (ssid) info += `, SSID=${ssid}`;
  } else if (type === TYPE_MGMT && subtype === MGMT_PROBE_REQ) {
    const ssid = ssidText(view, off + 24, end);
    if (ssid) info += `, SSID=${ssid}`;
  }
  return { protocol: '802.11', info };
}

function tree(c: TreeContext, off: number, end: number, next: number, f: PacketFields): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('wlan', 'IEEE 802.11', off, end, (n) => {
    const fc0 = r.u8(off);
    const flags = r.u8(off + 1);
    const type = (fc0 >> 2) & 3;
    const subtype = fc0 >> 4;
    const name = frameName(type, subtype);
    n.add('wlan.fc.type_subtype', `Type/Subtype: ${name} (${hex((type << 4) | subtype, 4)})`, off, 1, (type << 4) | subtype);
    n.add(
      'wlan.fc.flags',
      `Flags: ${hex(flags, 2)} (${flagsText(flags, (f.radioFlags & RADIO_FCS) !== 0)}), DS status: ToDS=${flags & FLAG_TO_DS ? 1 : 0} FromDS=${flags & FLAG_FROM_DS ? 1 : 0}${flags & FLAG_PROTECTED ? ', Protected' : ''}`,
      off + 1,
      1,
      flags,
    );
    if (fc0 & 3) {
      n.problem('wlan.fc.version', `[Unknown protocol version: ${fc0 & 3}]`, off, 1, 'warning');
      return layer('wlan', `IEEE 802.11 (protocol version ${fc0 & 3})`, off, 2, n.nodes);
    }
    n.add('wlan.duration', `Duration/ID: ${r.u16(off + 2) & 0x7fff}`, off + 2, 2, r.u16(off + 2));
    const mac = (field: string, label: string, at: number) => {
      r.need(at, 6);
      const m = macTextAt(c.view, at);
      n.add(field, `${label}: ${m}`, at, 6, m);
    };
    mac('wlan.ra', 'Receiver address', off + 4);
    if (type === TYPE_CTRL) {
      if (ctrlHeaderLength(subtype) === 16) mac('wlan.ta', 'Transmitter address', off + 10);
      return layer('wlan', `IEEE 802.11 ${name}, Flags: ${flagsText(flags, (f.radioFlags & RADIO_FCS) !== 0)}`, off, ctrlHeaderLength(subtype), n.nodes);
    }
    mac('wlan.ta', 'Transmitter address', off + 10);
    if (type === TYPE_DATA) {
      mac('wlan.da', 'Destination address', daOffset(off, flags));
      mac('wlan.sa', 'Source address', saOffset(off, flags));
    } else mac('wlan.bssid', 'BSS Id', off + 16);
    const sc = r.u16(off + 22);
    const scLe = ((sc & 0xff) << 8) | (sc >> 8);
    n.add('wlan.seq', `Sequence number: ${scLe >> 4}`, off + 22, 2, scLe >> 4);
    n.add('wlan.frag', `Fragment number: ${scLe & 15}`, off + 22, 2, scLe & 15);
    let hdr = 24;
    if (type === TYPE_DATA) {
      hdr = dataHeaderLength(subtype, flags);
      r.need(off, hdr);
      if ((flags & 3) === 3) mac('wlan.addr4', 'Address 4', off + 24);
      if (subtype & 8) {
        const qAt = off + ((flags & 3) === 3 ? 30 : 24);
        const q = r.u8(qAt) | (r.u8(qAt + 1) << 8);
        n.add('wlan.qos', `QoS Control: ${hex(q, 4)} (TID ${q & 15}${q & 0x100 ? ', Mesh Control present' : ''})`, qAt, 2, q);
        if (flags & FLAG_ORDER) n.add('wlan.htc', 'HT Control', qAt + 2, 4);
      }
    }
    const out = layer('wlan', `IEEE 802.11 ${name}, Flags: ${flagsText(flags, (f.radioFlags & RADIO_FCS) !== 0)}`, off, hdr, n.nodes);
    if (type === TYPE_DATA && flags & FLAG_PROTECTED && !(subtype & 4)) {
      n.add('wlan.protected', `Protected (encrypted): ${Math.max(0, end - off - hdr)} bytes of data, not decrypted`, off + hdr, Math.max(0, end - off - hdr));
    } else if (type === TYPE_DATA && next >= 0 && hasMeshControl(c.view, off, subtype, flags, off + bodyAt(hdr, f), end)) {
      const at = off + bodyAt(hdr, f);
      const mflags = r.u8(at);
      const meshLen = meshControlLength(c.view, at, end);
      r.need(at, meshLen);
      n.add(
        'wlan.mesh.control',
        `Mesh Control: flags ${hex(mflags, 2)}, TTL ${r.u8(at + 1)}, sequence ${r.u8(at + 2) | (r.u8(at + 3) << 8) | (r.u8(at + 4) << 16) | (r.u8(at + 5) << 24)}`,
        at,
        meshLen,
        mflags,
      );
    } else if (type === TYPE_MGMT && end > off + 24) {
      n.add('wlan.mgt', `${name}: ${end - off - 24} bytes of fixed parameters and tagged elements`, off + 24, end - off - 24);
    }
    return out;
  });
  return node ? [node] : [];
}

export const ieee80211Layer: Layer = { name: 'wlan', decode, tree, summary };
