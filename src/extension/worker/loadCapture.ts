import type { Capture } from '../../core/capture/openCapture';
import { indexPrepared, prepareBytesSource, prepareFileSource } from '../../core/capture/openCapture';
import type { CaptureSourceSpec } from '../../protocol';

/** Rows between progress calls: small enough that the first rows show at once, cheap enough to ignore. */
const PROGRESS_EVERY_PACKETS = 4096;
/**
 * Read window: 1 MiB reads as fast as the engine's 8 MiB default here and keeps 7 MiB less in the
 * extension host's process while the index is built.
 */
const READ_WINDOW_BYTES = 1 << 20;

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
  const prepared = spec.kind === 'bytes' ? prepareBytesSource(spec.bytes) : await prepareFileSource(spec.path, () => hooks.onStart(0));
  hooks.onStart(prepared.source.size);
  return indexPrepared(prepared, { chunkSize: READ_WINDOW_BYTES, progressEveryPackets: PROGRESS_EVERY_PACKETS, shouldStop: hooks.shouldStop }, hooks.onRows);
}
