import type { Capture } from '../capture/openCapture';
import { linkTypeName } from '../decode/linkTypes';
import { deltaText, epochText, isoTime } from './timeText';

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
  let minI = -1, maxI = -1;
  for (let i = 0; i < ix.count; i++) {
    bytes += ix.origLen[i];
    if (ix.caplen[i] < ix.origLen[i]) truncated++;
    // Merged captures may be out of order: first/last are the extremes, as capinfos reports.
    if (minI < 0 || ix.sec[i] < ix.sec[minI] || (ix.sec[i] === ix.sec[minI] && ix.nsec[i] < ix.nsec[minI])) minI = i;
    if (maxI < 0 || ix.sec[i] > ix.sec[maxI] || (ix.sec[i] === ix.sec[maxI] && ix.nsec[i] > ix.nsec[maxI])) maxI = i;
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
    info.first = epochText(ix.sec[minI], ix.nsec[minI]);
    info.last = epochText(ix.sec[maxI], ix.nsec[maxI]);
    info.firstIso = isoTime(ix.sec[minI], ix.nsec[minI]);
    info.lastIso = isoTime(ix.sec[maxI], ix.nsec[maxI]);
    info.duration = deltaText(ix.sec[maxI], ix.nsec[maxI], ix.sec[minI], ix.nsec[minI]);
  }
  if (fmt?.skippedSections) info.skippedSections = fmt.skippedSections;
  if (capture.error) info.error = { ...capture.error };
  return info;
}
