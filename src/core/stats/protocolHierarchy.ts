import { LAYERS } from '../decode/layerTables';
import type { LayerStacks } from './layerStacks';
import { APP_DNS, APP_HTTP, APP_TLS } from './layerStacks';
import type { PacketIndex } from '../index/packetIndex';

/** One protocol in the hierarchy: frames and bytes (frame.len) of the packets whose path passes it. */
export interface ProtocolNode {
  protocol: string;
  frames: number;
  bytes: number;
  children: ProtocolNode[];
}

const APP_NAMES: Record<number, string> = { [APP_DNS]: 'dns', [APP_HTTP]: 'http', [APP_TLS]: 'tls' };

/**
 * `tshark -z io,phs`: the tree of protocol paths, each node counting every frame whose path goes
 * through it (the same protocol twice in a path, as in a tunnel, is two nodes). Read from the
 * path runs of layerStatsOf: per-path sums in one pass over the frame lengths, then each path's sums
 * added to its ancestors. The roots are the link layers (tshark 4.0 leaves out "frame").
 */
export function protocolHierarchy(ix: PacketIndex, stacks: LayerStacks): ProtocolNode[] {
  const nodes = stacks.nodeCount;
  const frames = new Float64Array(nodes);
  const bytes = new Float64Array(nodes);
  for (let r = 0; r < stacks.runCount; r++) {
    const node = stacks.runNode[r];
    const end = r + 1 < stacks.runCount ? stacks.runStart[r + 1] : ix.count;
    let sum = 0;
    for (let i = stacks.runStart[r]; i < end; i++) sum += ix.frameLen(i);
    frames[node] += end - stacks.runStart[r];
    bytes[node] += sum;
  }
  // A child is always interned after its parent: adding from the last node up reaches every ancestor.
  for (let n = nodes - 1; n > 0; n--) {
    const p = stacks.parent(n);
    if (p > 0) {
      frames[p] += frames[n];
      bytes[p] += bytes[n];
    }
  }
  const made: ProtocolNode[] = [];
  const roots: ProtocolNode[] = [];
  for (let n = 1; n < nodes; n++) {
    const label = stacks.label(n);
    const node: ProtocolNode = {
      protocol: label >= APP_DNS ? APP_NAMES[label] : (LAYERS[label]?.name ?? `layer${label}`),
      frames: frames[n],
      bytes: bytes[n],
      children: [],
    };
    made.push(node);
    const p = stacks.parent(n);
    (p > 0 ? made[p - 1].children : roots).push(node);
  }
  return roots;
}
