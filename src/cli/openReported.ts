import type { Capture } from '../core/capture/openCapture';
import { openCaptureFile } from '../core/capture/openCapture';

/** Opens a capture for a command; when it cannot be opened, says why on stderr and returns undefined (exit code 1). */
export async function openReported(file: string): Promise<Capture | undefined> {
  try {
    return await openCaptureFile(file);
  } catch (e) {
    process.stderr.write(`pcap-inspector: cannot open ${file}: ${(e as Error).message}\n`);
    return undefined;
  }
}

/** The stderr line for a capture whose reading stopped early: where, why, and how many packets were read. */
export function reportReadError(file: string, err: { message: string; offset: number }, packets: number): void {
  const n = packets;
  process.stderr.write(
    `pcap-inspector: ${file}: ${err.message} (at byte offset ${err.offset}); ${n ? `showing the ${n} packet${n === 1 ? '' : 's'} read before it` : 'no packet could be read'}\n`,
  );
}
