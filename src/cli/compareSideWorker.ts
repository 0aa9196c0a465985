import { parentPort, workerData } from 'node:worker_threads';
import { FileSource } from '../core/capture/fileSource';
import { indexPrepared, prepareFileSource } from '../core/capture/openCapture';
import { transferBuffers } from '../core/index/indexClone';
import { collectPacketFacts } from '../core/compare/packetFacts';
import type { SideMessage } from './openComparedPair';

/**
 * Worker thread (dist/compareSideWorker.js): opens one of the two captures of a comparison and reads
 * its packet facts while the main thread does the other, then moves the index and the facts' arrays
 * to the main thread (no copy). A gzip capture's temporary file stays for the main thread to read
 * packets from and remove.
 */
async function run(file: string): Promise<SideMessage> {
  const prepared = await prepareFileSource(file);
  try {
    if (!(prepared.source instanceof FileSource)) throw new Error(`${file} is not read from a file`);
    const capture = indexPrepared(prepared);
    const facts = collectPacketFacts(capture);
    return { ok: true, index: capture.index, facts, source: prepared.source.path, compression: prepared.compression };
  } catch (e) {
    prepared.cleanup();
    throw e;
  } finally {
    prepared.source.close();
  }
}

run(workerData as string).then(
  (m) => parentPort!.postMessage(m, m.ok ? transferBuffers([m.index, m.facts]) : []),
  (e: unknown) => {
    const { code, path } = e as NodeJS.ErrnoException;
    parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), code, path } satisfies SideMessage);
  },
);
