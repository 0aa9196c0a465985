import type { PacketFields } from '../decode/fields';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, ProtoCode } from '../decode/fields';

/** Datagrams whose first fragment was seen and whose last has not arrived yet, bounded. */
const MAX_PENDING = 4096;

interface Pending { first: number; proto: number; a: number; b: number }

/**
 * Like Wireshark with IP reassembly on, the last fragment of a datagram stands
 * for the whole datagram: it gets the protocol and ICMP type/code from the
 * first fragment, which alone carries that header.
 */
export class FragmentTracker {
  private readonly pending = new Map<string, Pending>();
  /** Last fragment → first fragment, for display and the detail tree. */
  readonly reassembledFrom = new Map<number, number>();

  /** For a last fragment: the reassembled datagram's ProtoCode and ICMP type/code, else undefined. */
  see(i: number, view: DataView, end: number, f: PacketFields, src: number, dst: number): Pending | undefined {
    const key = `${src}-${dst}-${f.ipId}-${f.ipProto}`;
    if (f.fragOffset === 0 && f.moreFragments) {
      if (f.l4Off + 4 > end) return undefined;
      const p = f.ipProto;
      // ICMP only for now: a reassembled UDP/TCP datagram would also need its payload and stream.
      const proto = p === IPPROTO_ICMP ? ProtoCode.Icmp : p === IPPROTO_ICMPV6 ? ProtoCode.Icmpv6 : -1;
      if (proto < 0) return undefined;
      const a = view.getUint8(f.l4Off);
      const b = view.getUint8(f.l4Off + 1);
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
      this.pending.set(key, { first: i, proto, a, b });
      return undefined;
    }
    if (f.moreFragments) return undefined;
    const p = this.pending.get(key);
    if (!p) return undefined;
    this.pending.delete(key);
    this.reassembledFrom.set(i, p.first);
    return p;
  }
}
