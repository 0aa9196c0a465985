// `npm run bench:editor`: the editor's targets on the 1 M-packet capture, measured the way the
// extension host sees them. This process plays the extension host: it drives the real capture worker
// (dist/worker.js) through the real CaptureWorkerClient and the typed protocol, asks for the first
// window of rows as soon as the worker reports rows (as the webview does), and waits for the
// analysis. Each run is a fresh process so its peak RSS (VmHWM: main thread + worker, like the
// extension host holding the worker) is its own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaptureWorkerClient } from '../src/extension/captureWorkerClient';
import type { WorkerToHost } from '../src/protocol';
import { ensureBenchCapture } from './ensureCapture';
import { mib, printTable, secs, verdict } from './report';

const ROOT = path.resolve(__dirname, '..');
const CAPTURE = path.join(ROOT, 'bench/.cache/bench-1m.pcap');
/** A 22-packet capture: its run gives the memory of the host and an idle worker, before any capture. */
const TINY = path.join(ROOT, 'test/fixtures/founding-tsecr.pcap');
const WORKER = path.join(__dirname, 'worker.js');
const RUNS = Number(process.env.RUNS ?? 3);
/** Rows on one screen of the table: the window the webview asks for first. */
const FIRST_WINDOW = 60;
const TARGET_FIRST_ROWS_S = 1;
const TARGET_ANALYSIS_S = 3;
const TARGET_HOST_MB = 200;

interface EditorRun {
  /** open → first window of rows received by the host. */
  firstRows: number;
  /** open → 'loaded' (every packet indexed). */
  loaded: number;
  /** open → analysis 'ready' (flow count + findings) received by the host. */
  analysis: number;
  packets: number;
  flows: number;
  findings: number;
  /** VmHWM of this process (host main thread + worker thread) once every packet is indexed, bytes. */
  peakRssLoaded: number;
  /** VmHWM of this process at the end (analysis, then a flows window, a detail, a diagram and the Problems findings), bytes. */
  peakRss: number;
}

function vmHwm(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** One measured open of `file`, in this process. */
function measure(file: string): Promise<EditorRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const since = () => (performance.now() - t0) / 1000;
    const run: Partial<EditorRun> = {};
    let asked = false;
    const client = new CaptureWorkerClient(
      WORKER,
      (m: WorkerToHost) => {
        switch (m.type) {
          case 'progress':
            if (!asked && m.packets > 0) {
              asked = true;
              client.post({ type: 'request', view: 'bench', msg: { type: 'rows', id: 1, gen: m.gen, start: 0, count: FIRST_WINDOW } });
            }
            break;
          case 'reply':
            if (m.msg.type === 'rows' && m.msg.rows.length > 0) run.firstRows ??= since();
            break;
          case 'loaded':
            run.loaded = since();
            run.packets = m.header.packets;
            run.peakRssLoaded = vmHwm();
            break;
          case 'analysis':
            if (m.analysis.status === 'running') break;
            if (m.analysis.status !== 'ready') return reject(new Error(`analysis ${m.analysis.status}: ${m.analysis.reason}`));
            run.analysis = since();
            run.flows = m.analysis.flowCount;
            run.findings = m.analysis.findings.length;
            // Then what an open editor asks for next: the Flows tab's first window, a packet's detail,
            // its stream's diagram, and the Problems panel's findings (answered by this same worker).
            client.post({
              type: 'request',
              view: 'bench',
              msg: { type: 'flows', id: 2, sort: { key: 'stream', descending: false }, start: 0, count: FIRST_WINDOW },
            });
            client.post({ type: 'request', view: 'bench', msg: { type: 'detail', id: 3, packet: 2 } });
            client.post({ type: 'request', view: 'bench', msg: { type: 'ladder', id: 4, stream: 0 } });
            client.post({ type: 'query', msg: { type: 'analyze', id: 5 } });
            break;
          case 'queryReply':
            // Kept alive until the end, as the extension host's CaptureDocument keeps it.
            run.peakRss = vmHwm();
            client.terminate();
            resolve(run as EditorRun);
            break;
          case 'failed':
          case 'error':
            reject(new Error(m.message));
            break;
        }
      },
      (code) => reject(new Error(`worker exited with code ${code}`)),
    );
    client.post({ type: 'open', source: { kind: 'path', path: file, fileName: path.basename(file) }, stop: new SharedArrayBuffer(4) });
  });
}

function runInChild(file: string): EditorRun {
  const r = spawnSync(process.execPath, [process.argv[1], '--child', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`child run failed with status ${r.status ?? r.signal}`);
  return JSON.parse(line) as EditorRun;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    process.stdout.write(`${JSON.stringify(await measure(process.argv[3]))}\n`);
    return;
  }
  const why = ensureBenchCapture(ROOT, CAPTURE);
  if (why) {
    console.log(`No figures produced: ${why}.`);
    return;
  }
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} missing: run npm run build`);
  console.log(`Opening ${path.relative(ROOT, CAPTURE)} through the capture worker: ${RUNS} runs, one process each...`);
  const runs: EditorRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = runInChild(CAPTURE);
    console.log(`  run ${i + 1}: first rows ${secs(r.firstRows)}, loaded ${secs(r.loaded)}, analysis ${secs(r.analysis)}, peak ${mib(r.peakRss)}`);
    runs.push(r);
  }
  const baseline = runInChild(TINY).peakRss;
  const first = median(runs.map((r) => r.firstRows));
  const loaded = median(runs.map((r) => r.loaded));
  const analysis = median(runs.map((r) => r.analysis));
  const peak = Math.max(...runs.map((r) => r.peakRss));
  const { packets, flows, findings } = runs[0];
  printTable(`Editor on ${path.relative(ROOT, CAPTURE)} (${packets.toLocaleString('en-US')} packets; median of ${RUNS}, peak = highest)`, [
    ['first rows returned to the host', secs(first)],
    ['every packet indexed (loaded)', secs(loaded)],
    ['analysis ready (flows + findings)', `${secs(analysis)}  (${flows.toLocaleString('en-US')} flows, ${findings} findings)`],
    ['host process peak RSS when loaded', mib(Math.max(...runs.map((r) => r.peakRssLoaded)))],
    ['host process peak RSS (VmHWM)', `${mib(peak)}  (host + worker on a 22-packet capture: ${mib(baseline)})`],
  ]);
  printTable('Targets (issue 4)', [
    [`first rows < ${TARGET_FIRST_ROWS_S} s`, `${verdict(first < TARGET_FIRST_ROWS_S)}  (${secs(first)})`],
    [`full analysis < ${TARGET_ANALYSIS_S} s`, `${verdict(analysis < TARGET_ANALYSIS_S)}  (${secs(analysis)})`],
    [`extension host memory < ${TARGET_HOST_MB} MB`, `${verdict(peak < TARGET_HOST_MB * 1e6)}  (${(peak / 1e6).toFixed(0)} MB)`],
  ]);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
