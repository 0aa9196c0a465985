/**
 * The engine side of the public-field comparison, in a child process so the parent can stop a file
 * that hangs (a synchronous loop cannot be interrupted in-process) and survive one that kills the
 * process. Receives {file, name, tsv, examplesPerField}, answers {result} or {crash}.
 */
import * as fs from 'node:fs';
import type { Capture } from '../../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../../src/core/capture/openCapture';
import { compareFile } from './fileAgreement';
import { tsharkTcpPorts } from './tsharkFieldCache';
import { parseTsharkFields } from './tsharkPacket';

export interface EngineRequest {
  file: string;
  name: string;
  tsv: string;
  examplesPerField: number;
}

process.on('message', (msg: EngineRequest) => {
  void (async () => {
    let capture: Capture | undefined;
    try {
      const tshark = parseTsharkFields(fs.readFileSync(msg.tsv, 'utf8'));
      capture = await openCaptureFile(msg.file);
      process.send!({ result: compareFile(msg.name, capture, tshark, msg.examplesPerField, tsharkTcpPorts()) });
    } catch (e) {
      process.send!({ crash: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    } finally {
      try {
        capture?.close();
      } catch {
        /* the crash is already reported */
      }
    }
  })();
});
