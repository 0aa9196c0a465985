import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TSHARK_FIELDS, TSHARK_PREFS } from './contractFields';
import { AGGREGATOR } from './tsharkPacket';

/** "TShark (Wireshark) 4.0.17", or undefined when tshark is not installed. */
export function tsharkVersion(): string | undefined {
  try {
    return /TShark \(Wireshark\) [\d.]+/.exec(execFileSync('tshark', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[0];
  } catch {
    return undefined;
  }
}

let tcpPortTable: Map<number, string> | undefined;

/**
 * tshark's dissector table for TCP ports (`tshark -G decodes`, rows "tcp.port PORT DISSECTOR"), read
 * once: which protocol tshark tries on a port before its heuristics (deviationClasses.ts). Empty
 * when tshark is not installed.
 */
export function tsharkTcpPorts(): ReadonlyMap<number, string> {
  if (tcpPortTable) return tcpPortTable;
  tcpPortTable = new Map();
  try {
    const out = execFileSync('tshark', ['-G', 'decodes'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
    for (const line of out.split('\n')) {
      const [table, port, dissector] = line.split('\t');
      if (table === 'tcp.port' && /^\d+$/.test(port) && dissector) tcpPortTable.set(Number(port), dissector);
    }
  } catch {
    // No tshark: no table, and the class that needs it explains nothing.
  }
  return tcpPortTable;
}

function tsharkArgs(file: string): string[] {
  return [
    '-r',
    file,
    '-n',
    '-T',
    'fields',
    '-E',
    'separator=/t',
    '-E',
    'occurrence=a',
    '-E',
    `aggregator=${AGGREGATOR}`,
    ...TSHARK_PREFS,
    ...TSHARK_FIELDS.flatMap((f) => ['-e', f]),
  ];
}

/**
 * tshark's field output for capture files, kept under `dir` by the file's SHA-256, the tshark
 * version and the exact command (fields, preferences), so a rerun only runs tshark on what changed.
 */
export class TsharkFieldCache {
  constructor(
    private readonly dir: string,
    private readonly version: string,
  ) {}

  /** Where the output for `file` is (or will be) kept. */
  pathFor(file: string): string {
    const h = createHash('sha256');
    h.update(fs.readFileSync(file));
    h.update(`\0${this.version}\0${tsharkArgs('').join(' ')}`);
    return path.join(this.dir, `${h.digest('hex').slice(0, 32)}.tsv`);
  }

  /**
   * Runs tshark on every file whose output is not cached yet, `parallel` at a time. A file tshark
   * stops on (damage, an unknown link type) keeps the frames printed before it stopped, as
   * public-packet-counts.ts counts them. Returns file → cached output path.
   */
  async fill(files: readonly string[], parallel: number, onRun?: (file: string) => void): Promise<Map<string, string>> {
    fs.mkdirSync(this.dir, { recursive: true });
    const out = new Map<string, string>();
    const todo: string[] = [];
    for (const f of files) {
      const p = this.pathFor(f);
      out.set(f, p);
      if (!fs.existsSync(p)) todo.push(f);
    }
    const worker = async (): Promise<void> => {
      for (let f = todo.shift(); f !== undefined; f = todo.shift()) {
        onRun?.(f);
        await runTsharkInto(f, out.get(f)!);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
    return out;
  }

  /** Deletes cached outputs not in `keep` (older tshark versions, changed fields, files that are gone). */
  prune(keep: ReadonlySet<string>): void {
    for (const name of fs.readdirSync(this.dir)) {
      const p = path.join(this.dir, name);
      if (name.endsWith('.tsv') && !keep.has(p)) fs.rmSync(p, { force: true });
    }
  }
}

/** Writes tshark's output to a temporary name and renames it, so an interrupted run leaves no half file in the cache. */
function runTsharkInto(file: string, dest: string): Promise<void> {
  const tmp = `${dest}.${process.pid}.part`;
  const fd = fs.openSync(tmp, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('tshark', tsharkArgs(file), { stdio: ['ignore', fd, 'ignore'] });
    // A tshark that hangs on a hostile file would stall every later run: its output so far is kept.
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      fs.closeSync(fd);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      fs.closeSync(fd);
      fs.renameSync(tmp, dest);
      resolve();
    });
  });
}
