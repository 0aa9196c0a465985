import { FollowChunks } from '../follow/followChunks';
import type { FollowStream } from '../follow/followStream';
import type { KeyLog } from './keyLog';
import { decryptTlsStream, type TlsSessionKeys } from './tlsSession';

const APPLICATION_DATA = 23;

/**
 * Wireshark's Follow TLS Stream: a TCP stream's decrypted application data, one chunk per record,
 * each at the packet that completes its record. The same FollowStream as TCP's, so every follow
 * format, the CLI and the editor's Follow view show it unchanged. Undefined stream when the
 * session cannot be decrypted (`session.reason` says why).
 */
export function followTls(tcp: FollowStream, keys: KeyLog): { stream?: FollowStream; session: TlsSessionKeys } {
  const session = decryptTlsStream(tcp, keys);
  if (!session.decryptable) return { session };
  const chunks = new FollowChunks();
  const bytes: Uint8Array[] = [];
  for (const r of session.records) {
    if (r.contentType !== APPLICATION_DATA || !r.plaintext?.length) continue;
    chunks.addBytes(r.direction, r.packet, 0, r.plaintext.length);
    bytes.push(r.plaintext);
  }
  return { session, stream: { kind: 'tls', stream: tcp.stream, chunks, peers: tcp.peers, capture: tcp.capture, payload: (k) => bytes[k] } };
}
