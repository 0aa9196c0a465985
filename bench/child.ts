import * as fs from 'node:fs';
import { analyzeCapture } from '../src/core/analysis';
import { compareCaptures } from '../src/core/compare/compareCaptures';
import { captureFieldSource } from '../src/core/filter/compileFilter';
import { GraphRequests } from '../src/extension/worker/graphRequests';
import { openCaptureFile } from '../src/core/capture/openCapture';
import { openComparedPair } from '../src/cli/openComparedPair';
import { analysisBit, analysisInfoTags } from '../src/core/index/analysisFlags';
import { walkPcapHeaders } from './headerWalk';

const RETRANSMISSION = analysisBit('retransmission');

/** What one measured run in a fresh process reports back (as one JSON line on stdout). */
export interface RunResult {
  seconds: number;
  packets: number;
  /** Peak resident set of the whole process (VmHWM), bytes. */
  peakRss: number;
  /** Heap + ArrayBuffer bytes the open capture keeps alive after a full GC (open runs only). */
  retainedBytes?: number;
  columnBytesPerPacket?: number;
  /** Rows the columns were allocated for (capacity), against `packets` rows used. */
  columnCapacity?: number;
  error?: string;
  /** analyze runs: seconds of analyzeCapture alone, findings, and 1-based frames flagged as retransmissions. */
  analysisSeconds?: number;
  findings?: number;
  retransmissions?: number[];
  /** analyze runs: Info-column analysis tags ("[TCP Retransmission] …") of every flagged frame, by frame number. */
  tags?: Record<number, string>;
  /** analyze runs: the worker's I/O graph (auto interval, 1200 columns): whole capture, and with two filters; its interval count. */
  ioGraph?: { seconds: number; filteredSeconds: number; intervals: number; interval: number };
  /** compare runs: seconds of compareCaptures alone (both captures open), what it found, B's packet count. */
  compare?: { seconds: number; packetsB: number; matched: number; lostBetween: number; appearedBetween: number; modified: number; clockOffset: number | null };
}

/** The Graphs tab's I/O graph as the worker answers it, timed: first the whole capture alone, then with two filters. */
function timeIoGraph(capture: Awaited<ReturnType<typeof openCaptureFile>>, analysis: ReturnType<typeof analyzeCapture>): RunResult['ioGraph'] {
  const t0 = process.hrtime.bigint();
  const plain = new GraphRequests(capture, captureFieldSource(capture), analysis).ioGraph({
    type: 'ioGraph',
    interval: 'auto',
    unit: 'packets',
    filters: [],
    width: 1200,
  });
  const seconds = since(t0);
  const t1 = process.hrtime.bigint();
  new GraphRequests(capture, captureFieldSource(capture), analysis).ioGraph({
    type: 'ioGraph',
    interval: 'auto',
    unit: 'bytes',
    filters: ['tcp.analysis.retransmission', 'tcp.flags.reset==1'],
    width: 1200,
  });
  return { seconds, filteredSeconds: since(t1), intervals: plain.graph?.series[0].total ?? 0, interval: plain.interval };
}

export type RunMode = 'open' | 'walk' | 'analyze' | 'compare';

/** Runs one measurement in this process; a child per run gives each a clean peak RSS. */
export async function runChild(mode: RunMode, path: string, pathB?: string): Promise<RunResult> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const before = liveBytes();
  const t0 = process.hrtime.bigint();
  if (mode === 'walk') {
    const packets = walkPcapHeaders(path);
    return { seconds: since(t0), packets, peakRss: vmHwm() };
  }
  if (mode === 'compare') {
    // As the CLI does: B read in a worker thread while this one reads A.
    const [a, b] = await openComparedPair(path, pathB!);
    const [capture, other] = [a.capture, b.capture];
    const seconds = since(t0);
    const t1 = process.hrtime.bigint();
    const r = compareCaptures(capture, other, { a: a.facts, b: b.facts });
    const compare = {
      seconds: since(t1),
      packetsB: other.index.count,
      matched: r.packets.matched,
      lostBetween: r.packets.lostBetween,
      appearedBetween: r.packets.appearedBetween,
      modified: r.packets.modified,
      clockOffset: r.clockOffset,
    };
    capture.close();
    other.close();
    return { seconds, packets: capture.index.count, peakRss: vmHwm(), compare };
  }
  const capture = await openCaptureFile(path);
  const seconds = since(t0);
  if (mode === 'analyze') {
    const t1 = process.hrtime.bigint();
    const analysis = analyzeCapture(capture);
    const { findings } = analysis;
    const analysisSeconds = since(t1);
    const ioGraph = timeIoGraph(capture, analysis);
    const ix = capture.index;
    const retransmissions: number[] = [];
    const tags: Record<number, string> = {};
    for (let i = 0; i < ix.count; i++) {
      if (ix.analysis[i] & RETRANSMISSION) retransmissions.push(i + 1);
      if (ix.analysis[i]) tags[i + 1] = analysisInfoTags(ix.analysis[i], ix.dupAcks.get(i)).trim();
    }
    capture.close();
    return { seconds, packets: ix.count, peakRss: vmHwm(), analysisSeconds, findings: findings.length, retransmissions, tags, ioGraph };
  }
  gc();
  const ix = capture.index;
  const result: RunResult = {
    seconds,
    packets: ix.count,
    peakRss: vmHwm(),
    retainedBytes: liveBytes() - before,
    columnBytesPerPacket: ix.columnBytesPerPacket,
    columnCapacity: ix.capacity,
    error: ix.error?.message,
  };
  capture.close();
  return result;
}

function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function liveBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Peak RSS from the kernel's own high-water mark, so no sampling timer can miss it. */
function vmHwm(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return kb ? Number(kb[1]) * 1024 : NaN;
}
