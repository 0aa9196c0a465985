import { openCaptureFile } from '../core/capture/openCapture';
import { followStream } from '../core/follow/followCapture';
import type { FollowDirection, FollowFormat } from '../core/follow/followText';
import { FOLLOW_FORMATS } from '../core/follow/followText';
import { writeFollowText } from '../core/follow/followText';
import { readKeyLogFile } from './keyLogFile';
import { Output } from './output';
import { followTls } from '../core/tls/tlsFollow';

export const FOLLOW_USAGE = `follow FILE (--stream N | --udp-stream N) [--format ascii|utf8|hex|raw|carray|yaml] [--direction both|client|server] [--tls-keylog KEYLOG]`;

/**
 * `follow FILE --stream N`: the TCP (or UDP) conversation's payload reassembled per direction, in
 * tshark's `-z follow` layouts (raw: one hex line per chunk, the server's indented by a tab).
 */
export async function followCommand(args: string[], fail: (message: string) => number): Promise<number> {
  let kind: 'tcp' | 'udp' | undefined;
  let stream = NaN;
  let format: FollowFormat = 'ascii';
  let direction: FollowDirection = 'both';
  let keyLogFile: string | undefined;
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
      const f = FOLLOW_FORMATS.find((x) => x === v);
      if (!f) return fail(`--format must be ${FOLLOW_FORMATS.join(', ')}`);
      format = f;
    } else if (a === '--direction') {
      const v = value();
      if (v !== 'both' && v !== 'client' && v !== 'server') return fail(`--direction must be both, client or server`);
      direction = v;
    } else if (a === '--tls-keylog') {
      keyLogFile = value();
      if (!keyLogFile) return fail('--tls-keylog needs a key log file (SSLKEYLOGFILE format)');
    } else if (a.startsWith('-')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return fail('follow needs exactly one FILE');
  if (!kind) return fail('follow needs --stream N or --udp-stream N');
  if (keyLogFile && kind !== 'tcp') return fail('--tls-keylog follows a TLS stream: give it with --stream N (a TCP stream)');
  const keys = keyLogFile ? readKeyLogFile(keyLogFile) : undefined;
  if (keys instanceof Error) return fail(keys.message);
  const capture = await openCaptureFile(files[0]);
  try {
    let s = followStream(capture, { kind, stream });
    if (!s) {
      process.stderr.write(`pcap-inspector: ${files[0]} has no ${kind} stream ${stream}\n`);
      return 1;
    }
    if (keys) {
      // Wireshark's Follow TLS Stream: the decrypted application data, or why there is none.
      const tls = followTls(s, keys);
      if (!tls.stream) {
        process.stderr.write(`pcap-inspector: TCP stream ${stream} cannot be decrypted: ${tls.session.reason}\n`);
        return 1;
      }
      s = tls.stream;
    }
    const out = new Output();
    writeFollowText(s, format, direction, (text) => out.line(text));
    out.flush();
  } finally {
    capture.close();
  }
  return 0;
}
