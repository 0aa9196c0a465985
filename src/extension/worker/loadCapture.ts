import type { ByteSource } from '../../core/capture/byteSource';
import { MemorySource } from '../../core/capture/byteSource';
import { FileSource } from '../../core/capture/fileSource';
import { gunzipToTempFile, isGzip, removeTempCapture } from '../../core/capture/gzip';
import { Capture, indexSource } from '../../core/capture/openCapture';
import { gunzipSync } from 'node:zlib';
import type { CaptureSourceSpec } from '../../protocol';

/** Rows between progress calls: small enough that the first rows show at once, cheap enough to ignore. */
const PROGRESS_EVERY_PACKETS = 4096;

export interface LoadHooks {
  /**
   * Called while the file is read with the capture as it stands (rows 0..index.count-1 are final
   * and may be shown) and the file offset reached; the same Capture object is returned at the end.
   */
  onRows(capture: Capture, bytesRead: number): void;
  /** Before indexing starts: the size to read, or 0 while a gzip file is decompressed. */
  onStart(total: number): void;
  /** Polled between rows; true stops reading and keeps what was read (index.error: CANCELLED). */
  shouldStop(): boolean;
}

/**
 * Opens and indexes a capture like openCaptureFile/openCaptureBytes, streaming rows through the
 * engine's onProgress hook. A path is read in place (gzip via a private temporary file); bytes come
 * from vscode.workspace.fs for files the extension host cannot open by path (virtual file systems).
 */
export async function loadCapture(spec: CaptureSourceSpec, hooks: LoadHooks): Promise<Capture> {
  let source: ByteSource;
  let compression: 'gzip' | undefined;
  let cleanup = () => {};
  let gzipError: string | undefined;
  if (spec.kind === 'bytes') {
    const gz = isGzip(spec.bytes);
    source = new MemorySource(gz ? gunzipSync(spec.bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: keep what a truncated stream holds */ }) : spec.bytes);
    if (gz) compression = 'gzip';
  } else {
    const probe = new FileSource(spec.path);
    const head = new Uint8Array(2);
    probe.readInto(head, 0, 2);
    if (isGzip(head)) {
      probe.close();
      hooks.onStart(0);
      const { file, error } = await gunzipToTempFile(spec.path);
      source = new FileSource(file);
      compression = 'gzip';
      cleanup = () => removeTempCapture(file);
      gzipError = error;
    } else source = probe;
  }
  hooks.onStart(source.size);
  let capture: Capture | undefined;
  const index = indexSource(source, {
    progressEveryPackets: PROGRESS_EVERY_PACKETS,
    onProgress: (ix, bytesRead) => hooks.onRows((capture ??= new Capture(ix, source, compression, cleanup)), bytesRead),
    shouldStop: hooks.shouldStop,
  });
  if (gzipError && !index.error) index.error = { message: `gzip stream ended early: ${gzipError}`, offset: source.size };
  return capture ?? new Capture(index, source, compression, cleanup);
}
