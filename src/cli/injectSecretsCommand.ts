import * as fs from 'node:fs';
import { openCaptureFile } from '../core/capture/openCapture';
import { injectSecrets } from '../core/export/injectSecrets';
import { fileSink } from './fileSink';
import { readKeyLogFile } from './keyLogFile';

export const INJECT_SECRETS_USAGE = `inject-secrets FILE KEYLOG -o OUT.pcapng`;

/** `inject-secrets FILE KEYLOG -o OUT`: a pcapng copy with the key log embedded (editcap --inject-secrets tls,KEYLOG). */
export async function injectSecretsCommand(args: string[], fail: (message: string) => number): Promise<number> {
  let out: string | undefined;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-o' || a === '--output') out = args[++k];
    else if (a.startsWith('-')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
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
