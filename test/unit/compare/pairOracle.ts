/**
 * The expected verdicts of a fixture pair, derived from tshark's view of both files (NAME-a.tsv,
 * NAME-b.tsv, written by make-compare.sh) and from what the script says it did (NAME.script.json):
 * never from the engine under test. It is deliberately simpler than the engine: a packet is the
 * same at both points when it has the same sender role (its source port is the server's or not),
 * IP ID, TCP length and SYN/FIN/RST bits and passed the two points within half a second of each
 * other on the one clock both captures ran on (the script's shift taken back out). Which fields changed comes from tshark's decoding of each side.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const COMPARE_FIX = path.resolve(__dirname, '../../fixtures/compare');

export interface TsvFrame {
  no: number;
  time: number;
  src: string;
  dst: string;
  id: number;
  ttl: number;
  ds: number;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  len: number;
  mss: number | null;
  wscale: number | null;
  kinds: number[];
  tsval: number | null;
  tsecr: number | null;
}

export interface ScriptLog {
  clockShiftB: number;
  hops: number;
  droppedAtoB?: number;
  droppedBtoA?: number;
  box: Array<{ action: string; dir?: string; ip_id?: number; seq?: number; port?: number; offset?: number; fields?: Record<string, unknown> }>;
}

export function readTsv(name: string): TsvFrame[] {
  const [head, ...rows] = fs.readFileSync(path.join(COMPARE_FIX, name), 'utf8').trimEnd().split('\n');
  const cols = head.split('\t');
  const at = (r: string[], c: string) => (r[cols.indexOf(c)] ?? '').split(',')[0];
  const num = (v: string) => (v === '' ? null : Number(v));
  return rows.map((line) => {
    const r = line.split('\t');
    return {
      no: Number(at(r, 'frame.number')),
      time: Number(at(r, 'frame.time_epoch')),
      src: at(r, 'ip.src'),
      dst: at(r, 'ip.dst'),
      id: Number(at(r, 'ip.id')),
      ttl: Number(at(r, 'ip.ttl')),
      ds: Number(at(r, 'ip.dsfield')),
      sport: Number(at(r, 'tcp.srcport')),
      dport: Number(at(r, 'tcp.dstport')),
      seq: Number(at(r, 'tcp.seq_raw')),
      ack: Number(at(r, 'tcp.ack_raw')),
      flags: Number(at(r, 'tcp.flags')),
      len: Number(at(r, 'tcp.len')),
      mss: num(at(r, 'tcp.options.mss_val')),
      wscale: num(at(r, 'tcp.options.wscale.shift')),
      kinds: (r[cols.indexOf('tcp.option_kind')] ?? '').split(',').filter(Boolean).map(Number),
      tsval: num(at(r, 'tcp.options.timestamp.tsval')),
      tsecr: num(at(r, 'tcp.options.timestamp.tsecr')),
    };
  });
}

export function readScript(pair: string): ScriptLog {
  return JSON.parse(fs.readFileSync(path.join(COMPARE_FIX, `${pair}.script.json`), 'utf8')) as ScriptLog;
}

export type Verdict = 'matched' | 'modified' | 'lostBetween' | 'appearedBetween' | 'onlyOutsideOverlap';

export interface Expected {
  /** Per frame (index = frame - 1): the verdict. */
  a: Verdict[];
  b: Verdict[];
  /** A frame → B frame. */
  pairs: Map<number, number>;
  /** A frame → the changed fields (Wireshark names) tshark shows, for the modified pairs. */
  fields: Map<number, string[]>;
}

const SYN = 0x02,
  RST = 0x04,
  FIN = 0x01,
  ACK = 0x10;

