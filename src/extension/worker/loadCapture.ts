import type { ByteSource } from '../../core/capture/byteSource';
import { MemorySource } from '../../core/capture/byteSource';
import { FileSource } from '../../core/capture/fileSource';
import { gunzipToTempFile, isGzip, removeTempCapture } from '../../core/capture/gzip';
import { Capture, indexSource, openCaptureBytes } from '../../core/capture/openCapture';
import type { CaptureSourceSpec } from '../../protocol';

/**
 * Reports how far the reader has got: the readers pull the file through ByteSource.readInto in
 * large windows (8 MiB), so watching those reads costs nothing per packet.
 */
class ProgressSource implements ByteSource {
  private loading = true;
  private lastReport = 0;

  constructor(private readonly inner: ByteSource, private readonly report: (bytes: number, total: number) => void) {}

  get size(): number {
    return this.inner.size;
  }

  readInto(target: Uint8Array, offset: number, length: number): number {
    if (this.loading) {
      const now = Date.now();
      if (now - this.lastReport > 100) {
        this.lastReport = now;
        this.report(offset, this.inner.size);
      }
    }
    return this.inner.readInto(target, offset, length);
  }

  doneLoading(): void {
    this.loading = false;
  }

  close(): void {
    this.inner.close();
  }
}

/**
 * Opens and indexes a capture like openCaptureFile/openCaptureBytes, with progress. A path is read
 * in place (gzip via a private temporary file); bytes come from vscode.workspace.fs for files the
 * extension host cannot open by path (virtual file systems).
 */
export async function loadCapture(spec: CaptureSourceSpec, report: (bytes: number, total: number) => void): Promise<Capture> {
  if (spec.kind === 'bytes') {
    if (isGzip(spec.bytes)) return openCaptureBytes(spec.bytes);
    const source = new ProgressSource(new MemorySource(spec.bytes), report);
    const index = indexSource(source);
    source.doneLoading();
    return new Capture(index, source, undefined);
  }
  const probe = new FileSource(spec.path);
  const head = new Uint8Array(2);
  probe.readInto(head, 0, 2);
  if (!isGzip(head)) {
    const source = new ProgressSource(probe, report);
    const index = indexSource(source);
    source.doneLoading();
    return new Capture(index, source, undefined);
  }
  probe.close();
  report(0, 0);
  const { file, error } = await gunzipToTempFile(spec.path);
  const source = new ProgressSource(new FileSource(file), report);
  const index = indexSource(source);
  source.doneLoading();
  if (error && !index.error) index.error = { message: `gzip stream ended early: ${error}`, offset: source.size };
  return new Capture(index, source, 'gzip', () => removeTempCapture(file));
}
