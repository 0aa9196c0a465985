import type { Capture } from '../capture/openCapture';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { DatagramAssembly } from '../index/datagramAssembly';

/** One fragment of a reassembled datagram, as Wireshark lists it: "#3(1480)". */
export interface FragmentPart {
  packet: number;
  /** Byte range of the fragmentable part it carried. */
  offset: number;
  length: number;
  /** FRAG_OVERLAP / FRAG_OVERLAP_CONFLICT / FRAG_TOO_LONG_FRAGMENT for this fragment. */
  flags: number;
}

export interface ReassembledDatagram {
  /** The fragmentable part put back together (transport header and up, IPv6: and its extension headers). */
  payload: Uint8Array;
  /** Fragments in offset order (Wireshark's order). */
  fragments: FragmentPart[];
  /** FRAG_* bits of the whole datagram. */
  flags: number;
  ipVersion: number;
}

const cache = new WeakMap<Capture, Map<number, ReassembledDatagram>>();
const CACHED = 8;

/**
 * The datagram packet i completed, rebuilt from its fragments re-read from the file, through the
 * same DatagramAssembly in the same order as when indexing (so the bytes are the ones the index
 * decoded); undefined when packet i completed none. Nothing is kept after indexing but the list
 * of fragments: the bytes are read again on demand, and the last few are cached.
 */
export function reassembledDatagram(capture: Capture, i: number): ReassembledDatagram | undefined {
  const tracker = capture.index.fragments;
  const d = tracker.datagramEndingAt(i);
  if (d < 0) return undefined;
  let byPacket = cache.get(capture);
  const hit = byPacket?.get(i);
  if (hit) return hit;
  const assembly = new DatagramAssembly();
  const parts: FragmentPart[] = [];
  const f = new PacketFields();
  let ipVersion = 0;
  for (const m of tracker.datagramMembers(d)) {
    const bytes = capture.packetBytes(m);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    decodePacket(capture.index.linkTypeOf(m), view, 0, bytes.length, capture.index.origLen[m], f);
    if (f.fragOffset < 0 || f.l4Off < 0 || f.l4Off + f.l4Len > f.l4End) return undefined; // the file changed under us
    ipVersion = f.ipVersion;
    assembly.add(f.fragOffset, bytes.subarray(f.l4Off, f.l4Off + f.l4Len), f.moreFragments);
    parts.push({ packet: m, offset: f.fragOffset, length: f.l4Len, flags: 0 });
  }
  const whole = assembly.assemble();
  if (!whole) return undefined;
  whole.fragmentFlags.forEach((flags, k) => {
    parts[k].flags = flags;
  });
  const sorted = parts
    .map((p, k) => ({ p, k }))
    .sort((a, b) => a.p.offset - b.p.offset || a.k - b.k)
    .map((x) => x.p);
  const result: ReassembledDatagram = { payload: whole.payload, fragments: sorted, flags: assembly.flags | tracker.datagramFlags(d), ipVersion };
  if (!byPacket) cache.set(capture, (byPacket = new Map()));
  if (byPacket.size >= CACHED) byPacket.delete(byPacket.keys().next().value as number);
  byPacket.set(i, result);
  return result;
}
