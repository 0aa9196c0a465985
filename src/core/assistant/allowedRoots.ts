import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from './toolDefinition';

/**
 * The directories a client may read captures from. A path is checked twice: as written (so a path
 * outside never reaches the file system: no probing for what exists elsewhere), then after
 * realpath (so `..` and symlinks that lead out are refused).
 */
export class AllowedRoots {
  private constructor(
    /** As given, resolved to absolute. */
    private readonly given: string[],
    /** Their real paths. */
    private readonly real: string[],
  ) {}

  /** Throws when a directory does not exist or is not a directory. */
  static of(directories: readonly string[]): AllowedRoots {
    const given = directories.map((d) => path.resolve(d));
    const real = given.map((d) => {
      const r = fs.realpathSync(d);
      if (!fs.statSync(r).isDirectory()) throw new Error(`${d} is not a directory`);
      return r;
    });
    return new AllowedRoots(given, real);
  }

  get directories(): readonly string[] {
    return this.real;
  }

  /** The real path of a capture file inside the roots, or a ToolError saying why not. */
  resolve(file: string): string {
    if (!file.trim()) throw new ToolError('"path" is empty: give the capture file.');
    if (file.includes('\0')) throw new ToolError('"path" contains a NUL character.');
    if (!this.given.length) throw new ToolError('No folder is open to read captures from.');
    const candidates = path.isAbsolute(file) ? [path.resolve(file)] : this.given.map((root) => path.resolve(root, file));
    const inside = candidates.filter((c) => this.given.some((r) => within(r, c)) || this.real.some((r) => within(r, c)));
    if (!inside.length) throw outside(file, this.real);
    const existing = inside.find((c) => fs.existsSync(c)) ?? inside[0];
    let real: string;
    try {
      real = fs.realpathSync(existing);
    } catch {
      throw new ToolError(`No such file: ${file}.`);
    }
    if (!this.real.some((r) => within(r, real))) throw outside(file, this.real);
    if (!fs.statSync(real).isFile()) throw new ToolError(`${file} is not a file.`);
    return real;
  }
}

function within(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function outside(file: string, roots: readonly string[]): ToolError {
  return new ToolError(`${file} is outside the folders this server may read (${roots.join(', ')}): only captures inside them can be opened.`);
}
