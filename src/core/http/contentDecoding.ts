import * as zlib from 'node:zlib';

/**
 * Undoes a body's Content-Encoding (RFC 9110 §8.4.1) with Node's zlib. This is the only file of
 * the HTTP engine that needs Node: the engine runs in the CLI and in the editor's capture worker,
 * both Node (scripts/build.mjs bundles them for platform node; the webview never runs core).
 */

/** Largest decoded body: a 1 KB "zip bomb" can claim gigabytes. */
export const MAX_DECODED_BYTES = 256 * 1024 * 1024;

export type DecodedContent = { bytes: Uint8Array; error?: undefined } | { bytes?: undefined; error: string };

/** `codings` as the sender applied them (Content-Encoding order); decoded last to first. */
export function decodeContent(codings: readonly string[], body: Uint8Array, maxOutput = MAX_DECODED_BYTES): DecodedContent {
  let bytes = body;
  for (let k = codings.length - 1; k >= 0; k--) {
    const coding = codings[k];
    const opts = { maxOutputLength: maxOutput };
    try {
      if (coding === 'identity') continue;
      else if (coding === 'gzip' || coding === 'x-gzip') bytes = zlib.gunzipSync(bytes, opts);
      else if (coding === 'br') bytes = zlib.brotliDecompressSync(bytes, opts);
      else if (coding === 'deflate') bytes = inflateEither(bytes, opts);
      else return { error: `content coding "${coding}" is not supported` };
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `it decodes to more than ${maxOutput} bytes` : (e as Error).message;
      return { error: `the ${coding} body could not be decoded: ${why}` };
    }
  }
  return { bytes };
}

/**
 * "deflate" is the zlib format (RFC 9110 §8.4.1.2), but some servers send raw DEFLATE; like
 * browsers and Wireshark, try zlib first, then raw.
 */
function inflateEither(bytes: Uint8Array, opts: zlib.ZlibOptions): Uint8Array {
  try {
    return zlib.inflateSync(bytes, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw e;
    return zlib.inflateRawSync(bytes, opts);
  }
}
