import type { Capture } from '../core/capture/openCapture';
import { openCaptureFile } from '../core/capture/openCapture';
import { formatForFileName } from '../core/export/captureWriter';
import { mergeCaptures } from '../core/export/mergeCaptures';
import { fileSink } from './fileSink';
import { outputAndFiles } from './outputArgs';

export const MERGE_USAGE = `merge -o OUT.pcapng|OUT.pcap FILE FILE...`;

/** `merge -o OUT A B ...`: the captures merged in time order like mergecap, interfaces kept apart in pcapng. */
export async function mergeCommand(args: string[], fail: (message: string) => number): Promise<number> {
  const parsed = outputAndFiles(args);
  if (typeof parsed === 'string') return fail(parsed);
  const { out, files } = parsed;
  if (!out) return fail('merge needs -o OUT');
  if (files.length < 1) return fail('merge needs at least one FILE');
  const captures: Capture[] = [];
  try {
    for (const f of files) captures.push(await openCaptureFile(f));
    const sink = fileSink(out);
    try {
      mergeCaptures(captures, formatForFileName(out), sink.write);
      sink.close();
    } catch (e) {
      sink.abort();
      throw e;
    }
    const total = captures.reduce((n, c) => n + c.index.count, 0);
    process.stderr.write(`${total} packets from ${files.length} files written to ${out}\n`);
    for (let k = 0; k < files.length; k++) {
      const err = captures[k].error;
      if (err) process.stderr.write(`pcap-inspector: ${files[k]}: ${err.message} (at byte offset ${err.offset}); merged the packets read before it\n`);
    }
  } finally {
    for (const c of captures) c.close();
  }
  return captures.some((c) => c.error) ? 1 : 0;
}
