import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');
export const GOLDENS = path.join(FIXTURES, 'goldens');

/** One row of `tshark -T fields -E header=y` output, keyed by field name. */
export type GoldenRow = Record<string, string>;

function readTsv(file: string): GoldenRow[] {
  const text = fs.readFileSync(file, 'utf8');
  const [header, ...lines] = text.split('\n').filter((l) => l.length > 0);
  const names = header.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const row: GoldenRow = {};
    names.forEach((n, k) => {
      row[n] = cells[k] ?? '';
    });
    return row;
  });
}

export function readFieldsGolden(capture: string): GoldenRow[] {
  return readTsv(path.join(GOLDENS, `${capture}.fields.tsv`));
}

/** A tunnel capture's outer layers (first occurrences) and frame.protocols; undefined for other captures. */
export function readTunnelGolden(capture: string): GoldenRow[] | undefined {
  const file = path.join(GOLDENS, `${capture}.tunnel.tsv`);
  return fs.existsSync(file) ? readTsv(file) : undefined;
}

/**
 * The fields golden row as the innermost layers have it. tshark's last occurrence of ip.* / ipv6.*
 * / udp.* can be an OUTER header's when the inner packet has no such layer (IPv6 in IPv4: ip.src is
 * the outer IPv4; TCP in VXLAN: udp.* is the outer UDP): frame.protocols names the innermost
 * network and transport layers, and the fields of the other family are blanked.
 */
export function innermostFields(row: GoldenRow, protocols: string): GoldenRow {
  const layers = protocols.split(':');
  const net = layers.filter((l) => l === 'ip' || l === 'ipv6').at(-1);
  const transport = layers.filter((l) => l === 'tcp' || l === 'udp').at(-1);
  const out = { ...row };
  for (const k of Object.keys(out)) {
    if ((net === 'ipv6' && k.startsWith('ip.')) || (net === 'ip' && k.startsWith('ipv6.'))) out[k] = '';
    if (transport === 'tcp' && k.startsWith('udp.')) out[k] = '';
  }
  return out;
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

/** The comparisons against the goldens a pending capture can be left out of. */
export type GoldenComparison =
  | 'fields' // per-packet contract fields and Info (tsharkAgreement)
  | 'analysis' // tcp.analysis.* flags (tcpAnalysisAgreement)
  | 'seqack' // the [SEQ/ACK analysis] values (seqAckAnalysis)
  | 'filter' // display filters against the fields golden (evaluate)
  | 'undecoded'; // nothing left undecoded (undecodedPackets)

/**
 * Captures (with goldens) the engine cannot match yet, and why (issue 10: decoders; issue 11: engine
 * decisions pending on the diagnosis captures). Tests that compare against the goldens print
 * `SKIP <capture>: <reason>` and leave these out of the comparisons listed in `only` (all of them
 * when `only` is absent); remove an entry when the engine matches. Tunnel captures are compared
 * through innermostFields.
 */
export const PENDING_CAPTURES: ReadonlyMap<string, { reason: string; only?: readonly GoldenComparison[] }> = new Map();

/** True (after printing why) when `capture` is left out of this comparison. */
export function skipPending(capture: string, comparison: GoldenComparison): boolean {
  const p = PENDING_CAPTURES.get(capture);
  const skip = p !== undefined && (p.only === undefined || p.only.includes(comparison));
  if (skip) console.log(`      SKIP ${capture} (${comparison}): ${p.reason}`);
  return skip;
}

export function goldenCaptures(): string[] {
  return fs
    .readdirSync(GOLDENS)
    .filter((f) => f.endsWith('.fields.tsv'))
    .map((f) => f.replace(/\.fields\.tsv$/, ''))
    .sort();
}
