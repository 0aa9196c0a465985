import * as fs from 'node:fs';
import { openCaptureFile } from '../core/capture/openCapture';
import { endpointText } from '../core/flows/endpointText';
import { analyzeTcpSequences } from '../core/flows/tcpSequenceAnalysis';
import { renderSvgChart } from '../core/graphs/svgChart';
import type { TcpGraphType } from '../core/graphs/tcpStreamCharts';
import { isTcpGraphType, TCP_GRAPH_TYPES, tcpStreamChart } from '../core/graphs/tcpStreamCharts';
import type { GraphDirection } from '../core/graphs/tcpStreamSeries';
import { tcpStreamSeries } from '../core/graphs/tcpStreamSeries';
import { PF_DIRECTION_B } from '../core/index/packetIndex';
import { captureSackReader } from '../core/summary/tcpInfo';

export const GRAPH_USAGE = `graph FILE --stream N --type ${TCP_GRAPH_TYPES.join('|')} [--direction client|server] -o OUT.svg`;

/**
 * `graph FILE --stream N --type T -o OUT.svg`: one of Wireshark's TCP stream graphs for a report,
 * as a self-contained SVG. The direction is the data sender's (default: the side that sent more).
 */
export async function graphCommand(args: string[], fail: (message: string) => number): Promise<number> {
  let stream = NaN;
  let type: TcpGraphType | undefined;
  let direction: GraphDirection;
  let output: string | undefined;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const value = (): string | undefined => args[++k];
    if (a === '--stream') {
      const v = value();
      stream = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (Number.isNaN(stream)) return fail('--stream needs a stream number');
    } else if (a === '--type') {
      const v = value() ?? '';
      if (!isTcpGraphType(v)) return fail(`--type must be ${TCP_GRAPH_TYPES.join(', ')}`);
      type = v;
    } else if (a === '--direction') {
      const v = value();
      if (v !== 'client' && v !== 'server') return fail('--direction must be client or server');
      direction = v;
    } else if (a === '-o' || a === '--output') {
      output = value();
      if (!output) return fail(`${a} needs a file name`);
    } else if (a.startsWith('-')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return fail('graph needs exactly one FILE');
  if (Number.isNaN(stream)) return fail('graph needs --stream N');
  if (!type) return fail('graph needs --type');
  if (!output) return fail('graph needs -o OUT.svg');
  const capture = await openCaptureFile(files[0]);
  try {
    const ix = capture.index;
    if (stream >= ix.tcpStreams.count) {
      process.stderr.write(`pcap-inspector: ${files[0]} has no tcp stream ${stream}\n`);
      return 1;
    }
    const sacks = captureSackReader(capture);
    const extras = analyzeTcpSequences(ix, sacks);
    const series = tcpStreamSeries(ix, extras, stream, direction, sacks);
    // The data sender's first packet names the two ends (a stream may send nothing one way).
    const i = series.segments.packet[0] ?? extras.firstInStream[stream];
    const fromSender = (ix.flags[i] & PF_DIRECTION_B ? 1 : 0) === series.dataDir;
    const a = endpointText(ix, ix.src[i], ix.sport[i]);
    const b = endpointText(ix, ix.dst[i], ix.dport[i]);
    const svg = renderSvgChart(tcpStreamChart(type, series, fromSender ? { from: a, to: b } : { from: b, to: a }));
    fs.writeFileSync(output, svg);
  } finally {
    capture.close();
  }
  return 0;
}
