import { FRAME_TYPE_NAMES } from '../http2/frames';
import type { Http2Chunk } from '../http2/http2Stream';
import { headerValue } from '../http2/http2Stream';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';

/** The HTTP/2 frame header's size (RFC 9113 §4.1). */
const FRAME_HEADER = 9;

/**
 * "HyperText Transfer Protocol 2" for the frames that end in one decrypted record, as Wireshark
 * lists them: one "Stream: TYPE, Stream ID: n, Length l" per frame with its header fields and, for
 * a header block, every decoded field. Offsets address the record's plaintext; a frame that began
 * in an earlier record starts at its first byte here.
 */
export function http2Tree(chunk: Http2Chunk, plaintextLength: number): DetailNode {
  const frames: DetailNode[] = [];
  const clamp = (off: number) => Math.min(plaintextLength, Math.max(0, off - chunk.start));
  if (chunk.preface) frames.push({ field: 'http2.magic', text: 'Stream: Magic', offset: 0, length: Math.min(24, plaintextLength) });
  for (const f of chunk.frames) {
    const type = FRAME_TYPE_NAMES[f.type] ?? `Unknown (${f.type})`;
    const at = clamp(f.offset);
    const end = clamp(f.offset + FRAME_HEADER + f.length);
    const here = (off: number, len: number) => [clamp(f.offset + off), Math.max(0, clamp(f.offset + off + len) - clamp(f.offset + off))] as [number, number];
    const n = new NodeList();
    n.add('http2.length', `Length: ${f.length}`, ...here(0, 3), f.length);
    n.add('http2.type', `Type: ${type} (${f.type})`, ...here(3, 1), f.type);
    n.add('http2.flags', `Flags: ${hex(f.flags, 2)}`, ...here(4, 1), f.flags);
    n.add('http2.streamid', `Stream Identifier: ${f.streamId}`, ...here(5, 4), f.streamId);
    if (f.error) n.problem('http2.malformed', `[${f.error}]`, at, end - at, 'warning');
    for (const h of f.headers ?? [])
      n.nodes.push({ field: 'http2.header', text: `Header: ${h.name}: ${h.value}`, offset: at, length: end - at, value: `${h.name}: ${h.value}` });
    if (f.headerError) n.problem('http2.header.error', `[${f.headerError}]`, at, end - at, 'warning');
    if (f.dataLength !== undefined) n.add('http2.data.data', `Data: ${f.dataLength} bytes`, ...here(FRAME_HEADER, f.length), f.dataLength);
    const method = headerValue(f, ':method'),
      status = headerValue(f, ':status');
    const what = status !== undefined ? `, ${status}` : method !== undefined ? `, ${method} ${headerValue(f, ':path') ?? ''}`.trimEnd() : '';
    frames.push(layer('http2.stream', `Stream: ${type}, Stream ID: ${f.streamId}, Length ${f.length}${what}`, at, end - at, n.nodes));
  }
  return layer('http2', 'HyperText Transfer Protocol 2', 0, plaintextLength, frames);
}
