import { spawnSync } from 'node:child_process';
import type { RunMode, RunResult } from './child';

/** Runs one measurement in a fresh Node process (this same bundle, `--child MODE FILE`). */
export function runInChild(mode: RunMode, path: string, pathB?: string): RunResult {
  const r = spawnSync(process.execPath, ['--expose-gc', process.argv[1], '--child', mode, path, ...(pathB ? [pathB] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`child run (${mode} ${path}) failed with status ${r.status ?? r.signal}`);
  return JSON.parse(line) as RunResult;
}

/** Best (fastest) of n runs; the peak RSS reported is the highest seen in any run. */
export function bestOf(n: number, mode: RunMode, path: string): RunResult {
  const runs = Array.from({ length: n }, () => runInChild(mode, path));
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, peakRss: Math.max(...runs.map((r) => r.peakRss)) };
}
