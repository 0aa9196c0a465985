import type { Capture } from '../core/capture/openCapture';
import { openReported } from './openReported';
import { captureFieldSource, compileFilter } from '../core/filter/compileFilter';
import { FilterError } from '../core/filter/filterError';
import { analyzeTcpSequences } from '../core/flows/tcpSequenceAnalysis';
import { conversations } from '../core/stats/conversations';
import { endpoints } from '../core/stats/endpoints';
import type { IoFilter } from '../core/stats/ioStats';
import { IoIntervalError, ioStats, MAX_IO_FILTERS } from '../core/stats/ioStats';
import type { ProtocolNode } from '../core/stats/protocolHierarchy';
import { protocolHierarchy } from '../core/stats/protocolHierarchy';
import { layerStatsOf } from '../core/stats/layerStatsPass';
import type { StatsKind } from '../core/stats/statsKinds';
import { isStatsKind, STATS_KINDS } from '../core/stats/statsKinds';
import { captureSackReader } from '../core/summary/tcpInfo';
import { Output } from './output';

export const STATS_USAGE = `  stats FILE (--phs | --endpoints TYPE | --conversations TYPE | --io INTERVAL [-Y FILTER]...) [--json]
                           Statistics with tshark's numbers: --phs protocol hierarchy
                           (-z io,phs); --endpoints / --conversations
                           eth|ip|ipv6|tcp|udp (-z endpoints,TYPE / -z conv,TYPE); --io: packets
                           and bytes per INTERVAL seconds from the first packet, for the capture
                           and up to ${MAX_IO_FILTERS} display filters (-z io,stat,INTERVAL,FILTER...)`;

type Request = { what: 'phs' } | { what: 'endpoints' | 'conversations'; kind: StatsKind } | { what: 'io'; interval: number; filters: string[] };

class UsageError extends Error {}

function parseArgs(args: string[]): { file: string; json: boolean; request: Request } {
  let file: string | undefined;
  let json = false;
  let request: Request | undefined;
  const filters: string[] = [];
  const set = (r: Request) => {
    if (request) throw new UsageError('give one of --phs, --endpoints, --conversations, --io');
    request = r;
  };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const value = () => {
      const v = args[++k];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--phs') set({ what: 'phs' });
    else if (a === '--endpoints' || a === '--conversations') {
      const kind = value();
      if (!isStatsKind(kind)) throw new UsageError(`${a} takes ${STATS_KINDS.join('|')}, not '${kind}'`);
      set({ what: a === '--endpoints' ? 'endpoints' : 'conversations', kind });
    } else if (a === '--io') {
      const text = value();
      const interval = Number(text);
      if (!(interval > 0)) throw new UsageError(`--io takes an interval in seconds, not '${text}'`);
      set({ what: 'io', interval, filters });
    } else if (a === '-Y') filters.push(value());
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError('stats needs exactly one FILE');
  }
  if (!file) throw new UsageError('stats needs exactly one FILE');
  if (!request) throw new UsageError('give one of --phs, --endpoints, --conversations, --io');
  if (filters.length && request.what !== 'io') throw new UsageError('-Y goes with --io');
  if (filters.length > MAX_IO_FILTERS) throw new UsageError(`at most ${MAX_IO_FILTERS} -Y filters`);
  return { file, json, request };
}

/** `stats FILE …`: parses its own options (they take values) and prints one table. Returns the exit code. */
export async function statsMain(args: string[], usage: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`pcap-inspector: ${e.message}\n${usage}\n`);
    return 2;
  }
  const { file, json, request } = parsed;
  const capture = await openReported(file);
  if (!capture) return 1;
  const out = new Output();
  try {
    if (request.what === 'io') {
      const filters = compileIoFilters(capture, request.filters);
      printIo(ioStats(capture.index, request.interval, filters), json, out);
    } else if (request.what === 'phs') printHierarchy(protocolHierarchy(capture.index, layerStatsOf(capture).paths), json, out);
    else if (request.what === 'endpoints') printEndpoints(capture, request.kind, json, out);
    else printConversations(capture, request.kind, json, out);
    out.flush();
  } catch (e) {
    if (!(e instanceof FilterError) && !(e instanceof IoIntervalError)) throw e;
    process.stderr.write(`pcap-inspector: ${e.message}\n`);
    return 2;
  } finally {
    capture.close();
  }
  if (capture.error) {
    process.stderr.write(
      `pcap-inspector: ${file}: ${capture.error.message} (at byte offset ${capture.error.offset}); statistics of the ${capture.index.count} packets read before it\n`,
    );
    return 1;
  }
  return 0;
}

