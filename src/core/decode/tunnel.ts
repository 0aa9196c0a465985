import type { Layer } from './layer';

/** Ethertype of Transparent Ethernet Bridging (RFC 1701): the Ethernet layer is registered under it for tunnels to name. */
export const ETHERTYPE_TEB = 0x6558;

/** What one encapsulation says about itself in `packets --json`'s `tunnel` list (besides its type and outer endpoints). */
export type TunnelParams = Record<string, number | number[]>;

/**
 * A layer that encapsulates another packet (MPLS, GRE, VXLAN…): its decode sets `f.encapsulated`
 * once the header is there (followed or not) and calls `f.enterTunnel()` before handing on.
 * `describe` reads, after that, the values a user tells tunnels apart by (VNI, key, labels, TEID);
 * undefined when the bytes turned out not to be this protocol after all (a heuristic said no).
 */
export interface EncapsulationLayer extends Layer {
  describe(view: DataView, off: number, end: number, next: number): TunnelParams | undefined;
}

export function isEncapsulation(layer: Layer): layer is EncapsulationLayer {
  return typeof (layer as Partial<EncapsulationLayer>).describe === 'function';
}
