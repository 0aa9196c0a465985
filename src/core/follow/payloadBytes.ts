import type { Capture } from '../capture/openCapture';
import { decodeRow } from '../summary/decodedRow';

/**
 * The transport payload of packet i as captured: its bytes (a view, not a copy) and the length the
 * header declares (`declared`, larger than `bytes` when the snap length cut the frame). A packet
 * that completed an IP datagram yields the reassembled datagram's payload (decodeRow joins it).
 */
export interface PayloadBytes {
  bytes: Uint8Array;
  declared: number;
}

export function payloadBytes(capture: Capture, i: number): PayloadBytes {
  const row = decodeRow(capture, i);
  const { payloadOff, payloadLen } = row.f;
  if (payloadOff < 0 || payloadOff > row.bytes.length) return { bytes: new Uint8Array(0), declared: Math.max(0, payloadLen) };
  const end = Math.min(row.bytes.length, payloadOff + Math.max(0, payloadLen));
  return { bytes: row.bytes.subarray(payloadOff, end), declared: payloadLen };
}
