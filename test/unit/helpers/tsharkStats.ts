import { spawnSync } from 'node:child_process';

/** tshark's text output of `-q -z SPEC` on a capture (with -n: no name resolution). */
export function tsharkStat(file: string, spec: string): string {
  return tsharkOutput(file, ['-z', spec]);
}

/** tshark's stdout; a capture cut short makes tshark exit with 2 after printing its statistics, which still count. */
export function tsharkOutput(file: string, args: string[]): string {
  const r = spawnSync('tshark', ['-r', file, '-n', '-q', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return r.stdout;
}

export interface TsharkEndpoint {
  address: string;
  port?: number;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

/** Rows of `-z endpoints,TYPE`: address [port] packets bytes txP txB rxP rxB. */
export function parseTsharkEndpoints(text: string, ports: boolean): TsharkEndpoint[] {
  const rows: TsharkEndpoint[] = [];
  for (const line of text.split('\n')) {
    const c = line.trim().split(/\s+/);
    if (c.length !== (ports ? 8 : 7) || !c.slice(1).every((x) => /^\d+$/.test(x))) continue;
    const n = c.slice(ports ? 2 : 1).map(Number);
    rows.push({
      address: broadcast(c[0]),
      ...(ports ? { port: Number(c[1]) } : {}),
      packets: n[0],
      bytes: n[1],
      txPackets: n[2],
      txBytes: n[3],
      rxPackets: n[4],
      rxBytes: n[5],
    });
  }
  return rows;
}

export interface TsharkConversation {
  a: string;
  b: string;
  /** "<-" (B→A) and "->" (A→B) frames; bytes as tshark prints them ("1923 bytes", "22 kB"). */
  framesBToA: number;
  bytesBToA: string;
  framesAToB: number;
  bytesAToB: string;
  frames: number;
  bytes: string;
  start: number;
  duration: number;
}

/** Rows of `-z conv,TYPE` (tshark 4.0 prints bytes with SI units, truncated). */
export function parseTsharkConversations(text: string): TsharkConversation[] {
  const rows: TsharkConversation[] = [];
  const size = String.raw`(\d+ (?:bytes|kB|MB|GB))`;
  const re = new RegExp(String.raw`^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+${size}\s+(\d+)\s+${size}\s+(\d+)\s+${size}\s+(-?[\d.]+)\s+([\d.]+)\s*$`);
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    rows.push({
      a: broadcast(m[1]),
      b: broadcast(m[2]),
      framesBToA: +m[3],
      bytesBToA: m[4],
      framesAToB: +m[5],
      bytesAToB: m[6],
      frames: +m[7],
      bytes: m[8],
      start: +m[9],
      duration: +m[10],
    });
  }
  return rows;
}

/** A byte count the way tshark 4.0's conversation table prints it (format_size, SI, truncated). */
export function tsharkSize(bytes: number): string {
  if (bytes < 10_000) return `${bytes} bytes`;
  if (bytes < 10_000_000) return `${Math.floor(bytes / 1000)} kB`;
  if (bytes < 10_000_000_000) return `${Math.floor(bytes / 1e6)} MB`;
  return `${Math.floor(bytes / 1e9)} GB`;
}

/** Rows of `-z io,stat,I,F…`: for each interval, [frames, bytes] per column. */
export function parseTsharkIoStat(text: string): number[][][] {
  const rows: number[][][] = [];
  for (const line of text.split('\n')) {
    if (!/^\|\s*[\d.]+\s*<>/.test(line)) continue;
    const cells = line
      .split('|')
      .slice(2, -1)
      .map((c) => Number(c.trim()));
    const cols: number[][] = [];
    for (let k = 0; k + 1 < cells.length; k += 2) cols.push([cells[k], cells[k + 1]]);
    rows.push(cols);
  }
  return rows;
}

/** tshark names ff:ff:ff:ff:ff:ff even with -n. */
function broadcast(a: string): string {
  return a === 'Broadcast' ? 'ff:ff:ff:ff:ff:ff' : a;
}

export interface TsharkPhsNode {
  protocol: string;
  frames: number;
  bytes: number;
  children: TsharkPhsNode[];
}

/** The tree of `-z io,phs`: two spaces of indent per level. */
export function parseTsharkPhs(text: string): TsharkPhsNode[] {
  const roots: TsharkPhsNode[] = [];
  const stack: TsharkPhsNode[] = [];
  for (const line of text.split('\n')) {
    const m = /^( *)(\S+)\s+frames:(\d+) bytes:(\d+)\s*$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 2;
    const node = { protocol: m[2], frames: +m[3], bytes: +m[4], children: [] };
    stack.length = depth;
    (depth === 0 ? roots : stack[depth - 1].children).push(node);
    stack.push(node);
  }
  return roots;
}
