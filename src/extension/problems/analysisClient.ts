import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { RequestCancelled, RequestChannel } from '../../channel';
import type { AnalysisCalls, AnalysisQuery, AnalysisRequest, CaptureAnalysis, CaptureSource, ToAnalysisWorker } from '../../protocol';
import { ANALYSIS_REPLY_CHECKS } from '../../replyChecks';
import type { PacketEvidence, TokenNote } from '../../core/knowledge/tcpTokenNotes';
import { DocumentClosed } from '../captureDocument';

type QueryKind = AnalysisQuery['type'];
type Query<K extends QueryKind> = Extract<AnalysisQuery, { type: K }>;

/** Captures open in the capture editor, whose workers can answer for them (CaptureEditorProvider). */
export interface OpenCaptures {
  find(uri: vscode.Uri): { ask<K extends QueryKind>(query: Query<K>): Promise<AnalysisCalls[K]> } | undefined;
}

/** Raised when a request was cancelled (the worker is stopped: that is what stops a long analysis). */
export class AnalysisCancelled extends RequestCancelled {
  constructor() {
    super('cancelled');
  }
}

/** The extension host's handle on the analysis worker; started on first use, restarted after a cancel. */
export class AnalysisClient implements vscode.Disposable {
  private worker: { thread: Worker; channel: RequestChannel<AnalysisRequest, AnalysisCalls> } | undefined;

  /** Questions answered by an open editor's worker rather than this one (tests read it). */
  answeredByEditor = 0;

  constructor(
    private readonly script: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly editors?: OpenCaptures,
  ) {}

  private ensure(): RequestChannel<AnalysisRequest, AnalysisCalls> {
    if (this.worker) return this.worker.channel;
    const thread = new Worker(this.script);
    // Hand the bytes of a file read through workspace.fs over instead of copying them.
    const channel = new RequestChannel<AnalysisRequest, AnalysisCalls>(
      (m) => thread.postMessage(m, m.source.kind === 'bytes' ? [m.source.bytes.buffer as ArrayBuffer] : []),
      ANALYSIS_REPLY_CHECKS,
    );
    thread.on('message', (m: unknown) => channel.receive(m));
    thread.on('error', (e) => this.log.error(`analysis worker: ${e.message}`));
    thread.on('exit', (code) => {
      if (this.worker?.thread !== thread) return;
      this.worker = undefined;
      channel.cancelAll(new Error(`The analysis worker stopped (exit code ${code}).`));
    });
    this.worker = { thread, channel };
    return channel;
  }

  /** Stops the worker: the capture it was reading and everything pending go with it. */
  cancelAll(): void {
    const w = this.worker;
    this.worker = undefined;
    w?.channel.cancelAll(new AnalysisCancelled());
    void w?.thread.terminate();
  }

  /**
   * Asks the capture's editor when it is open (its worker holds the capture already: one copy in
   * memory, one analysis), else this worker, which opens the file itself.
   */
  private async ask<K extends QueryKind>(uri: vscode.Uri, query: Query<K>, token?: vscode.CancellationToken): Promise<AnalysisCalls[K]> {
    const editor = this.editors?.find(uri);
    if (editor) {
      try {
        const answer = await editor.ask(query);
        this.answeredByEditor++;
        this.forget(uri); // a copy this worker opened before the editor did is not needed any more
        return answer;
      } catch (e) {
        if (!(e instanceof DocumentClosed)) throw e;
      }
    }
    const source = await sourceOf(uri);
    const { type, ...question } = query;
    const reply = this.ensure().request<K>(type as K, { ...question, key: uri.toString(), source } as Omit<Extract<AnalysisRequest, { type: K }>, 'type'>);
    const sub = token?.onCancellationRequested(() => this.cancelAll());
    try {
      return await reply;
    } finally {
      sub?.dispose();
    }
  }

  async analyze(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<CaptureAnalysis> {
    return (await this.ask(uri, { type: 'analyze' }, token)).analysis;
  }

  async text(uri: vscode.Uri, filter?: string): Promise<{ text: string; frames?: number[] }> {
    const r = await this.ask(uri, { type: 'text', filter });
    return { text: r.text, frames: r.frames };
  }

  async notes(uri: vscode.Uri, frame: number): Promise<{ notes: TokenNote[]; evidence: PacketEvidence[] }> {
    const r = await this.ask(uri, { type: 'notes', frame });
    return { notes: r.notes, evidence: r.evidence };
  }

  /** The file changed or went away: drop the worker's open copy. */
  forget(uri: vscode.Uri): void {
    this.worker?.thread.postMessage({ type: 'forget', key: uri.toString() } satisfies ToAnalysisWorker);
  }

  dispose(): void {
    this.cancelAll();
  }
}

/** Local (and remote-local) files are read in place by the worker; anything else through workspace.fs. */
async function sourceOf(uri: vscode.Uri): Promise<CaptureSource> {
  return uri.scheme === 'file' ? { kind: 'path', path: uri.fsPath } : { kind: 'bytes', bytes: await vscode.workspace.fs.readFile(uri) };
}

export function captureName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}
