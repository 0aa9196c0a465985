import { parseHttpStart, type HttpStart } from '../decode/http';
import { HANDSHAKE_NAMES, tlsAlertName } from '../decode/tls';
import type { Http2Chunk } from '../http2/http2Stream';
import type { FrameTlsRecord } from './tlsDecryption';

/**
 * What a decrypted record holds, read once for every view (tree, Info, filter fields): its
 * handshake messages, its alert, or the HTTP/1.x message its application data starts.
 */
export interface InnerContent {
  /** Handshake messages wholly inside the plaintext: type, where the message starts, its body length. */
  handshakes: Array<{ type: number; offset: number; length: number }>;
  alert?: { level: number; description: number };
  http?: HttpStart;
  /** In an HTTP/2 session: the frames that end in this record, their header blocks decoded. */
  http2?: Http2Chunk;
}

const HANDSHAKE = 22;
const ALERT = 21;
const APPLICATION_DATA = 23;

export function innerContent(contentType: number, plaintext: Uint8Array): InnerContent {
  const out: InnerContent = { handshakes: [] };
  if (contentType === HANDSHAKE) {
    for (let at = 0; at + 4 <= plaintext.length;) {
      const length = (plaintext[at + 1] << 16) | (plaintext[at + 2] << 8) | plaintext[at + 3];
      if (at + 4 + length > plaintext.length) break;
      out.handshakes.push({ type: plaintext[at], offset: at, length });
      at += 4 + length;
    }
  } else if (contentType === ALERT && plaintext.length >= 2) out.alert = { level: plaintext[0], description: plaintext[1] };
  else if (contentType === APPLICATION_DATA) out.http = parseHttpStart(plaintext, 0, plaintext.length);
  return out;
}

export function handshakeName(type: number): string {
  return HANDSHAKE_NAMES[type] ?? `Unknown (${type})`;
}

export function alertText(a: { level: number; description: number }): string {
  return `Alert (Level: ${a.level === 1 ? 'Warning' : a.level === 2 ? 'Fatal' : `Unknown (${a.level})`}, Description: ${tlsAlertName(a.description)})`;
}

/** The content of a decrypted record, or undefined for one that is plaintext on the wire or stayed encrypted. */
export function decryptedContent(r: FrameTlsRecord): InnerContent | undefined {
  if (!r.record.plaintext) return undefined;
  // HTTP/2's bytes are frames, never an HTTP/1.x start line.
  if (r.http2) return { handshakes: [], http2: r.http2 };
  return innerContent(r.record.contentType, r.record.plaintext);
}
