import { spawnSync } from 'node:child_process';
import type { Capture } from '../../../src/core/capture/openCapture';
import { followStream } from '../../../src/core/follow/followCapture';
import { writeFollowText } from '../../../src/core/follow/followText';

export const HAVE_TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;

/** tshark's `-z follow,KIND,raw,N` output for a file. */
export function tsharkFollowRaw(file: string, kind: 'tcp' | 'udp', stream: number): string {
  const r = spawnSync('tshark', ['-r', file, '-q', '-z', `follow,${kind},raw,${stream}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return r.stdout;
}

/** Ours, in the same layout. */
export function ourFollowRaw(capture: Capture, kind: 'tcp' | 'udp', stream: number): string {
  const s = followStream(capture, { kind, stream });
  if (!s) throw new Error(`no ${kind} stream ${stream}`);
  const lines: string[] = [];
  writeFollowText(s, 'raw', 'both', (l) => lines.push(l));
  return `${lines.join('\n')}\n`;
}

/** The data lines only (no banner, filter or node lines). */
export function dataLines(raw: string): string[] {
  return raw.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
}
