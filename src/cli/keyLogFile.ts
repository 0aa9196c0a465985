import * as fs from 'node:fs';
import { KeyLog } from '../core/tls/keyLog';

/**
 * `--tls-keylog FILE`: the key log, with each bad line reported on stderr by its number (the good
 * ones are still used), or an error when the file cannot be read or holds no key at all.
 */
export function readKeyLogFile(file: string): KeyLog | Error {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return new Error(`cannot read the key log ${file}: ${(e as Error).message}`);
  }
  const keys = new KeyLog();
  for (const p of keys.add(text)) process.stderr.write(`pcap-inspector: ${file}:${p.line}: ${p.message}\n`);
  if (keys.size === 0) return new Error(`${file} holds no TLS key (expected SSLKEYLOGFILE lines such as "CLIENT_RANDOM <random> <secret>")`);
  return keys;
}
