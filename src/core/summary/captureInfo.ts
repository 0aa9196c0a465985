import type { Capture } from '../capture/openCapture';
import { linkTypeName } from '../decode/linkTypes';
import { packetDelta, packetEpoch, packetIso } from './timeText';

/** What `capinfos` would say about a capture. */
export interface CaptureInfo {
  format: string;
  compression?: string;
  encapsulation: string[];
  interfaces: Array<{ linkType: number; name?: string; snaplen: number; tsResolution: string }>;
  packets: number;
  bytes: number;
  size: number;
  first?: string;
  last?: string;
  firstIso?: string;
  lastIso?: string;
  duration?: string;
  /** Packets whose record has no timestamp (pcapng Simple Packet Blocks): left out of first/last/duration. */
  untimedPackets?: number;
  truncatedPackets: number;
  /** pcapng sections skipped because their major version is not 1 (with all their blocks). */
  skippedSections?: number;
  comments: string[];
  error?: { message: string; offset: number };
}

export function captureInfo(capture: Capture): CaptureInfo {
  const ix = capture.index;
  const fmt = ix.format;
  let bytes = 0;
  let truncated = 0;
  let minI = -1,
    maxI = -1;
  for (let i = 0; i < ix.count; i++) {
    bytes += ix.frameLen(i);
    if (ix.caplen[i] < ix.origLen[i]) truncated++;
    if (!ix.hasTime(i)) continue;
    // Merged captures may be out of order: first/last are the extremes, as capinfos reports.
    const sec = ix.seconds(i);
    if (minI < 0 || sec < ix.seconds(minI) || (sec === ix.seconds(minI) && ix.nsec[i] < ix.nsec[minI])) minI = i;
    if (maxI < 0 || sec > ix.seconds(maxI) || (sec === ix.seconds(maxI) && ix.nsec[i] > ix.nsec[maxI])) maxI = i;
  }
  const info: CaptureInfo = {
    format: fmt ? `${fmt.format}${fmt.variant ? ` (${fmt.variant})` : ''}, version ${fmt.version}, ${fmt.byteOrder}` : 'unknown',
    compression: capture.compression,
    encapsulation: [...new Set(ix.interfaces.map((f) => linkTypeName(f.linkType)))],
    interfaces: ix.interfaces.map((f) => ({ linkType: f.linkType, name: f.name, snaplen: f.snaplen, tsResolution: f.tsResolution })),
    packets: ix.count,
    bytes,
    size: capture.size,
    truncatedPackets: truncated,
    comments: fmt?.comments ?? [],
  };
  if (minI >= 0) {
    info.first = packetEpoch(ix, minI);
    info.last = packetEpoch(ix, maxI);
    info.firstIso = packetIso(ix, minI);
    info.lastIso = packetIso(ix, maxI);
    info.duration = packetDelta(ix, maxI, minI);
  }
  if (ix.untimed.size) info.untimedPackets = ix.untimed.size;
  if (fmt?.skippedSections) info.skippedSections = fmt.skippedSections;
  if (capture.error) info.error = { ...capture.error };
  return info;
}
