import type { Capture } from '../capture/openCapture';
import { CONTENT_NAMES, parseTls, tlsVersionName } from '../decode/tls';
import { alertText, decryptedContent, handshakeName } from '../tls/innerContent';
import { tlsDecryptionOf } from '../tls/tlsDecryption';
import { httpStartInfo } from './appInfo';
import type { DecodedRow } from './decodedRow';
import type { PacketSummary } from './packetSummary';

/**
 * Protocol and Info of a frame whose TLS records the key log opened, as tshark shows them with
 * keys: the HTTP start line a record carries ("GET /index.html HTTP/1.1"), else every record's
 * messages in order — plaintext ones named from the frame's bytes, decrypted ones from their
 * plaintext ("Encrypted Extensions, Certificate, …", "Alert (Level: Warning, Description: Close Notify)").
 * Undefined when nothing in the frame was decrypted: the plaintext Info stands.
 */
export function decryptedTlsSummary(capture: Capture, i: number, row: DecodedRow): PacketSummary | undefined {
  const frame = tlsDecryptionOf(capture)?.frame(i);
  if (!frame || !frame.records.some((r) => r.record.plaintext)) return undefined;
  const messages: string[] = [];
  // HTTP/2 frames ending in this frame's records, as tshark lists them ("HEADERS[1]: GET /", "DATA[1]").
  const http2 = frame.records.map((r) => r.http2?.info ?? '').filter(Boolean);
  if (http2.length) return { protocol: 'HTTP2', info: http2.join(', ') };
  for (const r of frame.records) {
    const content = decryptedContent(r);
    if (content?.http) return { protocol: 'HTTP', info: httpStartInfo(content.http) };
    const at = row.f.payloadOff + r.payloadOffset;
    if (content?.handshakes.length) messages.push(...content.handshakes.map((h) => handshakeName(h.type)));
    else if (content?.alert) messages.push(alertText(content.alert));
    else if (!content && r.payloadLength === r.record.length) messages.push(...(parseTls(row.bytes, at, at + r.payloadLength)?.messages ?? []));
    else messages.push(CONTENT_NAMES[r.record.contentType] ?? 'Unknown Record');
  }
  const version = frame.session.version ?? frame.records[0].record.version;
  return { protocol: tlsVersionName(version), info: messages.join(', ') };
}
