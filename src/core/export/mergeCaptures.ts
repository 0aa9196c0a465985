import type { Capture } from '../capture/openCapture';
import type { ByteSink } from './byteSink';
import type { ExportFormat } from './captureWriter';
import { CaptureWriter } from './captureWriter';

/**
 * Merges captures into one in time order as mergecap does (wiretap/merge.c): each input is read in
 * its own order, and the next packet written is the earliest of the inputs' next packets, the
 * earlier input winning a tie. An input that is itself out of order stays so. A packet without a
 * timestamp counts as time 0.
 */
export function mergeCaptures(captures: readonly Capture[], format: ExportFormat, sink: ByteSink): void {
  const writer = new CaptureWriter(captures, format, sink);
  const next = captures.map(() => 0);
  for (;;) {
    let best = -1;
    for (let c = 0; c < captures.length; c++) {
      if (next[c] >= captures[c].index.count) continue;
      if (best < 0 || earlier(captures[c], next[c], captures[best], next[best])) best = c;
    }
    if (best < 0) return;
    writer.write(best, next[best]++);
  }
}

function earlier(a: Capture, i: number, b: Capture, j: number): boolean {
  const sa = a.index.hasTime(i) ? a.index.seconds(i) : 0,
    sb = b.index.hasTime(j) ? b.index.seconds(j) : 0;
  if (sa !== sb) return sa < sb;
  return (a.index.hasTime(i) ? a.index.nsec[i] : 0) < (b.index.hasTime(j) ? b.index.nsec[j] : 0);
}
