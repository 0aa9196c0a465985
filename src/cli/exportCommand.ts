import type { Capture } from '../core/capture/openCapture';
import { openCaptureFile } from '../core/capture/openCapture';
import { formatForFileName } from '../core/export/captureWriter';
import { exportPackets } from '../core/export/exportPackets';
import { captureFieldSource } from '../core/filter/compileFilter';
import { selectPackets } from '../core/export/packetSelection';
import { FilterError } from '../core/filter/filterError';
import { analyzeTcpSequences } from '../core/flows/tcpSequenceAnalysis';
import { captureSackReader } from '../core/summary/tcpInfo';
import { fileSink } from './fileSink';

export const EXPORT_USAGE = `export FILE [-Y FILTER] -o OUT.pcapng|OUT.pcap`;

/** `export FILE -Y FILTER -o OUT`: the packets a display filter shows, written as pcapng (or pcap by the name). */
export async function exportCommand(args: string[], fail: (message: string) => number): Promise<number> {
  let filter = '';
  let out: string | undefined;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-Y' || a === '--filter') filter = args[++k] ?? '';
    else if (a === '-o' || a === '--output') out = args[++k];
    else if (a.startsWith('-')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return fail('export needs exactly one FILE');
  if (!out) return fail('export needs -o OUT');
  const capture = await openCaptureFile(files[0]);
  try {
    const packets = selectDisplayed(capture, filter);
    if (typeof packets === 'string') {
      process.stderr.write(`pcap-inspector: ${packets}\n`);
      return 2;
    }
    const sink = fileSink(out);
    try {
      exportPackets(capture, packets, formatForFileName(out), sink.write);
      sink.close();
    } catch (e) {
      sink.abort();
      throw e;
    }
    process.stderr.write(`${packets.length} of ${capture.index.count} packets written to ${out}\n`);
  } finally {
    capture.close();
  }
  return capture.error ? 1 : 0;
}

/** The packets the filter keeps (all without one), or the filter's error as text. */
function selectDisplayed(capture: Capture, filter: string): ArrayLike<number> | string {
  // tcp.analysis.* fields read flags the sequence analysis sets: run it when the filter names them.
  if (/tcp\.analysis/.test(filter)) analyzeTcpSequences(capture.index, captureSackReader(capture));
  try {
    return selectPackets(capture, captureFieldSource(capture), { kind: 'displayed', filter });
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    return `invalid filter at ${e.position}: ${e.message}\n  ${filter}\n  ${' '.repeat(e.position)}^`;
  }
}
