/**
 * `npm run fuzz [-- --iterations N --seed S --timeout MS --public]`: mutated captures through the
 * whole engine, in process. A worker thread runs the inputs; this thread is the watchdog: an input
 * that runs longer than --timeout is a hang, the worker is stopped and restarted after it. Failing
 * inputs are saved with their stack under .fuzz-failures/ (git-ignored); each input is also
 * reproducible from (seed, number). Prints inputs/s; exits 1 if anything failed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { exerciseEngine } from './exerciseEngine';
import { mutate } from './mutate';
import { Random } from './random';
import { fuzzSeeds } from './seeds';

interface Options {
  iterations: number;
  seed: number;
  timeoutMs: number;
  publicDir?: string;
  out: string;
  root: string;
  /** Self-test of the watchdog and the failure path: input N loops forever / throws. */
  selftestHang?: number;
  selftestCrash?: number;
}
interface Failure {
  n: number;
  how: string;
  error: string;
  bytes: Uint8Array;
}
interface WorkerInput {
  options: Options;
  from: number;
  progress: SharedArrayBuffer;
  input: SharedArrayBuffer;
}

/** Input number n of a run is a function of (seed, n) alone, so one failure replays without the rest. */
function inputRandom(seed: number, n: number): Random {
  return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35));
}

const MAX_SHARED_INPUT = 64 * 1024 * 1024;

function runWorker(): void {
  const { options, from, progress, input } = workerData as WorkerInput;
  const state = new Int32Array(progress); // [current input, its length, packets read]
  const shared = new Uint8Array(input);
  const seeds = fuzzSeeds(options.root, options.publicDir);
  for (let n = from; n < options.iterations; n++) {
    const { bytes, how } = mutate(seeds, inputRandom(options.seed, n));
    // The watchdog reads the input from here if this one never finishes.
    if (bytes.length <= shared.length) shared.set(bytes);
    Atomics.store(state, 1, bytes.length);
    Atomics.store(state, 0, n);
    try {
      if (n === options.selftestHang) for (;;);
      if (n === options.selftestCrash) throw new Error('self-test crash');
      Atomics.add(state, 2, exerciseEngine(bytes));
    } catch (e) {
      parentPort!.postMessage({ n, how, error: e instanceof Error ? (e.stack ?? e.message) : String(e), bytes } satisfies Failure);
    }
  }
  Atomics.store(state, 0, options.iterations);
}

function save(options: Options, f: Failure, kind: string): string {
  fs.mkdirSync(options.out, { recursive: true });
  const base = path.join(options.out, `${kind}-seed${options.seed}-input${f.n}`);
  fs.writeFileSync(`${base}.pcap`, f.bytes);
  fs.writeFileSync(`${base}.txt`, `input ${f.n} of seed ${options.seed}: ${f.how}\n\n${f.error}\n`);
  return `${base}.pcap`;
}

