import { openCaptureFile } from '../core/capture/openCapture';
import { followStream } from '../core/follow/followCapture';
import type { FollowDirection, FollowFormat } from '../core/follow/followText';
import { writeFollowText } from '../core/follow/followText';
import { Output } from './output';

export const FOLLOW_USAGE = `follow FILE (--stream N | --udp-stream N) [--format ascii|hex|raw|yaml] [--direction both|client|server]`;

/**
 * `follow FILE --stream N`: the TCP (or UDP) conversation's payload reassembled per direction, in
 * tshark's `-z follow` layouts (raw: one hex line per chunk, the server's indented by a tab).
 */
export async function followCommand(args: string[], fail: (message: string) => number): Promise<number> {
  let kind: 'tcp' | 'udp' | undefined;
  let stream = NaN;
  let format: FollowFormat = 'ascii';
  let direction: FollowDirection = 'both';
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const value = (): string | undefined => args[++k];
    if (a === '--stream' || a === '--udp-stream') {
      if (kind) return fail('follow takes one of --stream or --udp-stream');
      kind = a === '--stream' ? 'tcp' : 'udp';
      const v = value();
      stream = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (Number.isNaN(stream)) return fail(`${a} needs a stream number`);
    } else if (a === '--format') {
      const v = value();
      if (v !== 'ascii' && v !== 'hex' && v !== 'raw' && v !== 'yaml') return fail(`--format must be ascii, hex, raw or yaml`);
      format = v;
    } else if (a === '--direction') {
      const v = value();
      if (v !== 'both' && v !== 'client' && v !== 'server') return fail(`--direction must be both, client or server`);
      direction = v;
    } else if (a.startsWith('-')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return fail('follow needs exactly one FILE');
  if (!kind) return fail('follow needs --stream N or --udp-stream N');
  const capture = await openCaptureFile(files[0]);
  try {
    const s = followStream(capture, { kind, stream });
    if (!s) {
      process.stderr.write(`pcap-inspector: ${files[0]} has no ${kind} stream ${stream}\n`);
      return 1;
    }
    const out = new Output();
    writeFollowText(s, format, direction, (text) => out.line(text));
    out.flush();
  } finally {
    capture.close();
  }
  return 0;
}
