import { parentPort } from 'node:worker_threads';
import { analyzeCapture } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { openCaptureBytes, openCaptureFile } from '../../core/capture/openCapture';
import { requestFailed } from '../../channel';
import type { AnalysisAnswer, AnalysisReplyEnvelope, AnalysisRequest, CaptureSource, Envelope, ToAnalysisWorker } from '../../protocol';
import { answerQuery } from './answerQuery';
import { answerToolRequest, cancelToolRequest, isToolRequest } from '../assistant/toolRequests';
import { answerCompareRequest, closeCompareSession, isCompareRequest } from '../compare/compareRequests';

/**
 * The Problems side's worker: opens captures, analyses them, renders their text view and explains
 * tokens, off the extension host's thread. The few most recently used captures stay open so hovers
 * and the text view do not re-read the file.
 */
const KEEP_OPEN = 3;
const open = new Map<string, Promise<Capture>>();

function captureFor(key: string, source: CaptureSource): Promise<Capture> {
  let c = open.get(key);
  if (c) open.delete(key);
  else c = source.kind === 'path' ? openCaptureFile(source.path) : Promise.resolve(openCaptureBytes(source.bytes));
  open.set(key, c);
  while (open.size > KEEP_OPEN) forget(open.keys().next().value!);
  return c;
}

function forget(key: string): void {
  const c = open.get(key);
  open.delete(key);
  void c?.then(
    (x) => x.close(),
    () => {},
  );
}

async function handle(m: Envelope<AnalysisRequest>): Promise<AnalysisAnswer> {
  const capture = await captureFor(m.key, m.source);
  const { id: _id, key: _key, source: _source, ...query } = m;
  return answerQuery(capture, analyzeCapture(capture, { flowDetail: false }), query);
}

parentPort!.on('message', (m: ToAnalysisWorker) => {
  // The language-model tools run in their own instance of this worker (assistant/languageModelTools.ts).
  if (isToolRequest(m)) {
    answerToolRequest(m, (answer) => parentPort!.postMessage(answer));
    return;
  }
  // So does each compare panel's comparison (compare/compareClient.ts).
  if (isCompareRequest(m)) {
    answerCompareRequest(m, (answer) => parentPort!.postMessage(answer));
    return;
  }
  if (m.type === 'compareClose') {
    closeCompareSession(m.session);
    return;
  }
  if (m.type === 'cancel') {
    cancelToolRequest(m.id);
    return;
  }
  if (m.type === 'forget') {
    forget(m.key);
    return;
  }
  const reply = (r: AnalysisReplyEnvelope) => parentPort!.postMessage(r);
  handle(m).then(
    (answer) => reply({ ...answer, id: m.id }),
    (e: unknown) => reply(requestFailed(m.id, e)),
  );
});
