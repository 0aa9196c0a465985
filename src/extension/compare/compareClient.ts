import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { ChannelError, RequestChannel } from '../../channel';
import type { CaptureSource, CompareCalls, CompareSummary, CompareViewRequest, CompareWorkerRequest, ToAnalysisWorker } from '../../protocol';
import { COMPARE_REPLY_CHECKS } from '../../replyChecks';
import { captureName } from '../problems/analysisClient';

/**
 * The compare panels' handle on their own instance of the analysis worker (dist/analysisWorker.js):
 * each panel's comparison lives there under a session id while the panel is open, so a million-row
 * comparison never sits in the extension host. Started on first use.
 */
export class CompareClient implements vscode.Disposable {
  private worker: { thread: Worker; channel: RequestChannel<CompareWorkerRequest, CompareCalls> } | undefined;

  constructor(private readonly script: string) {}

  private ensure(): RequestChannel<CompareWorkerRequest, CompareCalls> {
    if (this.worker) return this.worker.channel;
    const thread = new Worker(this.script);
    const channel = new RequestChannel<CompareWorkerRequest, CompareCalls>((m) => thread.postMessage(m), COMPARE_REPLY_CHECKS);
    thread.on('message', (m: unknown) => channel.receive(m));
    const fail = (message: string) => {
      if (this.worker?.thread === thread) this.worker = undefined;
      channel.cancelAll(new ChannelError(message));
    };
    thread.on('error', (e) => fail(`The compare worker crashed: ${e.message}`));
    thread.on('exit', (code) => fail(`The compare worker stopped (exit code ${code}).`));
    this.worker = { thread, channel };
    return channel;
  }

  /** Compares capture A with capture B under `session`; the worker keeps both until close(). */
  async open(session: string, a: vscode.Uri, b: vscode.Uri): Promise<CompareSummary> {
    const [sa, sb] = await Promise.all([sourceOf(a), sourceOf(b)]);
    const reply = await this.ensure().request('compareOpen', { session, a: sa, b: sb, names: { a: captureName(a), b: captureName(b) } });
    return reply.summary;
  }

  /** A question of the compare page about its session's comparison. */
  ask<K extends CompareViewRequest['type']>(session: string, request: Extract<CompareViewRequest, { type: K }>): Promise<CompareCalls[K]> {
    const { type, ...body } = request;
    return this.ensure().request(type as K, { ...body, session } as unknown as Omit<Extract<CompareWorkerRequest, { type: K }>, 'type'>);
  }

  close(session: string): void {
    this.worker?.thread.postMessage({ type: 'compareClose', session } satisfies ToAnalysisWorker);
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    w?.channel.cancelAll();
    void w?.thread.terminate();
  }
}

/** Local files are read in place by the worker; anything else through workspace.fs. */
async function sourceOf(uri: vscode.Uri): Promise<CaptureSource> {
  return uri.scheme === 'file' ? { kind: 'path', path: uri.fsPath } : { kind: 'bytes', bytes: await vscode.workspace.fs.readFile(uri) };
}
