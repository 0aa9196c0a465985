import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mib, printTable, secs } from './report';
import { timeProcess } from './timeProcess';
import type { ProcessRun } from './timeProcess';
import { onPath } from './tshark';

/**
 * `pcap-inspector analyze --json F > file` against `tshark -q -z expert -r F`, both end to end
 * (process start to exit) in the same run: ours best of `runs` fresh processes, tshark once (it
 * takes ~10x longer). Prints the figures; no verdict is asserted.
 */
export async function endToEndFigure(root: string, capture: string, label: string, runs = 3): Promise<void> {
  const cli = path.join(root, 'dist/cli.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-e2e-'));
  try {
    console.log(`End to end on ${label}: pcap-inspector analyze --json (best of ${runs}), tshark -q -z expert (once)...`);
    const ours: ProcessRun[] = [];
    for (let k = 0; k < runs; k++) ours.push(await timeProcess(process.execPath, [cli, 'analyze', capture, '--json'], path.join(tmp, 'analyze.json')));
    const best = ours.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const peak = Math.max(...ours.map((r) => r.peakRss));
    const outBytes = fs.statSync(path.join(tmp, 'analyze.json')).size;
    const rows: Array<[string, string]> = [
      [
        'pcap-inspector analyze --json',
        `${secs(best.seconds)} (runs: ${ours.map((r) => r.seconds.toFixed(2)).join(', ')}), peak RSS ${mib(peak)}, ${(outBytes / 1e6).toFixed(1)} MB of JSON${best.status === 0 ? '' : `, EXIT ${best.status}`}`,
      ],
    ];
    // --cache: the first run analyses and keeps the report, the second only checks the key and reads it back.
    const cacheDir = path.join(tmp, 'cache');
    const cold = await timeProcess(process.execPath, [cli, 'analyze', capture, '--json', '--cache', cacheDir], path.join(tmp, 'cached.json'));
    const warm = await timeProcess(process.execPath, [cli, 'analyze', capture, '--json', '--cache', cacheDir], path.join(tmp, 'cached.json'));
    rows.push([
      'analyze --json --cache DIR',
      `first ${secs(cold.seconds)} (analyses, keeps the report), reopen ${secs(warm.seconds)}, peak RSS ${mib(warm.peakRss)}`,
    ]);
    if (onPath('tshark')) {
      const tshark = await timeProcess('tshark', ['-q', '-z', 'expert', '-r', capture], path.join(tmp, 'expert.txt'));
      rows.push(['tshark -q -z expert', `${secs(tshark.seconds)}, peak RSS ${mib(tshark.peakRss)}${tshark.status === 0 ? '' : `, EXIT ${tshark.status}`}`]);
      rows.push(['ratio', `${(tshark.seconds / best.seconds).toFixed(1)}x faster, ${(tshark.peakRss / peak).toFixed(1)}x less memory`]);
    } else rows.push(['tshark', 'not on PATH: comparison skipped']);
    printTable(`End to end (process start to exit, output to a file): ${label}`, rows);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
