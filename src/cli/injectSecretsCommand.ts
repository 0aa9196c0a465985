import * as fs from 'node:fs';
import { openCaptureFile } from '../core/capture/openCapture';
import { injectSecrets } from '../core/export/injectSecrets';
import { fileSink } from './fileSink';
import { outputAndFiles } from './outputArgs';
import { readKeyLogFile } from './keyLogFile';

export const INJECT_SECRETS_USAGE = `inject-secrets FILE KEYLOG -o OUT.pcapng`;

/** `inject-secrets FILE KEYLOG -o OUT`: a pcapng copy with the key log embedded (editcap --inject-secrets tls,KEYLOG). */
export async function injectSecretsCommand(args: string[], fail: (message: string) => number): Promise<number> {
  const parsed = outputAndFiles(args);
  if (typeof parsed === 'string') return fail(parsed);
  const { out, files } = parsed;
  if (files.length !== 2) return fail('inject-secrets needs a FILE and a KEYLOG');
  if (!out) return fail('inject-secrets needs -o OUT.pcapng');
  if (/\.(pcap|cap)$/i.test(out)) return fail('only pcapng holds decryption secrets: name the output .pcapng');
  const [file, keyLogFile] = files;
  // The lines are checked (bad ones reported by number) but embedded as written, as editcap does.
  const keys = readKeyLogFile(keyLogFile);
  if (keys instanceof Error) {
    process.stderr.write(`pcap-inspector: ${keys.message}\n`);
    return 1;
  }
  const capture = await openCaptureFile(file);
  try {
    const sink = fileSink(out);
    try {
      injectSecrets(capture, fs.readFileSync(keyLogFile, 'utf8'), sink.write);
      sink.close();
    } catch (e) {
      sink.abort();
      throw e;
    }
    process.stderr.write(`${capture.index.count} packets and the key log (${keys.size} TLS session${keys.size === 1 ? '' : 's'}) written to ${out}\n`);
  } finally {
    capture.close();
  }
  return capture.error ? 1 : 0;
}
