import type { Capture } from '../capture/openCapture';
import { decodeRow } from './decodedRow';
import { summarize } from './packetSummary';
import { packetRelative } from './timeText';

/**
 * One packet as tshark's default one-line output prints it: No., Time (since the first packet),
 * Source → Destination, Protocol, Length, Info. `width` right-aligns the frame number so a listing
 * lines up; the CLI's `packets` command and the editor's text view of a capture share it.
 */
export function packetLine(capture: Capture, i: number, width = String(capture.index.count).length): string {
  const ix = capture.index;
  const row = decodeRow(capture, i);
  const { protocol, info } = summarize(capture, i, row);
  // Blank without a timestamp, as tshark prints a Simple Packet Block.
  const time = packetRelative(ix, i) ?? '';
  const src = ix.addresses.text(ix.src[i]);
  const dst = ix.addresses.text(ix.dst[i]);
  const truncated = ix.caplen[i] < ix.origLen[i] ? ' [Packet size limited during capture]' : '';
  return `${String(i + 1).padStart(width)} ${time.padStart(13)} ${src.padStart(15)} → ${dst.padEnd(15)} ${protocol.padEnd(6)} ${String(ix.frameLen(i)).padStart(5)} ${info}${truncated}`;
}