/** Filters may name tcp.analysis.* fields: the sequence analysis fills that column first. */
function compileIoFilters(capture: Capture, texts: string[]): IoFilter[] {
  if (!texts.length) return [];
  if (!capture.index.analyzed) analyzeTcpSequences(capture.index, captureSackReader(capture));
  const source = captureFieldSource(capture);
  return texts.map((text) => ({ text, test: compileFilter(text, source) ?? (() => true) }));
}

function printIo(stats: ReturnType<typeof ioStats>, json: boolean, out: Output): void {
  if (json) {
    out.line(JSON.stringify(stats));
    return;
  }
  const head = ['start', 'packets', 'bytes', ...(stats.rows[0]?.filters ?? []).flatMap((f) => [`${f.filter} packets`, 'bytes'])];
  const rows = stats.rows.map((r) => [
    r.start.toFixed(6),
    String(r.packets),
    String(r.bytes),
    ...r.filters.flatMap((f) => [String(f.packets), String(f.bytes)]),
  ]);
  out.line(`interval ${stats.interval} s`);
  table(head, rows, out);
}

/** tshark's layout: two spaces of indent per level, the name in 41 columns, then the counts. */
function printHierarchy(roots: ProtocolNode[], json: boolean, out: Output): void {
  if (json) {
    out.line(JSON.stringify(roots));
    return;
  }
  const walk = (node: ProtocolNode, depth: number): void => {
    out.line(`${`${'  '.repeat(depth)}${node.protocol}`.padEnd(40)} frames:${node.frames} bytes:${node.bytes}`);
    for (const c of node.children) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
}

function printEndpoints(capture: Capture, kind: StatsKind, json: boolean, out: Output): void {
  const list = endpoints(capture.index, kind, kind === 'eth' ? layerStatsOf(capture).ethernet : undefined);
  if (json) {
    out.line(JSON.stringify(list));
    return;
  }
  const ports = kind === 'tcp' || kind === 'udp';
  const head = ['address', ...(ports ? ['port'] : []), 'packets', 'bytes', 'tx packets', 'tx bytes', 'rx packets', 'rx bytes'];
  table(
    head,
    list.map((e) => [e.address, ...(ports ? [String(e.port)] : []), ...[e.packets, e.bytes, e.txPackets, e.txBytes, e.rxPackets, e.rxBytes].map(String)]),
    out,
  );
}

function printConversations(capture: Capture, kind: StatsKind, json: boolean, out: Output): void {
  const list = conversations(capture.index, kind, kind === 'eth' ? layerStatsOf(capture).ethernet : undefined);
  if (json) {
    out.line(JSON.stringify(list));
    return;
  }
  const at = (a: string, p?: number) => (p === undefined ? a : a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);
  const head = ['A', 'B', 'packets A→B', 'bytes A→B', 'packets B→A', 'bytes B→A', 'packets', 'bytes', 'rel start', 'duration'];
  table(
    head,
    list.map((c) => [
      at(c.addressA, c.portA),
      at(c.addressB, c.portB),
      ...[c.packetsAToB, c.bytesAToB, c.packetsBToA, c.bytesBToA, c.packets, c.bytes].map(String),
      c.start.toFixed(6),
      c.duration.toFixed(4),
    ]),
    out,
  );
}

function table(head: string[], rows: string[][], out: Output): void {
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  // Text left-aligned, numbers right-aligned, as in tshark's tables.
  const cell = (c: string, k: number) => (/^[\d.]+$/.test(c) && k > 0 ? c.padStart(widths[k]) : c.padEnd(widths[k]));
  out.line(head.map(cell).join('  ').trimEnd());
  for (const r of rows) out.line(r.map(cell).join('  ').trimEnd());
}
