import { execFileSync } from 'node:child_process';

/**
 * What tshark reads from a file (optionally through a display filter): per frame its epoch time
 * (nanoseconds), lengths and comments, then the frames' bytes as `tshark -x` dumps them.
 */
export function tsharkPackets(file: string, filter?: string): { frames: string[]; bytes: string[] } {
  const filterArgs = filter ? ['-Y', filter] : [];
  const run = (args: string[]): string =>
    execFileSync('tshark', ['-r', file, '-n', ...filterArgs, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  const frames = run(['-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.comment'])
    .split('\n')
    .filter((l) => l !== '');
  const bytes = run(['-x'])
    .split('\n')
    .filter((l) => /^[0-9a-f]{4} {2}/.test(l));
  return { frames, bytes };
}

/** mergecap's output for the inputs, read back the same way. */
export function mergecapPackets(out: string, inputs: string[]): { frames: string[]; bytes: string[] } {
  execFileSync('mergecap', ['-w', out, ...inputs], { stdio: 'ignore' });
  return tsharkPackets(out);
}

export function hasMergecap(): boolean {
  try {
    execFileSync('mergecap', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
