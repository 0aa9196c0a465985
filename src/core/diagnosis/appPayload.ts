import type { Capture } from '../capture/openCapture';
import { decodeRow } from '../summary/decodedRow';

/**
 * The application bytes of one packet, re-read from the file: the application rules read only the
 * few packets the index already classified as DNS, TLS or HTTP, never a new per-packet column.
 */
export interface AppPayload {
  bytes: Uint8Array;
  from: number;
  to: number;
}

export function appPayload(capture: Capture, i: number): AppPayload | undefined {
  const row = decodeRow(capture, i);
  const from = row.f.payloadOff;
  if (from < 0) return undefined;
  return { bytes: row.bytes, from, to: Math.min(row.bytes.length, from + row.f.payloadLen) };
}
