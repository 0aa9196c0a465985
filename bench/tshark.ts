import { spawnSync } from 'node:child_process';
import { timeProcess } from './timeProcess';

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

/** Seconds and peak RSS of `tshark -q -z expert` (its expert analysis, the job `analyze` replaces). */
export async function timeTsharkExpert(path: string): Promise<{ seconds: number; peakRss: number } | undefined> {
  const r = await timeProcess('tshark', ['-r', path, '-q', '-z', 'expert'], '/dev/null');
  return r.status === 0 ? { seconds: r.seconds, peakRss: r.peakRss } : undefined;
}

/** Frames tshark flags tcp.analysis.retransmission, for comparing what the two find. */
export function tsharkRetransmissions(path: string): number[] | undefined {
  const r = spawnSync('tshark', ['-r', path, '-Y', 'tcp.analysis.retransmission', '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/**
 * tshark's analysis tags per flagged frame, read from its Info column (one
 * pass; the tags name the tcp.analysis flags one to one).
 */
export function tsharkAnalysisTags(path: string): Map<number, string> | undefined {
  const r = spawnSync('tshark', ['-r', path, '-Y', 'tcp.analysis.flags && !icmp && !icmpv6', '-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Info'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) return undefined;
  const out = new Map<number, string>();
  for (const line of r.stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const tags = line.slice(tab + 1).match(/^(\[TCP [^\]]*\] ?)+/);
    if (tags) out.set(Number(line.slice(0, tab)), tags[0].replace(/\[TCP segment of a reassembled PDU\] ?/g, '').trim());
  }
  return out;
}
