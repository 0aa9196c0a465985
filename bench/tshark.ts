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

/** Seconds for `tshark -q -z expert` (its expert analysis, the job `analyze` replaces). */
export function timeTsharkExpert(path: string): number | undefined {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('tshark', ['-r', path, '-q', '-z', 'expert'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return r.status === 0 ? seconds : undefined;
}

/** Frames tshark flags tcp.analysis.retransmission, for comparing what the two find. */
export function tsharkRetransmissions(path: string): number[] | undefined {
  const r = spawnSync('tshark', ['-r', path, '-Y', 'tcp.analysis.retransmission', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\n').filter(Boolean).map(Number);
}
