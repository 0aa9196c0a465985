import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { FileSource } from '../core/capture/fileSource';
import { Capture, openCaptureFile } from '../core/capture/openCapture';
import type { ComparedCapture } from '../core/compare/comparedCapture';
import { collectPacketFacts, PacketFacts } from '../core/compare/packetFacts';
import { removeTempCapture } from '../core/capture/gzip';
import type { PacketIndex } from '../core/index/packetIndex';
import { reviveIndex } from '../core/index/indexClone';

/** What compareSideWorker.ts posts: the opened side (its arrays moved), or why it could not be opened. */
export type SideMessage =
  | { ok: true; index: PacketIndex; facts: PacketFacts; source: string; compression: 'gzip' | undefined }
  | { ok: false; message: string; code?: string; path?: string };

/** Beside the bundle that runs this (dist/cli.js, dist/bench.js); absent when run from the sources (tests under tsx). */
const WORKER_SCRIPT = path.join(__dirname, 'compareSideWorker.js');

/**
 * Opens the two captures of a comparison and reads their packet facts, B in a worker thread while
 * this thread does A: the two reads are most of a comparison's time, and a second core halves them.
 * Without the worker script (running from the sources) both are read here, one after the other.
 */
export async function openComparedPair(fileA: string, fileB: string): Promise<[ComparedCapture, ComparedCapture]> {
  if (!fs.existsSync(WORKER_SCRIPT)) return [await openHere(fileA), await openHere(fileB)];
  const worker = new Worker(WORKER_SCRIPT, { workerData: fileB });
  const sideB = new Promise<SideMessage>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker reading ${fileB} stopped (exit code ${code})`)));
  });
  // Awaited below, or abandoned when A fails first (its rejection is then nobody's).
  sideB.catch(() => {});
  let a: ComparedCapture | undefined;
  try {
    a = await openHere(fileA);
    const m = await sideB;
    // Rebuilt with the errno fields the CLI reports "cannot open FILE" from.
    if (!m.ok) throw Object.assign(new Error(m.message), m.code ? { code: m.code, path: m.path } : {});
    const facts = Object.setPrototypeOf(m.facts, PacketFacts.prototype) as PacketFacts;
    const cleanup = m.compression === 'gzip' ? () => removeTempCapture(m.source) : () => {};
    return [a, { capture: new Capture(reviveIndex(m.index), new FileSource(m.source), m.compression, cleanup), facts }];
  } catch (e) {
    a?.capture.close();
    // B's gunzipped copy, if the worker made one, has no Capture to remove it.
    void sideB.then(
      (m) => m.ok && m.compression === 'gzip' && removeTempCapture(m.source),
      () => {},
    );
    throw e;
  } finally {
    void worker.terminate();
  }
}

async function openHere(file: string): Promise<ComparedCapture> {
  const capture = await openCaptureFile(file);
  return { capture, facts: collectPacketFacts(capture) };
}
