// `npm run bench:editor` (second part): the memory target measured where it applies, in a real VS Code.
// code-server (VS Code from the npm registry, see test/integration/setup.sh) runs the extension from
// this checkout; bench/vscode/measureInHost.ts, run inside its extension host, opens the 1 M-packet
// capture in the editor and reads the extension host process's own RSS and peak (VmHWM) before and
// after. Skipped with the reason when code-server or the capture is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Profile } from '../test/integration/codeServer';
import { E2E, ROOT, missingPrerequisite, prepareProfile, runSuiteInExtensionHost, startCodeServer } from '../test/integration/codeServer';
import { mib, printTable, secs, verdict } from './report';

const CAPTURE = path.join(ROOT, 'bench/.cache/bench-1m.pcap');
const RUN = path.join(E2E, 'bench-run');
const TARGET_HOST_MB = 200;

interface HostFigures {
  before: { rss: number; hwm: number };
  after: { rss: number; hwm: number };
  loaded: number;
  analysed: number;
  findingsShown: number;
  packets: number;
  flows: number;
  findings: number;
  answeredByEditor: number;
}

async function main(): Promise<void> {
  const missing = missingPrerequisite() ?? (fs.existsSync(CAPTURE) ? undefined : `${path.relative(ROOT, CAPTURE)} missing (npm run bench:editor records it)`);
  if (missing) {
    console.log(`Real VS Code measurement skipped: ${missing}.`);
    return;
  }
  fs.rmSync(RUN, { recursive: true, force: true });
  const ws = path.join(RUN, 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  fs.symlinkSync(CAPTURE, path.join(ws, 'bench-1m.pcap'));
  const resultPath = path.join(RUN, 'result.json');
  fs.writeFileSync(path.join(ws, '.bench-result-path'), resultPath);
  const profile: Profile = { userData: path.join(RUN, 'user-data'), extensions: path.join(RUN, 'extensions') };
  prepareProfile(profile);
  const testsPath = path.join(RUN, 'out/measureInHost.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'vscode/measureInHost.ts')],
    outfile: testsPath,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  console.log('Opening bench/.cache/bench-1m.pcap in a real VS Code (code-server), measuring its extension host...');
  const cs = await startCodeServer(RUN, profile, ws);
  try {
    const r = await runSuiteInExtensionHost(cs.url, RUN, ROOT, testsPath, ws);
    if (r.code !== 0 || !fs.existsSync(resultPath))
      throw new Error(`the measurement in the extension host failed (exit ${r.code}; see ${path.relative(ROOT, RUN)}/code-server.log)`);
  } finally {
    cs.stop();
  }
  const f = JSON.parse(fs.readFileSync(resultPath, 'utf8')) as HostFigures;
  const added = f.after.hwm - f.before.rss;
  printTable(`Extension host of a real VS Code (code-server) opening ${f.packets.toLocaleString('en-US')} packets`, [
    ['rows read (loaded)', secs(f.loaded)],
    ['analysis ready', `${secs(f.analysed)}  (${f.flows.toLocaleString('en-US')} flows)`],
    [
      'findings in the Problems panel',
      `${secs(f.findingsShown)}  (${f.findings} findings; answered by the editor's worker: ${f.answeredByEditor > 0 ? 'yes' : 'no'})`,
    ],
    ['extension host RSS before opening', mib(f.before.rss)],
    ['extension host peak (VmHWM) after', `${mib(f.after.hwm)}  (RSS now ${mib(f.after.rss)})`],
    ['added by the capture (peak − RSS before)', mib(added)],
  ]);
  printTable('Target (issue 4), in the real extension host', [
    [`memory for the capture < ${TARGET_HOST_MB} MB`, `${verdict(added < TARGET_HOST_MB * 1e6)}  (${(added / 1e6).toFixed(0)} MB)`],
  ]);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
