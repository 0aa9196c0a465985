import type { HttpObject } from '../protocol';
import type { CaptureDocument } from './captureDocument';

/** Bytes asked of the worker per body window (its MAX_BODY_WINDOW). */
const WINDOW = 256 * 1024;

/** The body, window by window (decoded, or as sent); undefined when it cannot be had that way. */
export async function bodyOf(doc: CaptureDocument, o: Pick<HttpObject, 'stream' | 'exchange' | 'part'>, decoded: boolean): Promise<Uint8Array | undefined> {
  let out: Uint8Array | undefined;
  for (let start = 0; ;) {
    const r = await doc.query({ type: 'httpBody', stream: o.stream, exchange: o.exchange, part: o.part, decoded, start, count: WINDOW }, 60_000);
    if (!r || r.error) return undefined;
    // Each window goes straight into the one buffer the file is written from.
    out ??= new Uint8Array(r.total);
    out.set(r.bytes.slice(0, Math.max(0, out.length - start)), start);
    start += r.bytes.length;
    if (start >= r.total || r.bytes.length === 0) return out;
  }
}
