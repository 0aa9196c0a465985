import type { Capture } from '../capture/openCapture';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';

/** One packet re-read from the file and decoded again, for display (never on the indexing path). */
export interface DecodedRow {
  i: number;
  bytes: Uint8Array;
  view: DataView;
  f: PacketFields;
  linkType: number;
}

export function decodeRow(capture: Capture, i: number): DecodedRow {
  const bytes = capture.packetBytes(i);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = new PacketFields();
  const linkType = capture.index.linkTypeOf(i);
  decodePacket(linkType, view, 0, bytes.length, capture.index.origLen[i], f);
  return { i, bytes, view, f, linkType };
}
