// `npm run bench`: how fast a 1 M-packet capture of real traffic is read, decoded
// and indexed, against a header-only walk (the ceiling for Node) and tshark, how
// much memory the index takes, and whether a file beyond Node's single-Buffer
// limit opens; then `analyze --json` end to end against tshark on it and on a
// many-connection capture. Each measured run is a fresh child process so peak RSS is clean.
// --capture-only: record the missing captures and stop; --e2e-only: only the end-to-end figures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freeBytes, writeRepeatedCapture } from './bigCapture';
import type { RunMode, RunResult } from './child';
import { runChild } from './child';
import { compareFigure } from './compareFigure';
import { endToEndFigure } from './endToEnd';
import { ensureBenchCapture } from './ensureCapture';
import { MB, mbps, mib, printTable, rate, secs, verdict } from './report';
import { bestOf, runInChild } from './runInChild';
import { onPath, timeTshark, timeTsharkExpert, tsharkAnalysisTags, tsharkRetransmissions } from './tshark';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'bench/.cache');
const CAPTURE = path.join(CACHE, 'bench-1m.pcap');
/** ~36,000 short HTTP connections in 1 M packets: per-conversation work dominates. */
const CONNS_CAPTURE = path.join(CACHE, 'bench-conns-1m.pcap');
const BIG = path.join(CACHE, 'bench-5g.pcap');
const BIG_BYTES = 5e9;
const BIG_MIN_FREE = 15e9;
const TARGET_PACKETS_PER_S = 2e6;
const TARGET_INDEX_BYTES = 64;

