import { spawnSync } from 'node:child_process';

export function onPath(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/** Seconds for tshark to read the file and build its TCP conversation table (the closest tshark job to ours). */
export function timeTshark(path: string): number | undefined {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('tshark', ['-r', path, '-q', '-z', 'conv,tcp'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.log(`tshark failed (status ${r.status ?? r.signal}): ${r.stderr?.trim().slice(0, 200)}`);
    return undefined;
  }
  return seconds;
}
