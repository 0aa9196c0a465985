import { ANALYZE_BATCH_USAGE, analyzeBatchCommand } from './analyzeBatch';
import type { AnalyzeReport } from './analyzeCommand';
import { analyzeCommand, analyzeReport } from './analyzeCommand';
import { AnalysisCache } from './analysisCache';
import { namesManyCaptures } from './captureInputs';
import { COMPARE_USAGE, compareCommand } from './compareCommand';
import { connLogCommand } from './connLogCommand';
import { flowsCommand } from './flowsCommand';
import { EXPORT_USAGE, exportCommand } from './exportCommand';
import { EXPORT_OBJECTS_USAGE, exportObjectsCommand } from './exportObjectsCommand';
import { FOLLOW_USAGE, followCommand } from './followCommand';
import { GRAPH_USAGE, graphCommand } from './graphCommand';
import { MCP_USAGE, mcpCommand } from './mcpCommand';
import { MERGE_USAGE, mergeCommand } from './mergeCommand';
import { infoCommand } from './infoCommand';
import { openReported, reportReadError } from './openReported';
import { Output } from './output';
import { packetsCommand } from './packetsCommand';
import { readKeyLogFile } from './keyLogFile';
import { INJECT_SECRETS_USAGE, injectSecretsCommand } from './injectSecretsCommand';
import { useKeyLog } from '../core/tls/tlsDecryption';
import { STATS_USAGE, statsMain } from './statsCommand';

