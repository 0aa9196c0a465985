import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let installed: boolean | undefined;

/** Whether tshark (the oracle) is installed; tests print a SKIP line without it. */
export function hasTshark(): boolean {
  if (installed === undefined) {
    try {
      execFileSync('tshark', ['--version'], { stdio: 'ignore' });
      installed = true;
    } catch {
      installed = false;
    }
  }
  return installed;
}

/** tshark's values of `fields`, one row per frame, for a capture file on disk. */
export function tsharkFields(file: string, fields: readonly string[]): string[][] {
  const out = execFileSync('tshark', ['-r', file, '-n', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** The same for capture bytes built in the test (written to a temporary file). */
export function tsharkFieldsOfBytes(bytes: Uint8Array, fields: readonly string[]): string[][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-tshark-'));
  const file = path.join(dir, 'built.pcap');
  try {
    fs.writeFileSync(file, bytes);
    return tsharkFields(file, fields);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
