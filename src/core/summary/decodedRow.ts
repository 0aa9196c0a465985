import type { Capture } from '../capture/openCapture';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { decodeReassembledTransport } from '../decode/reassembledTransport';
import { reassembledDatagram } from './reassembledDatagram';

/**
 * One packet re-read from the file and decoded again, for display (never on the indexing path).
 * For the packet that completed an IP datagram, `bytes` is the frame up to the fragment's payload
 * followed by the whole reassembled datagram, and `f` its transport: every offset in `f` is an
 * offset in `bytes`, as for any other packet.
 */
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
  const whole = f.fragOffset >= 0 && f.l4Off >= 0 ? reassembledDatagram(capture, i) : undefined;
  if (!whole) return { i, bytes, view, f, linkType };
  const joined = new Uint8Array(f.l4Off + whole.payload.length);
  joined.set(bytes.subarray(0, f.l4Off));
  joined.set(whole.payload, f.l4Off);
  const joinedView = new DataView(joined.buffer);
  decodeReassembledTransport(joinedView, f.l4Off, joined.length, f);
  return { i, bytes: joined, view: joinedView, f, linkType };
}
