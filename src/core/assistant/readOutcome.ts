import type { Capture } from '../capture/openCapture';
import { plural } from './resultText';

/** A sentence when the capture could not be read to its end (the results cover only what was read). */
export function readWarning(capture: Capture): string | undefined {
  const e = capture.error;
  if (!e) return undefined;
  const n = capture.index.count;
  return `Warning: reading stopped at byte offset ${e.offset}: ${e.message}. ${n ? `Only the ${plural(n, 'packet')} before it are covered.` : 'No packet could be read.'}`;
}
