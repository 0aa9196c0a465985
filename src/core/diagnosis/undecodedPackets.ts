import type { Capture } from '../capture/openCapture';
import { ETHERTYPE_QINQ, ETHERTYPE_VLAN, PacketFields, ProtoCode } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { linkSummary } from '../summary/linkSummary';
import { linkTypeName } from '../decode/linkTypes';
import { etherTypeText } from '../decode/ethernet';
import type { Draft } from './context';

/** Evidence frames per reason; and how many undecoded Ethernet frames are re-read to name their ethertype. */
const EVIDENCE = 10;
const MAX_REREAD = 100_000;

/**
 * capture.undecoded: packets the engine could not decode beyond their link layer, so no flow,
 * rule or filter saw them. Said as a finding, per reason (link type or ethertype), so a capture
 * that was not looked at is never reported as healthy.
 */
export function undecodedPacketRule(capture: Capture): Draft[] {
  const ix = capture.index;
  const groups = undecodedGroups(capture);
  const total = [...groups.values()].reduce((n, g) => n + g.count, 0);
  return [...groups].map(([reason, g]) => {
    const share = g.count / Math.max(1, ix.count);
    return {
      variant: reason,
      severity: share >= 0.05 ? 'warning' : 'info',
      confidence: 'high',
      stream: -1,
      packets: g.frames,
      title: `${g.count} of ${ix.count} packets could not be decoded beyond the link layer (${reason} not supported)`,
      explanation:
        `${g.count} packet${g.count === 1 ? '' : 's'} (${(share * 100).toFixed(share < 0.01 ? 2 : 0)}% of the capture) carry ${reason}, which this version of PCAP Inspector does not decode: no conversation, rule or display filter saw what is inside them, so problems there are not reported. ` +
        `${total > g.count ? `In all, ${total} packets were not decoded. ` : ''}Wireshark or tshark can show them; the packets decoded were analysed as usual.`,
      about: { frames: g.frames.join(' ') },
      references: ['https://www.tcpdump.org/linktypes.html'],
    } satisfies Draft;
  });
}

/** IEEE 802.3 frames carry a length (≤ 1500) where Ethernet II has its type: LLC/SNAP follows. */
function etherTypeReason(t: number): string {
  return t <= 1500 ? 'IEEE 802.3 frames with LLC' : `ethertype ${etherTypeText(t)}`;
}

/** Packets not decoded beyond their link layer (unknown link type, an ethertype or protocol no layer decodes). */
export function undecodedCount(capture: Capture): number {
  let n = 0;
  for (const g of undecodedGroups(capture).values()) n += g.count;
  return n;
}

/**
 * The undecoded packets grouped by reason. Ethernet frames with an ethertype not decoded and
 * frames that stopped at another link layer (ProtoCode.Link) are decoded again to name the reason,
 * the first MAX_REREAD of them; a link layer's summary says whether what it carries was decoded
 * (an 802.11 beacon, PPP LCP, STP are; an unknown ethertype inside SNAP is not).
 */
function undecodedGroups(capture: Capture): Map<string, { count: number; frames: number[] }> {
  const ix = capture.index;
  const groups = new Map<string, { count: number; frames: number[] }>();
  let reread = 0,
    unsampled = 0;
  const add = (reason: string, i: number) => {
    let g = groups.get(reason);
    if (!g) groups.set(reason, (g = { count: 0, frames: [] }));
    g.count++;
    if (g.frames.length < EVIDENCE) g.frames.push(i + 1);
  };
  const f = new PacketFields();
  for (let i = 0; i < ix.count; i++) {
    const proto = ix.proto[i];
    if (proto === ProtoCode.Unknown) {
      const lt = ix.linkTypeOf(i);
      add(`link type ${lt} (${linkTypeName(lt)})`, i);
    } else if (proto === ProtoCode.Ethernet) {
      if (reread++ < MAX_REREAD) add(etherTypeReason(innerEtherType(capture.packetBytes(i))), i);
      else unsampled++;
    } else if (proto === ProtoCode.Link && reread++ < MAX_REREAD) {
      const bytes = capture.packetBytes(i);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const lt = ix.linkTypeOf(i);
      decodePacket(lt, view, 0, bytes.length, ix.origLen[i], f);
      const reason = linkSummary(view, f, lt, ix.origLen[i]).undecoded;
      if (reason) add(reason, i);
    }
  }
  if (unsampled) add('an ethertype not sampled', ix.count - 1);
  return groups;
}

/** The ethertype after any VLAN tags of an Ethernet frame (0 when the frame is too short to say). */
function innerEtherType(b: Uint8Array): number {
  let at = 12;
  for (;;) {
    if (at + 2 > b.length) return 0;
    const t = (b[at] << 8) | b[at + 1];
    if (t !== ETHERTYPE_VLAN && t !== ETHERTYPE_QINQ && t !== 0x9100) return t;
    at += 4;
  }
}