const USAGE = `Usage: pcap-inspector <command> FILE [options]

Commands:
  info FILE [--json]       Format, link types, packet count, first/last time, duration (like capinfos)
  packets FILE [--json] [--tls-keylog KEYLOG]
                           One line per packet: No., Time, Source, Destination, Protocol, Length, Info;
                           --json: one JSON object per line; --tls-keylog: TLS decrypted with an
                           SSLKEYLOGFILE key log (Info shows the inner protocol, as tshark with keys)
  analyze FILE [--json | --sarif] [--cache DIR | --tls-keylog KEYLOG]
                           What went wrong and how to fix it: findings, most important first;
                           --cache: keep the report in DIR and reuse it while the file's path,
                           size, mtime and first/last 64 KB are unchanged (stale or corrupt: redone);
                           --tls-keylog: the HTTP rules also read the decrypted HTTP
  ${ANALYZE_BATCH_USAGE}
                           Many captures (files, directories searched for *.pcap/*.pcapng/*.cap
                           [.gz], globs) analysed on a pool of worker threads (one per core, or N):
                           one JSON line per capture in input order (path, packets, findings, or
                           error), or --sarif: one SARIF log with a run per capture; exit code 1
                           if any capture failed
  ${COMPARE_USAGE}
                           Two captures of the same traffic taken at two points (client and
                           server side, both sides of a firewall/NAT): matches connections and
                           packets through NAT and sequence offsets, estimates the clock offset
                           and one-way delays, classifies every packet (matched, modified field by
                           field, lost between, appeared between, outside the overlap) and says
                           what the path did, findings first
  flows FILE [--json] [--checksums]
                           Conversations with state, history, outcome, packets, bytes, RTT;
                           --checksums: Zeek's state and history with checksums verified (as zeek
                           without -C: bad ones are C/c and those packets do not count)
  conn-log FILE [--json]   Zeek's conn.log: TSV with Zeek's header (#fields, #types …), or JSON lines
                           with Zeek's field names; one line per TCP, UDP and ICMP connection with
                           Zeek's conn_state, history, orig_bytes/resp_bytes (from sequence numbers),
                           missed_bytes, packets and IP bytes per side, service (http, ssl, dns)
  ${FOLLOW_USAGE}
                           A TCP (UDP) stream's payload reassembled per direction as Wireshark's
                           Follow Stream: retransmissions and overlaps resolved (first copy wins),
                           lost bytes as "[N bytes missing in capture file]"; raw is tshark's
                           -z follow,tcp,raw,N (one hex line per chunk, the server's after a tab);
                           --tls-keylog: Follow TLS Stream, the application data decrypted with
                           an SSLKEYLOGFILE key log (TLS 1.2 and 1.3 AEAD suites)
  ${EXPORT_USAGE}
                           The packets the display filter shows (all without -Y), written as pcapng
                           (interfaces, comments, timestamp resolution kept) or, for .pcap, pcap
  ${EXPORT_OBJECTS_USAGE}
                           HTTP/1.x bodies (requests' and responses'), de-chunked and decoded
                           (gzip, deflate, br), saved to DIR like Wireshark's Export Objects → HTTP;
                           --list prints Packet, Hostname, Content Type, Size, Filename
  ${INJECT_SECRETS_USAGE}
                           A pcapng copy with the TLS key log embedded in a Decryption Secrets Block
                           (editcap --inject-secrets tls,KEYLOG): decrypted without the key log by
                           Wireshark and by every command here (keys in a capture are always used)
  ${MERGE_USAGE}
                           Captures merged in time order like mergecap; each input's interfaces
                           stay apart (pcapng)
${STATS_USAGE}
  ${GRAPH_USAGE}
                           One of Wireshark's TCP stream graphs as a self-contained SVG: Stevens and
                           tcptrace time-sequence, throughput, RTT per ACK, bytes in flight vs
                           receive window; --direction picks the data sender (default: the side
                           that sent more)
  ${MCP_USAGE}              A Model Context Protocol server on stdin/stdout for AI assistants (Claude
                           Code, Cursor, VS Code, …): read-only tools over the captures inside the
                           ROOT directories (summary, findings, packets, packet detail, follow, flows)

FILE (A, B) may be pcap or pcapng, optionally gzip-compressed.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const fail = (message: string): number => {
    process.stderr.write(`pcap-inspector: ${message}\n${USAGE}\n`);
    return 2;
  };
  if (command === 'follow') return reportingOpenErrors(() => followCommand(rest, fail));
  if (command === 'export') return reportingOpenErrors(() => exportCommand(rest, fail));
  if (command === 'export-objects') return reportingOpenErrors(() => exportObjectsCommand(rest, fail));
  if (command === 'merge') return reportingOpenErrors(() => mergeCommand(rest, fail));
  if (command === 'inject-secrets') return reportingOpenErrors(() => injectSecretsCommand(rest, fail));
  if (command === 'stats') return statsMain(rest, USAGE);
  if (command === 'mcp') return mcpCommand(rest, fail);
  if (command === 'graph') return reportingOpenErrors(() => graphCommand(rest, fail));
  if (command === 'compare') return reportingOpenErrors(() => compareCommand(rest, fail));
  let cacheDir: string | undefined;
  if (command === 'analyze' && rest.includes('--cache')) {
    const at = rest.indexOf('--cache');
    cacheDir = rest[at + 1];
    if (!cacheDir || cacheDir.startsWith('--')) return fail('--cache needs a directory');
    rest.splice(at, 2);
  }
  // --tls-keylog KEYLOG (packets, analyze): every view of the capture then shows decrypted TLS.
  const keyLogAt = rest.indexOf('--tls-keylog');
  const keyLogFile = keyLogAt >= 0 ? rest[keyLogAt + 1] : undefined;
  if (keyLogAt >= 0) {
    if (!['packets', 'analyze'].includes(command)) return fail(`--tls-keylog is an option of packets, analyze and follow, not ${command}`);
    if (!keyLogFile || keyLogFile.startsWith('--')) return fail('--tls-keylog needs a key log file (SSLKEYLOGFILE format)');
    rest.splice(keyLogAt, 2);
  }
  // The cache is keyed by the capture alone: a report made with a key log is not one made without.
  if (cacheDir !== undefined && keyLogFile) return fail('--cache and --tls-keylog cannot be combined (the cached report does not depend on the key log)');
  if (command === 'analyze' && (rest.includes('--jsonl') || rest.includes('--threads') || namesManyCaptures(rest.filter((a) => !a.startsWith('--'))))) {
    if (keyLogFile) return fail('--tls-keylog applies to one capture: analyze FILE --tls-keylog KEYLOG');
    return analyzeBatchCommand(rest, fail);
  }
  const json = rest.includes('--json');
  const sarif = rest.includes('--sarif');
  const files = rest.filter((a) => !a.startsWith('--'));
  const checksums = rest.includes('--checksums');
  const unknown = rest.filter(
    (a) => a.startsWith('--') && a !== '--json' && !(a === '--sarif' && command === 'analyze') && !(a === '--checksums' && command === 'flows'),
  );
  if (unknown.length) {
    process.stderr.write(`pcap-inspector: unknown option ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  if (files.length !== 1) {
    process.stderr.write(`pcap-inspector: ${command} needs exactly one FILE\n${USAGE}\n`);
    return 2;
  }
  if (!['info', 'packets', 'analyze', 'flows', 'conn-log'].includes(command)) {
    process.stderr.write(`pcap-inspector: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  const file = files[0];
  if (cacheDir !== undefined) return analyzeWithCache(file, sarif ? 'sarif' : json ? 'json' : 'text', new AnalysisCache(cacheDir));
  const capture = await openReported(file);
  if (!capture) return 1;
  if (keyLogFile) {
    const keys = readKeyLogFile(keyLogFile);
    if (keys instanceof Error) {
      capture.close();
      process.stderr.write(`pcap-inspector: ${keys.message}\n`);
      return 1;
    }
    useKeyLog(capture, keys);
  }
  const out = new Output();
  try {
    if (command === 'info') infoCommand(capture, file, json, out);
    else if (command === 'analyze') analyzeCommand(analyzeReport(capture, !json && !sarif), file, sarif ? 'sarif' : json ? 'json' : 'text', out);
    else if (command === 'flows') flowsCommand(capture, json, out, checksums);
    else if (command === 'conn-log') connLogCommand(capture, json, out);
    else packetsCommand(capture, json, out);
    out.flush();
  } finally {
    capture.close();
  }
  const err = capture.error;
  if (!err) return 0;
  reportReadError(file, err, capture.index.count);
  return 1;
}

/**
 * `analyze FILE --cache DIR`: the report from the cache when its entry is valid for the file as it
 * is now, else from the capture (and kept for next time); a stale or corrupt entry is said on stderr.
 */
async function analyzeWithCache(file: string, format: 'text' | 'json' | 'sarif', cache: AnalysisCache): Promise<number> {
  let report: AnalyzeReport;
  let cached;
  try {
    cached = cache.read(file);
  } catch (e) {
    process.stderr.write(`pcap-inspector: cannot open ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  if (cached.report) report = cached.report;
  else {
    if (cached.outcome !== 'missing') process.stderr.write(`pcap-inspector: the cached analysis of ${file} was ${cached.outcome}: analysing it again\n`);
    const capture = await openReported(file);
    if (!capture) return 1;
    try {
      report = analyzeReport(capture);
    } finally {
      capture.close();
    }
    cache.write(file, report);
  }
  const out = new Output();
  analyzeCommand(report, file, format, out);
  out.flush();
  if (!report.readError) return 0;
  reportReadError(file, report.readError, report.packets);
  return 1;
}

/** Runs a command that opens its own files: a file that cannot be opened is exit code 1 with the reason. */
async function reportingOpenErrors(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code && err.path) {
      process.stderr.write(`pcap-inspector: cannot open ${err.path}: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`pcap-inspector: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 70;
  },
);
