import type { Layer } from './layer';

/**
 * How a layer names the next one: lookup tables from the values protocols use to say what they
 * carry (link type, ethertype, IP protocol number, UDP port) to a layer id. layerRegistry.ts
 * fills them, one row per protocol; decoders only read them, so a layer never imports the layers
 * above it and adding a protocol is adding a file and a row.
 */

/** Layer objects by id; id 0 means "no next layer". */
export const LAYERS: Array<Layer | undefined> = [undefined];

const byLinkType = new Map<number, number>();
const byEtherType = new Map<number, number>();
/** IP protocol numbers are one byte: a flat array is the cheapest lookup on the fast path. */
const byIpProtocol = new Uint8Array(256);
const byUdpPort = new Map<number, number>();

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
  for (const t of row.linkTypes ?? []) byLinkType.set(t, id);
  for (const t of row.etherTypes ?? []) byEtherType.set(t, id);
  for (const p of row.ipProtocols ?? []) byIpProtocol[p] = id;
  for (const p of row.udpPorts ?? []) byUdpPort.set(p, id);
  return id;
}

export function layerForLinkType(linkType: number): number {
  return byLinkType.get(linkType) ?? 0;
}

export function layerForEtherType(etherType: number): number {
  return byEtherType.get(etherType) ?? 0;
}

export function layerForIpProtocol(proto: number): number {
  return proto >= 0 && proto < 256 ? byIpProtocol[proto] : 0;
}

/** A tunnel's port, tried on the destination first (the sender picks the source port for entropy). */
export function layerForUdpPorts(sport: number, dport: number): number {
  if (byUdpPort.size === 0) return 0;
  return byUdpPort.get(dport) ?? byUdpPort.get(sport) ?? 0;
}

/** Link types some layer decodes (for `info` and the capture.undecoded finding). */
export function decodedLinkTypes(): number[] {
  return [...byLinkType.keys()];
}
