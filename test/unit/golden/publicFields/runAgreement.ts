import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTRACT_FIELDS } from './contractFields';
import type { EngineRequest } from './engineChild';
import type { FileResult } from './fileAgreement';
import { TsharkFieldCache } from './tsharkFieldCache';

export interface AgreementOptions {
  publicDir: string;
  /** Where tshark's output is cached (keyed by file hash + tshark version). */
  cacheDir: string;
  tshark: string;
  /** A file the engine takes longer than this on counts as a hang. */
  fileTimeoutMs: number;
  examplesPerField: number;
  /** Engine processes at once (default 2: the machine this runs on has 2 cores). */
  parallel?: number;
  /** Only files whose relative path contains this. */
  only?: string;
  /** Told of each file tshark runs on (cache misses) and each file the engine finishes. */
  onTshark?: (name: string) => void;
  onFile?: (r: FileResult) => void;
}

export interface AgreementRun {
  tshark: string;
  files: FileResult[];
  /** Files tshark reads no packet from (it refuses the link type or the format): nothing to compare. */
  tsharkReadsNone: string[];
  ms: number;
}

/** Every capture under the public folder (recursively; gzip too), as public-packet-counts.ts lists them. */
export function publicCaptureFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.(txt|md)$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  return files;
}

/** Runs tshark (or reads its cached output) and the engine on every public capture and compares them. */
export async function runPublicFieldAgreement(o: AgreementOptions): Promise<AgreementRun> {
  const started = Date.now();
  const files = publicCaptureFiles(o.publicDir).filter((f) => !o.only || path.relative(o.publicDir, f).includes(o.only));
  const cache = new TsharkFieldCache(o.cacheDir, o.tshark);
  const tsv = await cache.fill(files, 2, (f) => o.onTshark?.(path.relative(o.publicDir, f)));
  if (!o.only) cache.prune(new Set(tsv.values()));
  const run: AgreementRun = { tshark: o.tshark, files: [], tsharkReadsNone: [], ms: 0 };
  const todo: { f: string; name: string; slot: number }[] = [];
  for (const f of files) {
    const name = path.relative(o.publicDir, f);
    if (startsWithFrame(tsv.get(f)!)) todo.push({ f, name, slot: todo.length });
    else run.tsharkReadsNone.push(name);
  }
  const results: FileResult[] = new Array(todo.length);
  // One engine process per core it may use; each takes the next file when it is done with one.
  const worker = async (): Promise<void> => {
    const engine = new EngineProcess(o.fileTimeoutMs);
    try {
      for (let job = todo.shift(); job; job = todo.shift()) {
        const r = await engine.compare({ file: job.f, name: job.name, tsv: tsv.get(job.f)!, examplesPerField: o.examplesPerField });
        results[job.slot] = r;
        o.onFile?.(r);
      }
    } finally {
      engine.stop();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 2) }, worker));
  run.files = results;
  run.ms = Date.now() - started;
  return run;
}

/** tshark printed at least one packet (its first line starts with a frame number). */
function startsWithFrame(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return /^\d+\t/.test(head.subarray(0, n).toString('latin1'));
  } finally {
    fs.closeSync(fd);
  }
}

/** One engine child at a time; replaced when it hangs on a file (killed) or dies. */
class EngineProcess {
  private child: ChildProcess | undefined;

  constructor(private readonly timeoutMs: number) {}

  compare(req: EngineRequest): Promise<FileResult> {
    const child = (this.child ??= fork(path.join(__dirname, 'engineChild.ts'), [], {
      execArgv: ['--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }));
    const failed = (extra: Partial<FileResult>): FileResult => ({
      file: req.name,
      tsharkPackets: 0,
      ourPackets: 0,
      ms: 0,
      fields: Object.fromEntries(CONTRACT_FIELDS.map((f) => [f.name, { packets: 0, agree: 0, withValue: 0, agreeWithValue: 0, listed: {} }])),
      examples: [],
      causes: {},
      ...extra,
    });
    return new Promise((resolve) => {
      const started = Date.now();
      const done = (r: FileResult) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(r);
      };
      const onMessage = (m: { result?: FileResult; crash?: string }) => done(m.result ?? failed({ crash: m.crash, ms: Date.now() - started }));
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        done(failed({ crash: `the engine process died (exit ${code}, signal ${signal})`, ms: Date.now() - started }));
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        this.child = undefined;
        done(failed({ hang: true, crash: `no answer within ${this.timeoutMs / 1000} s`, ms: Date.now() - started }));
      }, this.timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(req);
    });
  }

  stop(): void {
    this.child?.kill();
    this.child = undefined;
  }
}
