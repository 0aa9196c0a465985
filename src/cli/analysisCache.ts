import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalyzeReport } from './analyzeCommand';

/** Bumped whenever AnalyzeReport or the analysis changes what it says: older entries are rebuilt. */
const CACHE_VERSION = 1;
/** The first and last blocks hashed into the key (a file rewritten in place with the same size and mtime). */
const EDGE_BYTES = 64 * 1024;

/** What an entry is valid for: the file as it was when analysed. */
interface CacheKey {
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of the first and last EDGE_BYTES. */
  edges: string;
}

interface CacheEntry {
  version: number;
  key: CacheKey;
  /** SHA-256 of the report's JSON: a truncated or edited entry is detected, never trusted. */
  digest: string;
  report: AnalyzeReport;
}

export type CacheOutcome = 'hit' | 'missing' | 'stale' | 'corrupt';

/**
 * `analyze --cache DIR`: the report of each capture kept in DIR (one file per capture path), reused
 * while the capture's path, size, mtime and first and last 64 KB are unchanged. A stale entry, or
 * one that does not parse or whose digest does not match, is rebuilt and written again.
 */
export class AnalysisCache {
  constructor(private readonly dir: string) {}

  /** The cached report when it is valid, and why not otherwise. */
  read(file: string): { report?: AnalyzeReport; outcome: CacheOutcome } {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(fs.readFileSync(this.entryPath(file), 'utf8')) as CacheEntry;
    } catch (e) {
      return { outcome: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'corrupt' };
    }
    if (!entry || typeof entry !== 'object' || !entry.report || typeof entry.digest !== 'string') return { outcome: 'corrupt' };
    if (digestOf(entry.report) !== entry.digest) return { outcome: 'corrupt' };
    if (entry.version !== CACHE_VERSION || !sameKey(entry.key, keyOf(file))) return { outcome: 'stale' };
    return { report: entry.report, outcome: 'hit' };
  }

  /** Keeps `report` for `file`, written whole to a temporary name and renamed, so a reader never sees half of it. */
  write(file: string, report: AnalyzeReport): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const entry: CacheEntry = { version: CACHE_VERSION, key: keyOf(file), digest: digestOf(report), report };
    const target = this.entryPath(file);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, target);
  }

  entryPath(file: string): string {
    return path.join(this.dir, `${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 32)}.json`);
  }
}

function keyOf(file: string): CacheKey {
  const abs = path.resolve(file);
  const st = fs.statSync(abs);
  const h = createHash('sha256');
  const fd = fs.openSync(abs, 'r');
  try {
    const head = Buffer.alloc(Math.min(EDGE_BYTES, st.size));
    fs.readSync(fd, head, 0, head.length, 0);
    h.update(head);
    const tailLen = Math.min(EDGE_BYTES, st.size);
    const tail = Buffer.alloc(tailLen);
    fs.readSync(fd, tail, 0, tailLen, st.size - tailLen);
    h.update(tail);
  } finally {
    fs.closeSync(fd);
  }
  return { path: abs, size: st.size, mtimeMs: st.mtimeMs, edges: h.digest('hex') };
}

function sameKey(a: CacheKey | undefined, b: CacheKey): boolean {
  return !!a && a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs && a.edges === b.edges;
}

function digestOf(report: AnalyzeReport): string {
  return createHash('sha256').update(JSON.stringify(report)).digest('hex');
}
