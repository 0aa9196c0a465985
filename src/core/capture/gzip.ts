import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';

/** gzip member magic (RFC 1952 §2.3.1). Detection is by content, never by file name. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Decompresses a gzip file into a private temporary file and returns its path.
 * Streaming keeps memory flat for captures of any size; gzip has no random
 * access, so the decompressed copy is what lets us re-read single packets.
 */
export async function gunzipToTempFile(source: string): Promise<{ file: string; error?: GunzipError }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-'));
  const file = path.join(dir, path.basename(source).replace(/\.gz$/i, '') || 'capture');
  // Z_SYNC_FLUSH at the end lets a truncated stream still yield the bytes it holds.
  const gunzip = zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const out = fs.createWriteStream(file);
  try {
    // Small reads: a corrupt stream loses at most the output of one read (zlib drops the write that fails).
    await pipeline(fs.createReadStream(source, { highWaterMark: 16 * 1024 }), gunzip, out);
    return { file };
  } catch (e) {
    // A stream loses the output of the write that failed; a file that fits in memory is
    // decompressed again the way gunzipBytes does, so both paths keep the same bytes.
    if (fs.statSync(source).size <= RETRY_IN_MEMORY) {
      const again = gunzipBytes(fs.readFileSync(source));
      fs.writeFileSync(file, again.bytes);
      return { file, error: again.error };
    }
    // Keep what was decompressed: the reader will stop at the cut and report it.
    return { file, error: { message: e instanceof Error ? e.message : String(e), compressedOffset: gunzip.bytesWritten, decompressed: out.bytesWritten } };
  }
}

/** Damaged gzip files up to this size are decompressed again in memory to keep every good byte. */
const RETRY_IN_MEMORY = 256 * 1024 * 1024;

/** Where and why a gzip stream stopped decompressing. */
export interface GunzipError {
  message: string;
  compressedOffset: number;
  decompressed: number;
}

/** What a damaged gzip stream is called in a reader's error: corrupt or cut, where, and what was kept. */
export function gunzipErrorText(e: GunzipError): string {
  const cut = /unexpected end|truncated/i.test(e.message);
  return (
    `the gzip stream is ${cut ? 'cut off' : 'corrupt'} near compressed byte ${e.compressedOffset} (${e.message}); ` +
    `${e.decompressed} bytes were decompressed before it`
  );
}

/** How closely the damage in a stream held in memory is located, in compressed bytes. */
const GRAIN = 64;

/**
 * Decompresses a gzip stream held in memory, keeping what decompressed before any damage (the
 * captures opened from remote and virtual workspaces come this way). zlib's one-shot
 * `gunzipSync` throws away everything on a corrupt stream, and its sync engine cannot be fed in
 * steps; but a prefix that stops before the damage decompresses (Z_SYNC_FLUSH keeps a cut
 * stream's bytes), so the longest good prefix is found by bisection: log2(size / GRAIN) more
 * passes, paid only for a damaged stream.
 */
export function gunzipBytes(bytes: Uint8Array): { bytes: Uint8Array; error?: GunzipError } {
  const whole = tryGunzip(bytes);
  if (whole.ok) return { bytes: whole.out };
  let good = 0,
    bad = bytes.length,
    kept: Uint8Array = new Uint8Array(0);
  while (bad - good > GRAIN) {
    const mid = good + Math.floor((bad - good) / 2);
    const r = tryGunzip(bytes.subarray(0, mid));
    if (r.ok) {
      good = mid;
      kept = r.out;
    } else bad = mid;
  }
  return { bytes: kept, error: { message: whole.message, compressedOffset: good, decompressed: kept.length } };
}

function tryGunzip(bytes: Uint8Array): { ok: true; out: Uint8Array } | { ok: false; message: string } {
  try {
    return { ok: true, out: zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Removes a file made by gunzipToTempFile, with its private folder. */
export function removeTempCapture(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
