import type { TunnelHop } from '../decode/tunnelPath';
import { tunnelHops } from '../decode/tunnelPath';
import type { FieldSource, Occurrence, ResolvedField } from './filterFields';

/** Protocol ids of the encapsulations, as Wireshark names them (presence fields). */
export const TUNNEL_PROTOCOLS = ['mpls', 'gre', 'erspan', 'vxlan', 'geneve', 'gtp', 'teredo', 'ayiya', 'ieee8021ah', 'vntag', 'cfp'] as const;

/** Numeric tunnel fields: tshark's name → the encapsulation and the TunnelHop parameter holding it. */
const TUNNEL_NUMBERS: Record<string, [string, string]> = {
  'vxlan.vni': ['vxlan', 'vni'],
  'geneve.vni': ['geneve', 'vni'],
  'gre.key': ['gre', 'key'],
  'gre.proto': ['gre', 'proto'],
  'gre.sequence_number': ['gre', 'seq'],
  'erspan.spanid': ['erspan', 'spanid'],
  'gtp.teid': ['gtp', 'teid'],
  'ieee8021ah.isid': ['ieee8021ah', 'isid'],
};

export const TUNNEL_FIELD_NAMES: readonly string[] = [...TUNNEL_PROTOCOLS, ...Object.keys(TUNNEL_NUMBERS), 'mpls.label', 'mpls.bottom'];

/**
 * A field may occur many times in one packet (every label of a stack, every GRE of a nest): the
 * filter takes a fixed list of occurrences, so the k-th one reads the packet's k-th value; as
 * deep as the layer walk goes.
 */
const MAX_OCCURRENCES = 16;

/** The last packet's encapsulations, per field source: a filter naming several tunnel fields walks each packet once. */
const lastHops = new WeakMap<FieldSource, { i: number; hops: TunnelHop[] }>();

function hopsOf(src: FieldSource, i: number): TunnelHop[] {
  const ix = src.index;
  if (!ix.isEncapsulated(i)) return [];
  const cached = lastHops.get(src);
  if (cached?.i === i) return cached.hops;
  const b = src.packetBytes(i);
  const hops = tunnelHops(ix.linkTypeOf(i), new DataView(b.buffer, b.byteOffset, b.byteLength), b.length, ix.origLen[i]);
  lastHops.set(src, { i, hops });
  return hops;
}

/** Values of one tunnel field in packet i, outermost first. */
function valuesOf(name: string, hops: TunnelHop[]): number[] {
  const out: number[] = [];
  for (const h of hops) {
    if (name === 'mpls.label' || name === 'mpls.bottom') {
      if (h.type !== 'mpls') continue;
      const labels = h.labels as number[];
      // Only the last entry of a stack has the bottom-of-stack bit.
      for (let k = 0; k < labels.length; k++) out.push(name === 'mpls.label' ? labels[k] : k === labels.length - 1 ? 1 : 0);
      continue;
    }
    const [type, param] = TUNNEL_NUMBERS[name];
    if (h.type === type && typeof h[param] === 'number') out.push(h[param] as number);
  }
  return out;
}

/** The tunnel fields (`vxlan`, `vxlan.vni`, `mpls.label`…): read from the packet's bytes, only for packets the index marks as encapsulated. */
export function resolveTunnelField(name: string, src: FieldSource): ResolvedField | undefined {
  if ((TUNNEL_PROTOCOLS as readonly string[]).includes(name)) {
    const present = (i: number) => hopsOf(src, i).some((h) => h.type === name);
    return { name, type: 'protocol', occurrences: [{ present, value: () => 1 }], slow: true };
  }
  if (!TUNNEL_NUMBERS[name] && name !== 'mpls.label' && name !== 'mpls.bottom') return undefined;
  const occurrences: Occurrence[] = [];
  for (let k = 0; k < MAX_OCCURRENCES; k++) {
    occurrences.push({
      present: (i) => valuesOf(name, hopsOf(src, i)).length > k,
      value: (i) => valuesOf(name, hopsOf(src, i))[k],
    });
  }
  return { name, type: name === 'mpls.bottom' ? 'bool' : 'number', occurrences, slow: true };
}

/**
 * The outermost IP header's address in a tunnelled packet: Wireshark's `ip.src == X` holds when any
 * occurrence matches, outer or inner. The index interned these addresses when it read the packet.
 */
export function outerAddressOccurrence(src: FieldSource, version: 4 | 6, which: 'src' | 'dst'): Occurrence {
  const ix = src.index;
  const at = (i: number) => {
    const f = src.decoded(i);
    return f.outerIpVersion === version ? (which === 'src' ? f.outerSrcOff : f.outerDstOff) : -1;
  };
  return {
    present: (i) => ix.isEncapsulated(i) && at(i) >= 0,
    value: (i) => {
      const b = src.packetBytes(i);
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      return version === 4 ? ix.addresses.internIpv4(view.getUint32(at(i))) : ix.addresses.internIpv6(view, at(i));
    },
  };
}