/** Runs the fuzzer; resolves to the failures (crashes and hangs) it saved. */
export function runFuzz(options: Options, log: (s: string) => void = console.log): Promise<Failure[]> {
  const failures: Failure[] = [];
  const started = Date.now();
  const progress = new SharedArrayBuffer(12),
    input = new SharedArrayBuffer(MAX_SHARED_INPUT);
  const state = new Int32Array(progress);
  return new Promise((resolve) => {
    const start = (from: number) => {
      Atomics.store(state, 0, from);
      const worker = new Worker(__filename, { workerData: { options, from, progress, input } satisfies WorkerInput });
      let last = from,
        lastChange = Date.now(),
        reported = Date.now();
      const timer = setInterval(() => {
        const now = Date.now(),
          cur = Atomics.load(state, 0);
        if (cur !== last) {
          last = cur;
          lastChange = now;
        }
        if (now - reported >= 10_000) {
          reported = now;
          log(`  ${cur} / ${options.iterations} inputs, ${((cur / (now - started)) * 1000).toFixed(0)} inputs/s, ${failures.length} failures`);
        }
        if (now - lastChange > options.timeoutMs) {
          clearInterval(timer);
          const len = Atomics.load(state, 1);
          const f: Failure = {
            n: cur,
            how: 'hang',
            error: `no progress for ${options.timeoutMs} ms`,
            bytes: new Uint8Array(input, 0, Math.min(len, MAX_SHARED_INPUT)).slice(),
          };
          failures.push(f);
          log(`HANG on input ${cur}: saved ${save(options, f, 'hang')}`);
          void worker.terminate().then(() => (cur + 1 < options.iterations ? start(cur + 1) : finish()));
        }
      }, 200);
      worker.on('message', (f: Failure) => {
        failures.push(f);
        log(`FAIL on input ${f.n} (${f.how}): ${f.error.split('\n')[0]}\n  saved ${save(options, f, 'crash')}`);
      });
      worker.on('error', (e) => {
        // Out of memory or a crash outside exerciseEngine: count it against the current input.
        clearInterval(timer);
        const cur = Atomics.load(state, 0),
          len = Atomics.load(state, 1);
        const f: Failure = {
          n: cur,
          how: 'worker died',
          error: e.stack ?? e.message,
          bytes: new Uint8Array(input, 0, Math.min(len, MAX_SHARED_INPUT)).slice(),
        };
        failures.push(f);
        log(`WORKER DIED on input ${cur}: ${e.message}; saved ${save(options, f, 'crash')}`);
        if (cur + 1 < options.iterations) start(cur + 1);
        else finish();
      });
      worker.on('exit', () => {
        if (Atomics.load(state, 0) >= options.iterations) {
          clearInterval(timer);
          finish();
        }
      });
    };
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const s = (Date.now() - started) / 1000;
      log(
        `fuzz: ${options.iterations} inputs (seed ${options.seed}) in ${s.toFixed(1)} s: ${(options.iterations / s).toFixed(0)} inputs/s, ` +
          `${Atomics.load(state, 2)} packets read, ${failures.length} failure${failures.length === 1 ? '' : 's'}${failures.length ? ` (saved under ${options.out})` : ''}`,
      );
      resolve(failures);
    };
    start(0);
  });
}

function parseArgs(argv: string[], root: string): Options {
  const o: Options = { iterations: 20_000, seed: Date.now() % 1_000_000, timeoutMs: 10_000, out: path.join(root, '.fuzz-failures'), root };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k],
      v = argv[k + 1];
    if (a === '--iterations') {
      o.iterations = Number(v);
      k++;
    } else if (a === '--seed') {
      o.seed = Number(v);
      k++;
    } else if (a === '--timeout') {
      o.timeoutMs = Number(v);
      k++;
    } else if (a === '--out') {
      o.out = path.resolve(v);
      k++;
    } else if (a === '--selftest-hang') {
      o.selftestHang = Number(v);
      k++;
    } else if (a === '--selftest-crash') {
      o.selftestCrash = Number(v);
      k++;
    } else if (a === '--public') o.publicDir = path.resolve(root, '../shared/captures/public');
    else throw new Error(`unknown option ${a}; usage: npm run fuzz -- [--iterations N] [--seed S] [--timeout MS] [--out DIR] [--public]`);
  }
  if (!(o.iterations > 0 && Number.isInteger(o.seed))) throw new Error('--iterations and --seed take whole numbers');
  return o;
}

if (!isMainThread) runWorker();
else if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const options = parseArgs(process.argv.slice(2), root);
  if (options.publicDir && !fs.existsSync(options.publicDir)) console.log(`(--public: ${options.publicDir} is absent; fuzzing the fixtures only)`);
  console.log(
    `fuzz: ${options.iterations} inputs from ${fuzzSeeds(root, options.publicDir).length} seed captures, seed ${options.seed}, hang after ${options.timeoutMs} ms`,
  );
  void runFuzz(options).then((f) => {
    process.exitCode = f.length ? 1 : 0;
  });
}
