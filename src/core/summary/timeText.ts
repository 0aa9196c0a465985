import type { PacketIndex } from '../index/packetIndex';

/** Epoch seconds with exactly nine fractional digits, as tshark's frame.time_epoch. */
export function epochText(sec: number, nsec: number): string {
  return signedText(sec, nsec);
}

/** Difference a − b in seconds with nine fractional digits, computed in integers (no float drift). */
export function deltaText(aSec: number, aNsec: number, bSec: number, bNsec: number): string {
  return signedText(aSec - bSec, aNsec - bNsec);
}

/** s + n/10^9 as text, whole seconds and nanoseconds kept apart so no digit is lost past 2^53 ns. */
function signedText(s: number, n: number): string {
  if (n < 0) {
    n += 1e9;
    s -= 1;
  }
  if (s >= 0) return `${s}.${String(n).padStart(9, '0')}`;
  // Negative values: times before 1970 (if_tsoffset) and deltas in captures merged out of order.
  return n === 0 ? `-${-s}.000000000` : `-${-s - 1}.${String(1e9 - n).padStart(9, '0')}`;
}

/** JavaScript dates end at ±8.64e15 ms; a 64-bit pcapng timestamp can lie beyond. */
const MAX_DATE_SECONDS = 8.64e12;

export function isoTime(sec: number, nsec: number): string {
  if (Math.abs(sec) > MAX_DATE_SECONDS) return `${epochText(sec, nsec)} s since 1970 (beyond the calendar)`;
  return `${new Date(sec * 1000).toISOString().slice(0, -5)}.${String(nsec).padStart(9, '0')}Z`;
}

/*
 * Packet times, read through PacketIndex.seconds (the full 64-bit range) and undefined for a
 * packet whose record has no timestamp (pcapng Simple Packet Block): tshark then shows no time.
 */

export function packetEpoch(ix: PacketIndex, i: number): string | undefined {
  return ix.hasTime(i) ? epochText(ix.seconds(i), ix.nsec[i]) : undefined;
}

export function packetIso(ix: PacketIndex, i: number): string | undefined {
  return ix.hasTime(i) ? isoTime(ix.seconds(i), ix.nsec[i]) : undefined;
}

/** Time of packet a minus packet b; undefined when either has no timestamp. */
export function packetDelta(ix: PacketIndex, a: number, b: number): string | undefined {
  if (!ix.hasTime(a) || !ix.hasTime(b)) return undefined;
  return deltaText(ix.seconds(a), ix.nsec[a], ix.seconds(b), ix.nsec[b]);
}

/**
 * Seconds since the first packet that has a timestamp (frame.time_relative). tshark 4.0 counts
 * from the first packet even when that one has no timestamp, i.e. from 1970; we do not.
 */
export function packetRelative(ix: PacketIndex, i: number): string | undefined {
  return ix.firstTimed < 0 ? undefined : packetDelta(ix, i, ix.firstTimed);
}
