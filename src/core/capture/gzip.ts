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
export async function gunzipToTempFile(source: string): Promise<{ file: string; error?: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-'));
  const file = path.join(dir, path.basename(source).replace(/\.gz$/i, '') || 'capture');
  try {
    // Z_SYNC_FLUSH at the end lets a truncated stream still yield the bytes it holds.
    await pipeline(fs.createReadStream(source), zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH }), fs.createWriteStream(file));
    return { file };
  } catch (e) {
    // Keep what was decompressed: the reader will stop at the cut and report it.
    return { file, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Removes a file made by gunzipToTempFile, with its private folder. */
export function removeTempCapture(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
