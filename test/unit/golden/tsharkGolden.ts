import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');
export const GOLDENS = path.join(FIXTURES, 'goldens');

/** One row of `tshark -T fields -E header=y` output, keyed by field name. */
export type GoldenRow = Record<string, string>;

export function readFieldsGolden(capture: string): GoldenRow[] {
  const text = fs.readFileSync(path.join(GOLDENS, `${capture}.fields.tsv`), 'utf8');
  const [header, ...lines] = text.split('\n').filter((l) => l.length > 0);
  const names = header.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const row: GoldenRow = {};
    names.forEach((n, k) => { row[n] = cells[k] ?? ''; });
    return row;
  });
}

/** frame number → tcp.analysis.* suffixes tshark set on it. */
export function readAnalysisGolden(capture: string): Map<number, string[]> {
  const text = fs.readFileSync(path.join(GOLDENS, `${capture}.analysis.tsv`), 'utf8');
  const out = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [frame, list] = line.split('\t');
    if (!/^\d+$/.test(frame)) continue;
    out.set(Number(frame), list ? list.split(',').filter(Boolean) : []);
  }
  return out;
}

export function goldenCaptures(): string[] {
  return fs.readdirSync(GOLDENS).filter((f) => f.endsWith('.fields.tsv')).map((f) => f.replace(/\.fields\.tsv$/, '')).sort();
}
