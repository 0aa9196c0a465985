import type { Capture } from '../capture/openCapture';
import type { ByteSink } from './byteSink';
import { CaptureWriter } from './captureWriter';

/**
 * A pcapng copy of a capture with a TLS key log embedded in a Decryption Secrets Block, as
 * `editcap --inject-secrets tls,KEYS` writes it: Wireshark (and this reader) then decrypt the copy
 * without being given the key log. Keys the capture already embeds are kept before the new ones.
 */
export function injectSecrets(capture: Capture, keyLogText: string, sink: ByteSink): void {
  const writer = new CaptureWriter([capture], 'pcapng', sink, [keyLogText]);
  for (let i = 0; i < capture.index.count; i++) writer.write(0, i);
}
