import type { Layer } from './layer';

/** Ethertype of Transparent Ethernet Bridging (RFC 1701): the Ethernet layer is registered under it for tunnels to name. */
export const ETHERTYPE_TEB = 0x6558;

/** What one encapsulation says about itself in `packets --json`'s `tunnel` list (besides its type and outer endpoints). */
export type TunnelParams = Record<string, number | number[]>;

/**
 * A layer that encapsulates another packet (MPLS, GRE, VXLAN…). `describe` reads, after `decode`
 * accepted the header at `off`, the values a user tells tunnels apart by (VNI, key, labels, TEID).
 */
export interface EncapsulationLayer extends Layer {
  describe(view: DataView, off: number, end: number): TunnelParams;
}

export function isEncapsulation(layer: Layer): layer is EncapsulationLayer {
  return typeof (layer as Partial<EncapsulationLayer>).describe === 'function';
}
