import type { Capture } from '../capture/openCapture';
import type { ByteSink } from './byteSink';
import type { ExportFormat } from './captureWriter';
import { CaptureWriter } from './captureWriter';

/** Writes the given packets (0-based indices, in order) of one capture — what a filter displayed, a selection, a stream. */
export function exportPackets(capture: Capture, packets: ArrayLike<number>, format: ExportFormat, sink: ByteSink): void {
  const writer = new CaptureWriter([capture], format, sink);
  for (let k = 0; k < packets.length; k++) writer.write(0, packets[k]);
}
