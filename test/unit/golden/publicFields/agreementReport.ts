import { CONTRACT_FIELDS } from './contractFields';
import type { FieldTally, FileResult } from './fileAgreement';
import { emptyTally } from './fileAgreement';
import type { AgreementRun } from './runAgreement';

/**
 * The agreement rate of a field: packets where both sides agree (both absent included) over the
 * packets compared, listed deviations left out of both. This is the issue's measure ("agrees with
 * tshark on ≥ 99.9 % of packets"); `rateWithValue` is the same over packets where at least one side
 * has a value, which shows rare fields (options) that the first rate dilutes.
 */
export function rateOf(t: FieldTally): number {
  const listed = Object.values(t.listed).reduce((a, b) => a + b, 0);
  const n = t.packets - listed;
  return n === 0 ? 1 : t.agree / n;
}

export function rateWithValueOf(t: FieldTally): number {
  const listed = Object.values(t.listed).reduce((a, b) => a + b, 0);
  const n = t.withValue - listed;
  return n === 0 ? 1 : t.agreeWithValue / n;
}

/** Files the engine compared (not crashed, not left out as an unread format). */
export function comparedFiles(run: AgreementRun): FileResult[] {
  return run.files.filter((f) => !f.crash && !f.excluded);
}

/** Field name → its tally summed over the compared files. */
export function fieldTotals(run: AgreementRun): Map<string, FieldTally> {
  const out = new Map(CONTRACT_FIELDS.map((f) => [f.name, emptyTally()]));
  for (const r of comparedFiles(run)) {
    for (const [name, t] of Object.entries(r.fields)) {
      const s = out.get(name)!;
      s.packets += t.packets;
      s.agree += t.agree;
      s.withValue += t.withValue;
      s.agreeWithValue += t.agreeWithValue;
      for (const [k, v] of Object.entries(t.listed)) s.listed[k] = (s.listed[k] ?? 0) + v;
    }
  }
  return out;
}

export interface CauseSummary {
  key: string;
  packets: number;
  files: string[];
  examples: { file: string; frame: number; detail: string }[];
}

/** Disagreement causes over all files, most packets first. */
export function causeTotals(run: AgreementRun): CauseSummary[] {
  const m = new Map<string, CauseSummary>();
  for (const r of comparedFiles(run)) {
    for (const [key, c] of Object.entries(r.causes)) {
      const s = m.get(key) ?? { key, packets: 0, files: [], examples: [] };
      s.packets += c.packets;
      s.files.push(r.file);
      if (s.examples.length < 3) s.examples.push(c.example);
      m.set(key, s);
    }
  }
  return [...m.values()].sort((a, b) => b.packets - a.packets);
}

const pct = (x: number) => `${(100 * x).toFixed(3)}%`;

/** The per-field table: the part a test prints so the team sees progress. */
export function fieldTable(run: AgreementRun): string[] {
  const lines = [`  ${'field'.padEnd(30)} ${'agree'.padStart(9)} ${'with value'.padStart(10)}  listed deviations`];
  for (const [name, t] of fieldTotals(run)) {
    const listed = Object.entries(t.listed)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(`  ${name.padEnd(30)} ${pct(rateOf(t)).padStart(9)} ${pct(rateWithValueOf(t)).padStart(10)}  ${listed}`);
  }
  return lines;
}

export function headline(run: AgreementRun): string {
  const compared = comparedFiles(run);
  const packets = compared.reduce((a, r) => a + r.tsharkPackets, 0);
  const excluded = run.files.filter((f) => f.excluded).length;
  const crashes = run.files.filter((f) => f.crash && !f.hang).length;
  const hangs = run.files.filter((f) => f.hang).length;
  // The packet-weighted rates are dominated by a few large Ethernet captures; this counts the small ones too.
  const whole = compared.filter((r) => Object.keys(r.causes).length === 0).length;
  return (
    `${run.tshark}: ${compared.length} files, ${packets} packets compared, ${whole} files agree on every field; ${excluded} files in a format we do not read; ` +
    `${run.tsharkReadsNone.length} files tshark reads nothing from; ${crashes} engine crashes, ${hangs} hangs; ${(run.ms / 1000).toFixed(1)} s`
  );
}

/** One line per file that has a disagreement: its rate over all fields and its worst fields. */
export function fileLines(run: AgreementRun): string[] {
  const out: string[] = [];
  for (const r of run.files) {
    if (r.crash) {
      out.push(`  ${r.file}: ${r.hang ? 'HANG' : 'CRASH'} ${r.crash.split('\n').slice(0, 4).join(' / ')}`);
      continue;
    }
    if (r.excluded) continue;
    let agree = 0,
      n = 0;
    const worst: [string, number][] = [];
    for (const [name, t] of Object.entries(r.fields)) {
      const listed = Object.values(t.listed).reduce((a, b) => a + b, 0);
      agree += t.agree;
      n += t.packets - listed;
      if (rateOf(t) < 1) worst.push([name, rateOf(t)]);
    }
    if (!worst.length) continue;
    worst.sort((a, b) => a[1] - b[1]);
    const count = r.ourPackets === r.tsharkPackets ? `${r.tsharkPackets} pkts` : `${r.tsharkPackets} pkts (we read ${r.ourPackets})`;
    out.push(
      `  ${r.file}: ${count}, ${pct(n ? agree / n : 1)} of field values; worst: ${worst
        .slice(0, 4)
        .map(([f, x]) => `${f} ${pct(x)}`)
        .join(', ')}`,
    );
  }
  return out;
}

/** The first disagreeing frames per (file, field), with both values. */
export function exampleLines(run: AgreementRun): string[] {
  const out: string[] = [];
  for (const r of comparedFiles(run)) {
    for (const e of r.examples) {
      out.push(`  ${r.file} #${e.frame} ${e.field}: ours ${JSON.stringify(e.ours)} tshark ${JSON.stringify(e.tshark)}  [${e.tsharkProtocol}: ${e.tsharkInfo}]`);
    }
  }
  return out;
}

export function causeLines(run: AgreementRun, top: number): string[] {
  return causeTotals(run)
    .slice(0, top)
    .map((c) => {
      const ex = c.examples.map((e) => `${e.file} #${e.frame} (${e.detail})`).join('; ');
      return `  ${String(c.packets).padStart(7)} pkts, ${c.files.length} files: ${c.key}\n           e.g. ${ex}`;
    });
}
