import type { Capture } from '../capture/openCapture';
import { followTcp } from '../follow/tcpFollow';
import { streamPackets } from '../follow/streamPackets';
import type { FollowStream } from '../follow/followStream';
import { decodedBody, isContentCoded, readRawBody } from './httpBody';
import { httpExchanges } from './httpExchanges';
import type { HttpExchange, HttpMessage, HttpObject } from './httpMessage';

export type { HttpObject } from './httpMessage';
import { headerValue } from './httpMessage';
import { objectFileName } from './objectFileName';

/**
 * Every HTTP body in the capture, in packet order: request bodies (a POST's) and response bodies,
 * as Wireshark's File → Export Objects → HTTP lists them. Only conversations the index saw start an
 * HTTP message are followed.
 */
export function httpObjects(capture: Capture): HttpObject[] {
  return httpObjectSources(capture).map((o) => o.object);
}

/** An object with the stream and message its bytes are read from. */
export interface HttpObjectSource {
  object: HttpObject;
  stream: FollowStream;
  message: HttpMessage;
}

/** httpObjects with where each body is: what saving them all needs, in one pass. */
export function httpObjectSources(capture: Capture): HttpObjectSource[] {
  const table = capture.index.tcpStreams;
  const out: HttpObjectSource[] = [];
  const lists = streamPackets(capture, (s) => table.httpStarts[s] !== 0);
  for (let s = 0; s < table.count; s++) {
    if (!table.httpStarts[s]) continue;
    const stream = followTcp(capture, s, lists.packets.subarray(lists.start[s], lists.start[s + 1]));
    httpExchanges(stream).forEach((x, n) => {
      for (const object of objectsOf(stream, x, n)) out.push({ object, stream, message: x[object.part]! });
    });
  }
  return out.sort((a, b) => a.object.packet - b.object.packet || a.object.stream - b.object.stream);
}

/** The objects of one exchange: its request body and its response body, when they have bytes. */
export function objectsOf(stream: FollowStream, x: HttpExchange, exchange: number): HttpObject[] {
  const out: HttpObject[] = [];
  const host = (x.request && headerValue(x.request, 'host')) || stream.peers[1]?.address || '';
  const uri = x.request?.uri ?? '';
  for (const part of ['request', 'response'] as const) {
    const m = x[part];
    if (!m || m.body.size === 0) continue;
    const { size, error } = measure(stream, m);
    out.push({
      stream: stream.stream,
      exchange,
      part,
      packet: m.lastPacket,
      hostname: host,
      contentType: headerValue(m, 'content-type')?.split(';')[0].trim() ?? '',
      size,
      filename: objectFileName(uri, headerValue(m, 'content-disposition'), host || 'object'),
      uri,
      ...(error ? { error } : {}),
    });
  }
  return out;
}

function measure(stream: FollowStream, m: HttpMessage): { size: number; error?: string } {
  const problems: string[] = [];
  if (m.missing) problems.push('bytes of it are missing from the capture');
  if (m.body.truncated) problems.push(`the capture ends after ${m.body.size} bytes of it`);
  if (m.error) problems.push(m.error);
  if (!isContentCoded(m)) return { size: m.body.size, error: problems.join('; ') || undefined };
  const decoded = decodedBody(stream, m);
  if (decoded.error) problems.unshift(decoded.error);
  return { size: decoded.bytes ? decoded.bytes.length : m.body.size, error: problems.join('; ') || undefined };
}

/**
 * The bytes to save for an object: decoded when it can be, else the bytes as sent (the caller
 * reports the object's error). `write` gets the body in windows when no decoding is needed.
 */
export function writeObjectBody(stream: FollowStream, m: HttpMessage, write: (bytes: Uint8Array) => void): void {
  if (isContentCoded(m)) {
    const decoded = decodedBody(stream, m);
    if (decoded.bytes) return write(decoded.bytes);
  }
  const WINDOW = 1 << 20;
  for (let at = 0; at < m.body.size; at += WINDOW) write(readRawBody(stream, m, at, Math.min(m.body.size, at + WINDOW)));
}