type BigResult = { skipped: string } | { bytes: number; run: RunResult };

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const result = await runChild(process.argv[3] as RunMode, process.argv[4], process.argv[5]);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const why = ensureBenchCapture(ROOT, CAPTURE);
  if (why) {
    console.log(`No figures produced: ${why}.`);
    return;
  }
  const connsWhy = ensureBenchCapture(ROOT, CONNS_CAPTURE, 'many-connections');
  if (connsWhy) console.log(`The many-connection capture is skipped: ${connsWhy}.`);
  if (process.argv[2] === '--capture-only') {
    console.log(`Captures ready in ${path.relative(ROOT, CACHE)}.`);
    return;
  }
  if (process.argv[2] === '--e2e-only') {
    await endToEndFigures(connsWhy === undefined);
    return;
  }
  if (process.argv[2] === '--compare-only') {
    compareFigure(CAPTURE);
    return;
  }
  const size = fs.statSync(CAPTURE).size;

  console.log('openCaptureFile on the 1 M-packet capture: best of 3, one process per run...');
  const ours = bestOf(3, 'open', CAPTURE);
  console.log('Header-only walk (ceiling): best of 3...');
  const ceiling = bestOf(3, 'walk', CAPTURE);
  let tshark: number | undefined;
  if (onPath('tshark')) {
    console.log('tshark -q -z conv,tcp (once)...');
    tshark = timeTshark(CAPTURE);
  }
  console.log('analyzeCapture (flows, tcp.analysis, diagnosis): best of 3...');
  const analysis = bestOfAnalysis(3);
  let expert: { seconds: number; peakRss: number } | undefined;
  let tsharkRetrans: number[] | undefined;
  let tsharkTags: Map<number, string> | undefined;
  if (onPath('tshark')) {
    console.log('tshark -q -z expert (once) and tshark -Y tcp.analysis.retransmission (once)...');
    expert = await timeTsharkExpert(CAPTURE);
    tsharkRetrans = tsharkRetransmissions(CAPTURE);
    console.log('tshark analysis tags of every flagged frame (once)...');
    tsharkTags = tsharkAnalysisTags(CAPTURE);
  }
  const big = largeFileCheck();

  const n = ours.packets;
  printTable(`Capture: ${path.relative(ROOT, CAPTURE)}`, [
    ['size', `${(size / MB).toFixed(0)} MB`],
    ['packets', `${n.toLocaleString('en-US')}${n === ceiling.packets ? '' : `  (header walk counts ${ceiling.packets}: MISMATCH)`}`],
    ...(ours.error ? [['engine error', ours.error] as [string, string]] : []),
  ]);
  printTable('Reading + decoding + indexing (openCaptureFile)', [
    ['time (best of 3)', secs(ours.seconds)],
    ['packets/s', rate(n, ours.seconds)],
    ['throughput', mbps(size, ours.seconds)],
    ['peak RSS (VmHWM)', mib(ours.peakRss)],
  ]);
  printTable('Ceiling: record headers only, one DataView per 8 MiB chunk', [
    ['time (best of 3)', secs(ceiling.seconds)],
    ['packets/s', rate(ceiling.packets, ceiling.seconds)],
    ['throughput', mbps(size, ceiling.seconds)],
    ['ours / ceiling', `${((ceiling.seconds / ours.seconds) * 100).toFixed(0)} % of the ceiling's speed`],
  ]);
  if (tshark !== undefined) {
    printTable('tshark -r F -q -z conv,tcp', [
      ['time (once)', secs(tshark)],
      ['packets/s', rate(n, tshark)],
      ['ours / tshark', `${(tshark / ours.seconds).toFixed(1)}x faster`],
    ]);
  } else console.log('\ntshark: not on PATH, comparison skipped');

  const aSecs = analysis.analysisSeconds ?? NaN;
  const ourRetrans = new Set(analysis.retransmissions ?? []);
  const both = tsharkRetrans ? tsharkRetrans.filter((f) => ourRetrans.has(f)).length : 0;
  printTable('Analysis: analyzeCapture on the opened capture (flows, tcp.analysis.*, diagnosis)', [
    ['time (best of 3)', secs(aSecs)],
    ['packets/s', rate(n, aSecs)],
    ['open + analyze', `${secs(analysis.seconds + aSecs)}  (${rate(n, analysis.seconds + aSecs)})`],
    ['peak RSS (VmHWM)', mib(analysis.peakRss)],
    ['findings', String(analysis.findings)],
    ...(expert !== undefined
      ? [
          [
            'tshark -q -z expert',
            `${secs(expert.seconds)}  (${rate(n, expert.seconds)}), peak RSS ${mib(expert.peakRss)}; analyze is ${(expert.seconds / aSecs).toFixed(1)}x faster, open+analyze ${(expert.seconds / (analysis.seconds + aSecs)).toFixed(1)}x`,
          ] as [string, string],
        ]
      : []),
    ...(tsharkRetrans ? [['retransmissions', `ours ${ourRetrans.size}, tshark ${tsharkRetrans.length}, same frames ${both}`] as [string, string]] : []),
    ...(tsharkTags ? [['tcp.analysis flags', flagAgreement(analysis.tags ?? {}, tsharkTags)] as [string, string]] : []),
  ]);

  const io = analysis.ioGraph;
  if (io)
    printTable('I/O graph in the worker (Graphs tab: GraphRequests.ioGraph, auto interval, 1200 columns)', [
      ['whole capture', `${secs(io.seconds)}  (${io.intervals.toLocaleString('en-US')} intervals of ${io.interval} s)`],
      ['+ 2 filters (retransmission, reset)', secs(io.filteredSeconds)],
    ]);

  const allocated = ((ours.columnCapacity ?? n) * (ours.columnBytesPerPacket ?? 0)) / n;
  const unused = ((ours.columnCapacity ?? n) - n) * (ours.columnBytesPerPacket ?? 0);
  printTable('Index memory per packet', [
    ['columns (columnBytesPerPacket)', `${ours.columnBytesPerPacket} B`],
    ['columns as allocated', `${allocated.toFixed(0)} B  (capacity ${ours.columnCapacity?.toLocaleString('en-US')} rows for ${n.toLocaleString('en-US')})`],
    ['retained after GC, all tables', `${((ours.retainedBytes ?? 0) / n).toFixed(0)} B  (heap + ArrayBuffers kept by the open capture)`],
    ['  less unused column capacity', `${(((ours.retainedBytes ?? 0) - unused) / n).toFixed(1)} B  (columns + side tables for the rows used)`],
  ]);

  if ('skipped' in big) console.log(`\nLarge file: skipped, ${big.skipped}`);
  else {
    printTable(`Large file: ${(big.bytes / 1e9).toFixed(1)} GB (the bench records repeated)`, [
      ['packets', big.run.packets.toLocaleString('en-US') + (big.run.error ? `  (engine error: ${big.run.error})` : '')],
      ['time', secs(big.run.seconds)],
      ['packets/s', rate(big.run.packets, big.run.seconds)],
      ['peak RSS (VmHWM)', `${mib(big.run.peakRss)}  (${((big.run.peakRss / big.bytes) * 100).toFixed(1)} % of the file)`],
    ]);
  }

  compareFigure(CAPTURE);
  await endToEndFigures(connsWhy === undefined);

  const pps = n / ours.seconds;
  printTable('Targets (from the issue)', [
    ['read+decode+index >= 2 M packets/s', `${verdict(pps >= TARGET_PACKETS_PER_S)}  (${rate(n, ours.seconds)})`],
    [
      `index <= ${TARGET_INDEX_BYTES} bytes/packet`,
      `${verdict((ours.columnBytesPerPacket ?? Infinity) <= TARGET_INDEX_BYTES)}  (${ours.columnBytesPerPacket} B of columns)`,
    ],
    ['analyze >= 1 M packets/s', `${verdict(n / aSecs >= 1e6)}  (${rate(n, aSecs)})`],
    ...(expert !== undefined
      ? [['analyze >= 15x tshark -z expert', `${verdict(expert.seconds / aSecs >= 15)}  (${(expert.seconds / aSecs).toFixed(1)}x)`] as [string, string]]
      : []),
    ...(expert !== undefined
      ? [
          ['open+analyze memory below tshark', `${verdict(analysis.peakRss < expert.peakRss / 2)}  (${mib(analysis.peakRss)} vs ${mib(expert.peakRss)})`] as [
            string,
            string,
          ],
        ]
      : []),
    ...(tsharkRetrans
      ? [
          ['same retransmissions as tshark', `${verdict(both === tsharkRetrans.length && both === ourRetrans.size)}  (${both} of ${tsharkRetrans.length})`] as [
            string,
            string,
          ],
        ]
      : []),
  ]);
}