/** Every frame's verdict. `serverPorts`: the ports the servers listen on (a frame from one is the server's). */
export function expectedVerdicts(pair: string, serverPorts: number[]): Expected {
  const a = readTsv(`${pair}-a.tsv`),
    b = readTsv(`${pair}-b.tsv`);
  const script = readScript(pair);
  const fromServer = (f: TsvFrame) => serverPorts.includes(f.sport);
  const key = (f: TsvFrame) => `${fromServer(f)}|${f.id}|${f.len}|${f.flags & (SYN | RST | FIN)}`;
  const waiting = new Map<string, TsvFrame[]>();
  for (const f of b) {
    const list = waiting.get(key(f)) ?? [];
    list.push(f);
    waiting.set(key(f), list);
  }
  // Both captures ran on one kernel clock: B's true times are its file's less the script's shift,
  // and the same packet passes the two points well within a second.
  const trueB = (f: TsvFrame) => f.time - script.clockShiftB;
  const pairs = new Map<number, number>();
  for (const f of a) {
    const list = waiting.get(key(f)) ?? [];
    const k = list.findIndex((g) => Math.abs(trueB(g) - f.time) < 0.5);
    if (k >= 0) pairs.set(f.no, list.splice(k, 1)[0].no);
  }
  const pairedB = new Set(pairs.values());
  const bTrue = b.map(trueB);
  const spanB = [Math.min(...bTrue), Math.max(...bTrue)];
  const spanA = [Math.min(...a.map((f) => f.time)), Math.max(...a.map((f) => f.time))];
  const fields = new Map<number, string[]>();
  const va: Verdict[] = a.map((f) => {
    const j = pairs.get(f.no);
    if (j !== undefined) {
      const changed = changedFields(f, b[j - 1], fromServer(f) ? -script.hops : script.hops);
      if (changed.length) fields.set(f.no, changed);
      return changed.length ? 'modified' : 'matched';
    }
    if (f.time < spanB[0] || f.time > spanB[1]) return 'onlyOutsideOverlap';
    // The client is on A's side: its packets leave A towards B.
    return fromServer(f) ? 'appearedBetween' : 'lostBetween';
  });
  const vb: Verdict[] = b.map((f, k) => {
    if (pairedB.has(f.no)) return fields.has([...pairs].find(([, j]) => j === f.no)![0]) ? 'modified' : 'matched';
    if (bTrue[k] < spanA[0] || bTrue[k] > spanA[1]) return 'onlyOutsideOverlap';
    return fromServer(f) ? 'lostBetween' : 'appearedBetween';
  });
  return { a: va, b: vb, pairs, fields };
}

/**
 * The fields tshark shows different between A's frame and B's; `ttlDrop` is what the routers in
 * between take off on the way from A to B (negative: from B to A).
 */
function changedFields(fa: TsvFrame, fb: TsvFrame, ttlDrop: number): string[] {
  const out: string[] = [];
  if (fa.src !== fb.src) out.push('ip.src');
  if (fa.dst !== fb.dst) out.push('ip.dst');
  if (fa.sport !== fb.sport) out.push('tcp.srcport');
  if (fa.dport !== fb.dport) out.push('tcp.dstport');
  if (fa.ttl - fb.ttl !== ttlDrop) out.push('ip.ttl');
  if (fa.ds >> 2 !== fb.ds >> 2) out.push('ip.dsfield.dscp');
  if ((fa.ds & 3) !== (fb.ds & 3)) out.push('ip.dsfield.ecn');
  if (fa.seq !== fb.seq) out.push('tcp.seq_raw');
  if (fa.flags & ACK && fa.ack !== fb.ack) out.push('tcp.ack_raw');
  if (fa.mss !== fb.mss) out.push('tcp.options.mss_val');
  if (fa.wscale !== fb.wscale) out.push('tcp.options.wscale.shift');
  if (fa.kinds.includes(4) !== fb.kinds.includes(4)) out.push('tcp.options.sack_perm');
  if (fa.tsval !== fb.tsval) out.push('tcp.options.timestamp.tsval');
  if (fa.tsecr !== fb.tsecr) out.push('tcp.options.timestamp.tsecr');
  if (fa.len !== fb.len) out.push('tcp.len');
  return out;
}
