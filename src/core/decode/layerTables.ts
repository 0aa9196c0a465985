import { ETHERTYPE_IP_BY_VERSION, ETHERTYPE_LLC } from './fields';
import type { Layer } from './layer';

/**
 * How a layer names the next one: lookup tables from the values protocols use to say what they
 * carry (link type, ethertype, IP protocol number, UDP port) to a layer id. layerRegistry.ts
 * fills them, one row per protocol; decoders only read them, so a layer never imports the layers
 * above it and adding a protocol is adding a file and a row.
 */

/** Layer objects by id; id 0 means "no next layer". */
export const LAYERS: Array<Layer | undefined> = [undefined];
/**
 * Each layer's `decode`, by id: the fast path calls through this array of functions, not a
 * property of differently shaped layer objects (a megamorphic load V8 cannot cache). Called
 * without `this`: a layer's decode is a plain function of its arguments.
 */
export const DECODERS: Array<Layer['decode']> = [() => -1];

const byLinkType = new Map<number, number>();
/** Link types below this are looked up in a flat array (every LINKTYPE_ value in use is). */
const FLAT_LINK_TYPES = 512;
const byLinkTypeFlat = new Uint8Array(FLAT_LINK_TYPES);
// Flat arrays indexed by the 16- or 8-bit value: the cheapest lookup on the fast path (192 KiB in all).
const byEtherType = new Uint8Array(65536);
/** The layers an 802.3 length field leads to (LLC) and Wireshark's version-dispatching "ip", kept apart: their keys are not ethertype values. */
let llcLayer = 0;
let ipByVersionLayer = 0;
const byIpProtocol = new Uint8Array(256);
const byUdpPort = new Uint8Array(65536);
let udpPortsRegistered = false;

export interface LayerRow {
  layer: Layer;
  linkTypes?: number[];
  etherTypes?: number[];
  ipProtocols?: number[];
  /** Well-known UDP destination (or source) ports of a tunnel (VXLAN 4789…). */
  udpPorts?: number[];
}

export function registerLayer(row: LayerRow): number {
  const id = LAYERS.length;
  if (id > 255) throw new Error('too many layers for the IP protocol table');
  LAYERS.push(row.layer);
  DECODERS.push(row.layer.decode);
  for (const t of row.linkTypes ?? []) {
    byLinkType.set(t, id);
    if (t >= 0 && t < FLAT_LINK_TYPES) byLinkTypeFlat[t] = id;
  }
  for (const t of row.etherTypes ?? []) {
    if (t === ETHERTYPE_LLC) llcLayer = id;
    else if (t === ETHERTYPE_IP_BY_VERSION) ipByVersionLayer = id;
    else byEtherType[t] = id;
  }
  for (const p of row.ipProtocols ?? []) byIpProtocol[p] = id;
  for (const p of row.udpPorts ?? []) {
    byUdpPort[p] = id;
    udpPortsRegistered = true;
  }
  return id;
}

export function layerForLinkType(linkType: number): number {
  if (linkType >= 0 && linkType < FLAT_LINK_TYPES) return byLinkTypeFlat[linkType];
  return byLinkType.get(linkType) ?? 0;
}

/**
 * `etherType` is a 16-bit value, ETHERTYPE_LLC for an 802.3 length field, or ETHERTYPE_IP_BY_VERSION;
 * anything else names no layer.
 */
export function layerForEtherType(etherType: number): number {
  if (etherType >= 0 && etherType <= 0xffff) return byEtherType[etherType];
  if (etherType === ETHERTYPE_LLC) return llcLayer;
  return etherType === ETHERTYPE_IP_BY_VERSION ? ipByVersionLayer : 0;
}

export function layerForIpProtocol(proto: number): number {
  return proto >= 0 && proto < 256 ? byIpProtocol[proto] : 0;
}

/** A tunnel's port, tried on the destination first (the sender picks the source port for entropy). */
export function layerForUdpPorts(sport: number, dport: number): number {
  if (!udpPortsRegistered) return 0;
  return byUdpPort[dport] || byUdpPort[sport];
}

/** Link types some layer decodes (for `info` and the capture.undecoded finding). */
export function decodedLinkTypes(): number[] {
  return [...byLinkType.keys()];
}
