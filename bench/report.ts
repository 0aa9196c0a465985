/** Formatting for the benchmark's closing table. */

export const MB = 1e6;
export const MiB = 1024 * 1024;

export function rate(n: number, seconds: number): string {
  const r = n / seconds;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(0)} k/s`;
}

export function mbps(bytes: number, seconds: number): string {
  return `${(bytes / MB / seconds).toFixed(0)} MB/s`;
}

export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(0)} MiB`;
}

export function secs(s: number): string {
  return `${s.toFixed(2)} s`;
}

/** Prints rows of [label, value] as two aligned columns under a title. */
export function printTable(title: string, rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  console.log('-'.repeat(title.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}
