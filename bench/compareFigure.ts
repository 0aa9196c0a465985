import * as fs from 'node:fs';
import * as path from 'node:path';
import { mib, printTable, rate, secs, verdict } from './report';
import { runInChild } from './runInChild';
import { writeShiftedCapture } from './shiftedCapture';

/** B's clock runs this far ahead of A's, and one packet in DROP_EVERY never reaches B. */
const SHIFT_SECONDS = 2.5;
const DROP_EVERY = 50;
const TARGET_SECONDS = 5;

/**
 * `compare` on two 1 M-packet captures: the bench capture as A, and as B the same records with the
 * clock moved and every 50th packet dropped (written once next to it). One fresh process; prints
 * the time of compareCaptures alone and with both opens, and the peak memory.
 */
export function compareFigure(captureA: string): void {
  const captureB = path.join(path.dirname(captureA), `${path.basename(captureA, '.pcap')}-b.pcap`);
  if (!fs.existsSync(captureB) || fs.statSync(captureB).mtimeMs < fs.statSync(captureA).mtimeMs) {
    console.log(`Writing ${path.basename(captureB)}: the bench capture, clock +${SHIFT_SECONDS} s, every ${DROP_EVERY}th packet dropped...`);
    writeShiftedCapture(captureA, captureB, SHIFT_SECONDS, DROP_EVERY);
  }
  console.log('compare A B (open both + compareCaptures), one process...');
  const run = runInChild('compare', captureA, captureB);
  const c = run.compare!;
  const missing = run.packets - c.packetsB;
  printTable('compare: two captures of the same 1 M packets (B: clock +2.5 s, every 50th packet dropped)', [
    ['packets A / B', `${run.packets.toLocaleString('en-US')} / ${c.packetsB.toLocaleString('en-US')}`],
    ['open both + read their facts (B in a worker thread)', secs(run.seconds)],
    ['compareCaptures (matching, classifying, rules)', `${secs(c.seconds)}  (${rate(run.packets + c.packetsB, c.seconds)} packets of both files)`],
    ['open both + compare', secs(run.seconds + c.seconds)],
    ['peak RSS (VmHWM)', mib(run.peakRss)],
    ['clock offset found', c.clockOffset === null ? 'none' : `${c.clockOffset.toFixed(6)} s (set: ${SHIFT_SECONDS} s)`],
    // A packet missing from B is lost between when it went A→B, appeared between when it went B→A.
    ['lost + appeared between', `${(c.lostBetween + c.appearedBetween).toLocaleString('en-US')} (left out of B: ${missing.toLocaleString('en-US')})`],
    ['matched + modified', `${(c.matched + c.modified).toLocaleString('en-US')} (modified ${c.modified})`],
    [`open both + compare <= ${TARGET_SECONDS} s`, verdict(run.seconds + c.seconds <= TARGET_SECONDS)],
  ]);
}
