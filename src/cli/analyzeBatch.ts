import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchResult } from './batchTypes';
import { expandCaptureInputs } from './captureInputs';
import { Output } from './output';
import { toSarif } from './sarif';

export const ANALYZE_BATCH_USAGE = 'analyze DIR_OR_GLOB... [--jsonl | --sarif] [--threads N]';

/**
 * `analyze DIR_OR_GLOB... [--jsonl | --sarif] [--threads N]`: every capture the inputs name, analysed
 * on a pool of worker threads (one per core unless --threads says otherwise). --jsonl (the default)
 * prints one line per capture in input order as soon as it and those before it are done: path,
 * packets and findings, or `error` for a file that could not be analysed; --sarif prints one SARIF
 * log with one run per capture. Exit code 1 when any capture failed or was read only in part.
 */
export async function analyzeBatchCommand(args: string[], fail: (message: string) => number): Promise<number> {
  const inputs: string[] = [];
  let format: 'jsonl' | 'sarif' = 'jsonl';
  let threads = os.availableParallelism?.() ?? os.cpus().length;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--jsonl' || a === '--json') format = 'jsonl';
    else if (a === '--sarif') format = 'sarif';
    else if (a === '--threads') {
      const n = Number(args[++k]);
      if (!Number.isInteger(n) || n < 1) return fail(`--threads needs a whole number of threads (1 or more), not ${args[k] ?? 'nothing'}`);
      threads = n;
    } else if (a.startsWith('--')) return fail(`unknown option ${a} for ${ANALYZE_BATCH_USAGE}`);
    else inputs.push(a);
  }
  if (!inputs.length) return fail(`${ANALYZE_BATCH_USAGE} needs at least one capture, directory or glob`);
  const files = expandCaptureInputs(inputs);
  const out = new Output();
  const results = await analyzeOnPool(files, Math.min(threads, Math.max(1, files.length)), (r) => {
    if (format === 'jsonl') out.line(JSON.stringify(jsonLine(r)));
  });
  if (format === 'sarif') out.line(JSON.stringify(sarifLog(results), null, 2));
  out.flush();
  return results.some((r) => r.error !== undefined || r.readError) ? 1 : 0;
}

/**
 * Analyses `files` on `threads` workers, calling `inOrder` with each result in the files' order
 * (a result waits for those before it), and resolves with all of them.
 */
function analyzeOnPool(files: readonly string[], threads: number, inOrder: (r: BatchResult) => void): Promise<BatchResult[]> {
  const results: Array<BatchResult | undefined> = new Array(files.length);
  let next = 0,
    emitted = 0,
    done = 0;
  return new Promise((resolve, reject) => {
    if (!files.length) return resolve([]);
    const workers: Worker[] = [];
    const feed = (w: Worker): void => {
      if (next < files.length) w.postMessage({ k: next, path: files[next++] });
    };
    for (let t = 0; t < threads; t++) {
      // The bundle sits next to the CLI's (scripts/build.mjs).
      const w = new Worker(path.join(__dirname, 'cli-analyze-worker.js'));
      workers.push(w);
      w.on('message', (r: BatchResult) => {
        results[r.k] = r;
        while (emitted < files.length && results[emitted]) inOrder(results[emitted++]!);
        if (++done === files.length) {
          for (const x of workers) void x.terminate();
          resolve(results as BatchResult[]);
        } else feed(w);
      });
      w.on('error', (e) => {
        for (const x of workers) void x.terminate();
        reject(e);
      });
      feed(w);
    }
  });
}

function jsonLine(r: BatchResult): object {
  if (r.error !== undefined) return { path: r.path, error: r.error };
  return { path: r.path, packets: r.packets, ...(r.readError ? { readError: r.readError } : {}), findings: r.findings };
}

/** One SARIF log, one run per capture (a failed one is a run whose invocation did not succeed). */
function sarifLog(results: readonly BatchResult[]): object {
  const runs = results.map((r) => {
    const log = toSarif(r.path, r.error === undefined ? r.findings : [], r.error === undefined ? r.readError : { message: r.error, offset: 0 }) as {
      runs: object[];
    };
    return log.runs[0];
  });
  const first = toSarif('', []) as Record<string, unknown>;
  return { $schema: first.$schema, version: first.version, runs };
}
