import type { ChunkCursor } from './chunkCursor';
import type { CaptureError, CaptureFormat, RecordSink } from './types';
import { CANCELLED, MAX_RECORD_BYTES } from './types';

// Magic numbers as read big-endian from the first four bytes.
const MAGIC_USEC = 0xa1b2c3d4;
const MAGIC_NSEC = 0xa1b23c4d;
const MAGIC_KUZNETSOV = 0xa1b2cd34; // "modified" pcap: 8 extra bytes per record header
const SWAPPED_USEC = 0xd4c3b2a1;
const SWAPPED_NSEC = 0x4d3cb2a1;
const SWAPPED_KUZNETSOV = 0x34cdb2a1;

export function isPcapMagic(magicBE: number): boolean {
  return [MAGIC_USEC, MAGIC_NSEC, MAGIC_KUZNETSOV, SWAPPED_USEC, SWAPPED_NSEC, SWAPPED_KUZNETSOV].includes(magicBE >>> 0);
}

/** Reads a classic libpcap file: a 24-byte header, then 16-byte (or 24-byte) record headers. */
export function readPcap(cursor: ChunkCursor, sink: RecordSink): { format: CaptureFormat; error?: CaptureError } {
  const format: CaptureFormat = {
    format: 'pcap',
    variant: 'microsecond',
    byteOrder: 'little-endian',
    version: '',
    comments: [],
    sections: 1,
    nameResolutionBlocks: 0,
    interfaceStatisticsBlocks: 0,
    skippedBlocks: 0,
  };
  if (!cursor.ensure(0, 24)) {
    return { format, error: { message: 'File too short for a pcap header (24 bytes)', offset: 0 } };
  }
  const magic = cursor.view.getUint32(cursor.pos(0), false);
  const little = magic === SWAPPED_USEC || magic === SWAPPED_NSEC || magic === SWAPPED_KUZNETSOV;
  const nanos = magic === MAGIC_NSEC || magic === SWAPPED_NSEC;
  const recordHeader = magic === MAGIC_KUZNETSOV || magic === SWAPPED_KUZNETSOV ? 24 : 16;
  format.byteOrder = little ? 'little-endian' : 'big-endian';
  format.variant = nanos ? 'nanosecond' : recordHeader === 24 ? 'modified (Kuznetsov)' : 'microsecond';
  const v = cursor.view;
  const h = cursor.pos(0);
  format.version = `${v.getUint16(h + 4, little)}.${v.getUint16(h + 6, little)}`;
  const snaplen = v.getUint32(h + 16, little);
  // The upper bits of the link-type field carry FCS information (pcap spec §4.1).
  const linkType = v.getUint32(h + 20, little) & 0x03ffffff;
  sink.onInterface({
    linkType,
    snaplen,
    tsResolution: nanos ? 'nanoseconds' : 'microseconds',
    tsresol: nanos ? 9 : 6,
    tsOffset: 0,
    section: 0,
  });
  const fracScale = nanos ? 1 : 1000;
  const fracLimit = nanos ? 1_000_000_000 : 1_000_000;

  let offset = 24;
  const size = cursor.source.size;
  while (offset < size) {
    if (!cursor.ensure(offset, recordHeader)) {
      return { format, error: { message: `Truncated record header: ${size - offset} of ${recordHeader} bytes`, offset } };
    }
    const p = cursor.pos(offset);
    const view = cursor.view;
    const sec = view.getUint32(p, little);
    const frac = view.getUint32(p + 4, little);
    const caplen = view.getUint32(p + 8, little);
    const origLen = view.getUint32(p + 12, little);
    if (caplen > MAX_RECORD_BYTES) {
      return {
        format,
        error: { message: `Record claims ${caplen} captured bytes, more than the ${MAX_RECORD_BYTES}-byte maximum; the file is corrupt`, offset },
      };
    }
    const dataOffset = offset + recordHeader;
    if (!cursor.ensure(dataOffset, caplen)) {
      return { format, error: { message: `Truncated record: ${caplen} bytes announced, ${Math.max(0, size - dataOffset)} present`, offset } };
    }
    // A fraction of a second or more (some writers): carry it into the seconds, mark the packet, read on.
    const carried = frac >= fracLimit;
    const seconds = carried ? sec + Math.floor(frac / fracLimit) : sec;
    if (
      !sink.onPacket(cursor, cursor.pos(dataOffset), dataOffset, caplen, Math.max(origLen, caplen), seconds, (carried ? frac % fracLimit : frac) * fracScale, 0)
    ) {
      return { format, error: { message: CANCELLED, offset: dataOffset + caplen } };
    }
    if (carried) sink.onTimestampCorrected();
    offset = dataOffset + caplen;
  }
  return { format };
}
