import type { Capture } from '../core/capture/openCapture';
import { captureInfo } from '../core/summary/captureInfo';
import type { Output } from './output';

/** `pcap-inspector info FILE [--json]`: like capinfos. */
export function infoCommand(capture: Capture, file: string, json: boolean, out: Output): void {
  const info = captureInfo(capture);
  if (json) {
    out.line(JSON.stringify({ file, ...info }, null, 2));
    return;
  }
  const rows: Array<[string, string | number | undefined]> = [
    ['File name', file],
    ['File format', info.format],
    ['Compression', info.compression ?? 'none'],
    ['File size', `${info.size} bytes`],
    ['Encapsulation', info.encapsulation.join(', ') || 'none'],
    [
      'Interfaces',
      info.interfaces.map((f, k) => `#${k} ${f.name ?? ''}${f.name ? ' ' : ''}(link type ${f.linkType}, snaplen ${f.snaplen}, ${f.tsResolution})`).join('; '),
    ],
    ['Number of packets', info.packets],
    ['Data size', `${info.bytes} bytes`],
    ['Truncated packets', info.truncatedPackets],
    ['First packet time', info.firstIso ? `${info.firstIso} (${info.first})` : 'n/a'],
    ['Last packet time', info.lastIso ? `${info.lastIso} (${info.last})` : 'n/a'],
    ['Capture duration', info.duration ? `${info.duration} seconds` : 'n/a'],
  ];
  if (info.untimedPackets) rows.push(['No timestamp', `${info.untimedPackets} packets (pcapng Simple Packet Blocks carry none; left out of the times above)`]);
  if (info.skippedSections) rows.push(['Skipped sections', `${info.skippedSections} (pcapng version other than 1.x)`]);
  for (const c of info.comments) rows.push(['Capture comment', c]);
  for (const [k, v] of rows) out.line(`${(k + ':').padEnd(21)}${v}`);
}
