import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onPath } from './tshark';

const TOOLS = ['ip', 'tcpdump', 'iperf3', 'python3', 'ethtool', 'capinfos'];

/** The traffic mixes make-bench-capture.sh records (see its header). */
export type CaptureProfile = 'mixed' | 'many-connections';

/**
 * Makes sure a bench capture exists, recording it with make-bench-capture.sh
 * when missing. Returns why it could not, or undefined.
 */
export function ensureBenchCapture(root: string, file: string, profile: CaptureProfile = 'mixed'): string | undefined {
  if (fs.existsSync(file)) return undefined;
  if (process.getuid?.() !== 0) return 'recording the bench capture needs root (network namespaces and tcpdump)';
  const missing = TOOLS.filter((t) => !onPath(t));
  if (missing.length) return `recording the bench capture needs ${missing.join(', ')} on PATH`;
  console.log(`${path.relative(root, file)} is missing: recording the ${profile} traffic (about ${profile === 'mixed' ? 30 : 80} s)...`);
  const r = spawnSync('bash', [path.join(root, 'bench/make-bench-capture.sh'), file, profile], { stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(file)) return `make-bench-capture.sh ${profile} failed (status ${r.status ?? r.signal})`;
  return undefined;
}
