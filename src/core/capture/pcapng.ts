import type { ChunkCursor } from './chunkCursor';
import { TimestampUnit } from './pcapngTimestamp';
import type { CaptureError, CaptureFormat, RecordSink } from './types';
import { CANCELLED, MAX_RECORD_BYTES } from './types';

// Block types (pcapng draft, IETF opsawg-pcapng §4).
const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OBSOLETE_PB = 0x00000002;
const SPB = 0x00000003;
const NRB = 0x00000004;
const ISB = 0x00000005;
const EPB = 0x00000006;
const DSB = 0x0000000a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

export function isPcapngMagic(magicBE: number): boolean {
  return magicBE >>> 0 === SHB;
}

interface SectionInterface {
  global: number;
  unit: TimestampUnit;
  tsOffset: number;
  snaplen: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Walks pcapng blocks; every length is checked before use, unknown blocks are skipped by length. */
export function readPcapng(cursor: ChunkCursor, sink: RecordSink): { format: CaptureFormat; error?: CaptureError } {
  const format: CaptureFormat = {
    format: 'pcapng',
    variant: '',
    byteOrder: 'little-endian',
    version: '',
    comments: [],
    sections: 0,
    nameResolutionBlocks: 0,
    interfaceStatisticsBlocks: 0,
    skippedBlocks: 0,
  };
  const size = cursor.source.size;
  let little = true;
  let interfaces: SectionInterface[] = [];
  let globalInterfaces = 0;
  const ts = new Float64Array(2);
  let offset = 0;
  /** Set while inside a section whose major version this reader does not know: its blocks are skipped. */
  let skipping = false;

  const fail = (message: string, at: number) => ({ format, error: { message, offset: at } });

  while (offset < size) {
    if (!cursor.ensure(offset, 12)) return fail(`Truncated block header: ${size - offset} bytes left`, offset);
    let p = cursor.pos(offset);
    const typeRaw = cursor.view.getUint32(p, false);
    if (typeRaw === SHB) {
      // The byte-order magic decides how this whole section is read.
      const bom = cursor.view.getUint32(p + 8, false);
      if (bom === BYTE_ORDER_MAGIC) little = false;
      else if (bom === 0x4d3c2b1a) little = true;
      else return fail('Section Header Block has an invalid byte-order magic', offset);
      format.byteOrder = little ? 'little-endian' : 'big-endian';
      interfaces = [];
      format.sections++;
    } else if (format.sections === 0) {
      return fail('File does not start with a pcapng Section Header Block', offset);
    }
    const type = cursor.view.getUint32(p, little);
    let total = cursor.view.getUint32(p + 4, little);
    if (total % 4 !== 0 && total >= 12 && (type === EPB || type === OBSOLETE_PB)) {
      // Some old writers left the packet data's padding out of a packet block's length; Wireshark
      // rounds it up. Accept the block where its trailing length (the unpadded value) is found.
      const span = unpaddedPacketBlockSpan(cursor, offset, total, little);
      if (span === undefined) return fail(`Block of type 0x${type.toString(16)} has invalid length ${total}`, offset);
      total = span;
    } else if (total < 12 || total % 4 !== 0) return fail(`Block of type 0x${type.toString(16)} has invalid length ${total}`, offset);
    const declared = cursor.view.getUint32(cursor.pos(offset) + 4, little);
    if (total > MAX_RECORD_BYTES + 64) return fail(`Block of type 0x${type.toString(16)} claims ${total} bytes; the file is corrupt`, offset);
    if (!cursor.ensure(offset, total))
      return fail(`Truncated block of type 0x${type.toString(16)}: ${total} bytes announced, ${size - offset} present`, offset);
    p = cursor.pos(offset);
    const view = cursor.view;
    if (view.getUint32(p + total - 4, little) !== declared) {
      return fail(`Block of type 0x${type.toString(16)}: trailing length does not match leading length ${total}`, offset);
    }
    const bodyStart = p + 8;
    const bodyEnd = p + total - 4;

    if (skipping && type !== SHB) {
      format.skippedBlocks++;
      offset += total;
      continue;
    }
    switch (type) {
      case SHB: {
        if (total < 28) return fail('Section Header Block too short', offset);
        const major = view.getUint16(bodyStart + 4, little),
          minor = view.getUint16(bodyStart + 6, little);
        // A different major version may lay blocks out differently (pcapng §4.1): like libpcap, do not
        // read it as if it were 1.x. A first section stops the file; a later one is skipped to the next.
        if (major !== 1) {
          if (format.sections === 1) return fail(`pcapng version ${major}.${minor} is not supported (only 1.x)`, offset);
          skipping = true;
          format.skippedSections = (format.skippedSections ?? 0) + 1;
          offset += total;
          continue;
        }
        skipping = false;
        format.version = `${major}.${minor}`;
        forEachOption(view, bodyStart + 16, bodyEnd, little, (code, at, len) => {
          if (code === OPT_COMMENT) format.comments.push(text(cursor.buf, at, len));
        });
        break;
      }
      case IDB: {
        if (total < 20) return fail('Interface Description Block too short', offset);
        const linkType = view.getUint16(bodyStart, little);
        const snaplen = view.getUint32(bodyStart + 4, little);
        let tsresol = 6;
        let tsOffset = 0;
        let name: string | undefined;
        let description: string | undefined;
        forEachOption(view, bodyStart + 8, bodyEnd, little, (code, at, len) => {
          if (code === IF_TSRESOL && len >= 1) tsresol = cursor.buf[at];
          else if (code === IF_TSOFFSET && len >= 8) tsOffset = Number(view.getBigInt64(at, little));
          else if (code === IF_NAME) name = text(cursor.buf, at, len);
          else if (code === IF_DESCRIPTION) description = text(cursor.buf, at, len);
        });
        const unit = new TimestampUnit(tsresol);
        interfaces.push({ global: globalInterfaces++, unit, tsOffset, snaplen });
        sink.onInterface({
          linkType,
          snaplen,
          name,
          description,
          tsResolution: unit.describe(),
          tsresol: unit.tsresol,
          tsOffset,
          section: format.sections - 1,
        });
        break;
      }
      case EPB:
      case OBSOLETE_PB: {
        const headerLen = 20;
        if (total < 12 + headerLen) return fail('Packet block too short', offset);
        const ifId = type === EPB ? view.getUint32(bodyStart, little) : view.getUint16(bodyStart, little);
        const iface = interfaces[ifId];
        if (!iface) return fail(`Packet block refers to undeclared interface ${ifId}`, offset);
        const caplen = view.getUint32(bodyStart + 12, little);
        const origLen = view.getUint32(bodyStart + 16, little);
        const dataPos = bodyStart + headerLen;
        if (caplen > bodyEnd - dataPos) return fail(`Packet block claims ${caplen} captured bytes but holds ${bodyEnd - dataPos}`, offset);
        iface.unit.split(view.getUint32(bodyStart + 4, little), view.getUint32(bodyStart + 8, little), ts);
        if (!sink.onPacket(cursor, dataPos, cursor.base + dataPos, caplen, Math.max(origLen, caplen), ts[0] + iface.tsOffset, ts[1], iface.global)) {
          return fail(CANCELLED, offset + total);
        }
        const optStart = dataPos + ((caplen + 3) & ~3);
        forEachOption(view, optStart, bodyEnd, little, (code, at, len) => {
          if (code === OPT_COMMENT) sink.onPacketComment(text(cursor.buf, at, len));
        });
        break;
      }
      case SPB: {
        // Simple Packet Block: no timestamp, always interface 0 of the section (§4.4).
        const iface = interfaces[0];
        if (!iface) return fail('Simple Packet Block before any Interface Description Block', offset);
        const origLen = view.getUint32(bodyStart, little);
        const room = bodyEnd - bodyStart - 4;
        let caplen = Math.min(origLen, room);
        if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
        if (!sink.onPacket(cursor, bodyStart + 4, cursor.base + bodyStart + 4, caplen, Math.max(origLen, caplen), 0, 0, iface.global)) {
          return fail(CANCELLED, offset + total);
        }
        sink.onTimestampMissing();
        break;
      }
      case DSB: {
        // secrets type, secrets length, the secrets (padded), options.
        if (total < 20) return fail('Decryption Secrets Block too short', offset);
        const length = view.getUint32(bodyStart + 4, little);
        if (length > bodyEnd - bodyStart - 8)
          return fail(`Decryption Secrets Block claims ${length} bytes of secrets but holds ${bodyEnd - bodyStart - 8}`, offset);
        sink.onDecryptionSecrets?.(view.getUint32(bodyStart, little), cursor.buf.slice(bodyStart + 8, bodyStart + 8 + length));
        format.decryptionSecretsBlocks = (format.decryptionSecretsBlocks ?? 0) + 1;
        break;
      }
      case NRB:
        format.nameResolutionBlocks++;
        break;
      case ISB:
        format.interfaceStatisticsBlocks++;
        break;
      default:
        format.skippedBlocks++;
    }
    offset += total;
  }
  if (format.sections === 0) return fail('Empty pcapng file', 0);
  return { format };
}

/**
 * Where a packet block whose length is not a multiple of 4 really ends: its length rounded up (as
 * Wireshark reads it) or one word more, whichever holds the block's own length as its trailer.
 */
function unpaddedPacketBlockSpan(cursor: ChunkCursor, offset: number, total: number, little: boolean): number | undefined {
  // Arithmetic, not `& ~3`: a length near 2^32 must not wrap to a negative span (found by fuzzing).
  if (total > MAX_RECORD_BYTES + 64) return undefined;
  const rounded = total + ((4 - (total % 4)) % 4);
  for (const span of [rounded, rounded + 4]) {
    if (span > MAX_RECORD_BYTES + 64 || !cursor.ensure(offset, span)) continue;
    if (cursor.view.getUint32(cursor.pos(offset) + span - 4, little) === total) return span;
  }
  return undefined;
}

/** Calls `each` for every option; stops at opt_endofopt or at the first option that would overrun. */
function forEachOption(view: DataView, start: number, end: number, little: boolean, each: (code: number, at: number, len: number) => void): void {
  let at = start;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const len = view.getUint16(at + 2, little);
    if (code === OPT_ENDOFOPT) return;
    if (at + 4 + len > end) return;
    each(code, at + 4, len);
    at += 4 + ((len + 3) & ~3);
  }
}

function text(buf: Uint8Array, at: number, len: number): string {
  // Strings in pcapng are UTF-8 and may carry a trailing NUL.
  let n = len;
  while (n > 0 && buf[at + n - 1] === 0) n--;
  return decoder.decode(buf.subarray(at, at + n));
}
