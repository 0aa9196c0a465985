import type { Capture } from '../../core/capture/openCapture';
import { CONTENT_NAMES } from '../../core/decode/tls';
import { decryptedRecords } from '../../core/dissect/tlsRecordTree';
import { tlsDecryptionOf } from '../../core/tls/tlsDecryption';

/** The plaintext of each record packet `i` completes that the key log opened, titled for its hex pane. */
export function decryptedPanes(capture: Capture, i: number): Array<{ title: string; bytes: number[] }> {
  const frame = tlsDecryptionOf(capture)?.frame(i);
  if (!frame) return [];
  return decryptedRecords(frame).map((r) => ({
    title: `Decrypted TLS: ${CONTENT_NAMES[r.record.contentType] ?? 'record'} (${r.record.plaintext!.length} bytes)`,
    bytes: Array.from(r.record.plaintext!),
  }));
}
