import { TH_RST, TH_SYN } from '../decode/tcp';
import type { PacketIndex } from '../index/packetIndex';
import type { StreamRef } from './streamRef';
import { directionOf, isFromClient, tcpFlagsOf } from './streamRef';

/** RFC 7323 §2.3: the largest shift; receivers use 14 for anything above. */
export const MAX_WINDOW_SHIFT = 14;

/**
 * Window scaling on a conversation. The index learns it once while reading (TcpStreamTable.
 * learnWindowScale, as Wireshark does: on only when both SYNs carry the option); this verdict
 * reads that, with what each side's first SYN offered, for rules, tooltips, hovers and the diagram.
 */
export interface WindowScaling {
  question: 'window-scaling';
  /** in-effect: both SYNs carry the option; off: a SYN lacks it; unknown: a side's SYN is not in the capture. */
  state: 'in-effect' | 'off' | 'unknown';
  /** Per side, [client, server]: its first SYN (-1 none) and the shift that SYN offered (undefined: no option). */
  syn: [number, number];
  offered: [number | undefined, number | undefined];
  /** The shift applied to each side's window fields (0 when scaling is off or unknown). */
  shift: [number, number];
  /** Whether the side offered more than 14 (receivers use 14, RFC 7323 §2.3). */
  tooLarge: [boolean, boolean];
}

/** First SYN (or SYN/ACK) of each side, [client, server], -1 when that side sent none. */
export function firstSyns(ix: PacketIndex, ref: StreamRef): [number, number] {
  const out: [number, number] = [-1, -1];
  for (const i of ref.control) {
    const flags = tcpFlagsOf(ix, i);
    if (!(flags & TH_SYN) || flags & TH_RST) continue;
    const side = isFromClient(ix, ref, i) ? 0 : 1;
    if (out[side] < 0) out[side] = i;
  }
  return out;
}

export function windowScaling(ix: PacketIndex, ref: StreamRef, syn = firstSyns(ix, ref)): WindowScaling {
  const learned = [ix.tcpStreams.winScale[ref.stream * 2 + ref.clientDir], ix.tcpStreams.winScale[ref.stream * 2 + (ref.clientDir ^ 1)]];
  const offered: [number | undefined, number | undefined] = [offeredShift(ix, syn[0]), offeredShift(ix, syn[1])];
  const state = learned[0] === -2 ? 'off' : learned[0] >= 0 && learned[1] >= 0 ? 'in-effect' : 'unknown';
  return {
    question: 'window-scaling',
    state,
    syn,
    offered,
    shift: [Math.max(0, learned[0]), Math.max(0, learned[1])],
    tooLarge: [(offered[0] ?? 0) > MAX_WINDOW_SHIFT, (offered[1] ?? 0) > MAX_WINDOW_SHIFT],
  };
}

/** The shift a SYN's window scale option offers, undefined without one. */
function offeredShift(ix: PacketIndex, syn: number): number | undefined {
  const k = syn >= 0 ? ix.syns.find(syn) : -1;
  return k >= 0 && ix.syns.wscale[k] >= 0 ? ix.syns.wscale[k] : undefined;
}

/** The window one segment advertises, as its receiver reads it. */
export interface EffectiveWindow {
  /** The 16-bit field as sent. */
  raw: number;
  /** Bytes after scaling. */
  bytes: number;
  shift: number;
  /** syn: never scaled (RFC 7323 §2.2); scaled/unscaled: by the handshake; off: a SYN lacked the option; unknown: this side's SYN not seen before this segment (as tshark, which scales by what it knows then). */
  state: 'syn' | 'scaled' | 'unscaled' | 'off' | 'unknown';
}

export function effectiveWindow(ix: PacketIndex, i: number): EffectiveWindow {
  const raw = ix.win[i];
  if (tcpFlagsOf(ix, i) & TH_SYN) return { raw, bytes: raw, shift: 0, state: 'syn' };
  const s = ix.stream[i],
    d = directionOf(ix, i);
  const learned = ix.tcpStreams.windowShiftAt(s, d, i);
  const bytes = ix.tcpStreams.scaledWindow(s, d, raw, i);
  const state = learned === -2 ? 'off' : learned === -1 ? 'unknown' : learned > 0 ? 'scaled' : 'unscaled';
  return { raw, bytes, shift: Math.max(0, learned), state };
}

/** The factor a window scale option announces, as the Info column prints it (WS=128). */
export function windowScaleFactor(shift: number): number {
  return 2 ** Math.min(shift, MAX_WINDOW_SHIFT);
}
