import type { Capture } from '../capture/openCapture';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { ChecksumVerdict, verifyChecksums } from '../decode/transportChecksum';

/**
 * Which TCP and UDP packets Zeek would find a bad checksum in (AnalysisOptions.verifyChecksums):
 * ChecksumVerdict.BadIp or BadTransport per packet, 0 for the rest. The index keeps no payload, so
 * this re-reads every packet of a conversation from the file; that is why it is asked for, not done
 * on every open.
 */
export function findBadChecksums(capture: Capture): Uint8Array {
  const ix = capture.index;
  const out = new Uint8Array(ix.count);
  const f = new PacketFields();
  for (let i = 0; i < ix.count; i++) {
    // Only TCP and UDP packets belong to a stream.
    if (ix.stream[i] < 0) continue;
    const bytes = capture.packetBytes(i);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    decodePacket(ix.linkTypeOf(i), view, 0, bytes.length, ix.origLen[i], f);
    const v = verifyChecksums(view, bytes.length, f);
    if (v === ChecksumVerdict.BadIp || v === ChecksumVerdict.BadTransport) out[i] = v;
  }
  return out;
}
