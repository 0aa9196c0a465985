import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

/** Wall time from spawn to exit and the peak RSS of one command. */
export interface ProcessRun {
  seconds: number;
  peakRss: number;
  status: number | null;
}

/**
 * Runs a command with stdout into `outFile`, timing it from spawn to exit. Peak RSS is the
 * kernel's VmHWM of the process, polled every 20 ms: a high-water mark, so the last poll before
 * exit is the peak; /usr/bin/time is not used so the figure does not depend on it being installed.
 */
export async function timeProcess(command: string, args: string[], outFile: string): Promise<ProcessRun> {
  const out = fs.openSync(outFile, 'w');
  const t0 = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', out, 'ignore'] });
  let peak = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // Gone: the last reading stands.
    }
  }, 20);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(poll);
  fs.closeSync(out);
  return { seconds, peakRss: peak, status };
}
