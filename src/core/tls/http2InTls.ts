import { startsWithPreface } from '../http2/frames';
import type { Http2Chunk } from '../http2/http2Stream';
import { http2Direction } from '../http2/http2Stream';
import type { TlsRecord } from './tlsSession';

const APPLICATION_DATA = 23;

/**
 * The HTTP/2 a decrypted TLS session carries (the client's first application data is the HTTP/2
 * preface, whatever ALPN said), per record: each direction's decrypted application data is read
 * as one HTTP/2 stream of frames (header blocks decode in order, HPACK's dynamic table being the
 * direction's), and each record gets the frames that end in it. Empty for any other session.
 */
export function http2ByRecord(records: readonly TlsRecord[]): Map<TlsRecord, Http2Chunk> {
  const out = new Map<TlsRecord, Http2Chunk>();
  const data = (d: number) => records.filter((r) => r.direction === d && r.contentType === APPLICATION_DATA && r.plaintext);
  const client = data(0);
  if (!client.length || !startsWithPreface(client[0].plaintext!)) return out;
  for (const list of [client, data(1)]) {
    const chunks = http2Direction(list.map((r) => r.plaintext!));
    list.forEach((r, k) => out.set(r, chunks[k]));
  }
  return out;
}