/** `analyze --json` against tshark end to end, on the mixed capture and (when recorded) the many-connection one. */
async function endToEndFigures(withConns: boolean): Promise<void> {
  await endToEndFigure(ROOT, CAPTURE, `${path.basename(CAPTURE)} (mixed traffic)`);
  if (withConns) await endToEndFigure(ROOT, CONNS_CAPTURE, `${path.basename(CONNS_CAPTURE)} (many connections)`);
}

/** Flagged frames on either side, how many carry the same tags, and the first few differences. */
function flagAgreement(ours: Record<number, string>, theirs: Map<number, string>): string {
  const frames = new Set([...Object.keys(ours).map(Number), ...theirs.keys()]);
  let same = 0;
  const diffs: string[] = [];
  for (const f of frames) {
    if ((ours[f] ?? '') === (theirs.get(f) ?? '')) same++;
    else if (diffs.length < 5) diffs.push(`#${f} ours "${ours[f] ?? ''}" tshark "${theirs.get(f) ?? ''}"`);
  }
  const pct = frames.size ? ((100 * same) / frames.size).toFixed(2) : '100.00';
  return `${frames.size} flagged frames, ${same} identical (${pct}%)${diffs.length ? `; e.g. ${diffs.join('; ')}` : ''}`;
}

/** Best analysis time of n fresh-process runs (analysis seconds decide). */
function bestOfAnalysis(runs: number): RunResult {
  const all = Array.from({ length: runs }, () => runInChild('analyze', CAPTURE));
  const best = all.reduce((a, b) => ((b.analysisSeconds ?? Infinity) < (a.analysisSeconds ?? Infinity) ? b : a));
  return { ...best, peakRss: Math.max(...all.map((r) => r.peakRss)) };
}

/** Writes a ~5 GB pcap (streamed), opens it in a child process, and always deletes it. */
function largeFileCheck(): BigResult {
  const free = freeBytes(CACHE);
  if (free < BIG_MIN_FREE) return { skipped: `only ${(free / 1e9).toFixed(1)} GB free in ${CACHE} (needs ${BIG_MIN_FREE / 1e9} GB)` };
  try {
    console.log(`Writing a ${BIG_BYTES / 1e9} GB capture (streamed) for the large-file check...`);
    const bytes = writeRepeatedCapture(CAPTURE, BIG, BIG_BYTES);
    console.log('Opening it with openCaptureFile in a child process...');
    return { bytes, run: runInChild('open', BIG) };
  } catch (e) {
    return { skipped: `FAILED: ${(e as Error).message}` };
  } finally {
    fs.rmSync(BIG, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
