import { parentPort } from 'node:worker_threads';
import { analyzeCapture } from '../core/analysis';
import { openCaptureFile } from '../core/capture/openCapture';
import type { BatchJob, BatchResult } from './batchTypes';

/**
 * One thread of `analyze DIR_OR_GLOB...`: opens and analyses the captures it is sent, one at a
 * time, and answers each with its findings or why it failed.
 */
async function analyzeOne(job: BatchJob): Promise<BatchResult> {
  try {
    const capture = await openCaptureFile(job.path);
    try {
      const e = capture.error;
      // Not one packet could be read (not a capture, or broken from the start): failed, not empty.
      if (e && !capture.index.count) return { k: job.k, path: job.path, error: `${e.message} (at byte offset ${e.offset})` };
      const { findings } = analyzeCapture(capture, { flowDetail: false });
      return { k: job.k, path: job.path, packets: capture.index.count, findings, ...(e ? { readError: { message: e.message, offset: e.offset } } : {}) };
    } finally {
      capture.close();
    }
  } catch (e) {
    return { k: job.k, path: job.path, error: (e as Error).message };
  }
}

parentPort!.on('message', (job: BatchJob) => {
  void analyzeOne(job).then((r) => parentPort!.postMessage(r));
});
