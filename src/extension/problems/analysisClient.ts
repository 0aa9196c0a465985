import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { AnalysisAnswer, AnalysisQuery, AnalysisReply, AnalysisRequest, CaptureAnalysis, CaptureSource } from './analysisMessages';
import type { PacketEvidence, TokenNote } from '../../core/knowledge/tcpTokenNotes';
import { DocumentClosed } from '../captureDocument';

/** Captures open in the capture editor, whose workers can answer for them (CaptureEditorProvider). */
export interface OpenCaptures {
  find(uri: vscode.Uri): { ask(query: AnalysisQuery): Promise<AnalysisAnswer> } | undefined;
}

type Pending = { resolve: (r: AnalysisReply) => void; reject: (e: Error) => void };

/** Raised when a request was cancelled (the worker is stopped: that is what stops a long analysis). */
export class AnalysisCancelled extends Error {
  constructor() { super('cancelled'); }
}

/** The extension host's handle on the analysis worker; started on first use, restarted after a cancel. */
export class AnalysisClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Questions answered by an open editor's worker rather than this one (tests read it). */
  answeredByEditor = 0;

  constructor(private readonly script: string, private readonly log: vscode.LogOutputChannel, private readonly editors?: OpenCaptures) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.on('message', (m: AnalysisReply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    });
    w.on('error', (e) => this.log.error(`analysis worker: ${e.message}`));
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.failAll(new Error(`The analysis worker stopped (exit code ${code}).`));
    });
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  private async request(make: (id: number) => Exclude<AnalysisRequest, { type: 'forget' }>, token?: vscode.CancellationToken): Promise<AnalysisReply> {
    const w = this.ensure();
    const id = this.nextId++;
    const reply = new Promise<AnalysisReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const m = make(id);
    w.postMessage(m, 'source' in m && m.source.kind === 'bytes' ? [m.source.bytes.buffer as ArrayBuffer] : []);
    const sub = token?.onCancellationRequested(() => this.cancelAll());
    try {
      const r = await reply;
      if (r.type === 'failed') throw new Error(r.message);
      return r;
    } finally {
      sub?.dispose();
    }
  }

  /** Stops the worker: the capture it was reading and everything pending go with it. */
  cancelAll(): void {
    const w = this.worker;
    this.worker = undefined;
    this.failAll(new AnalysisCancelled());
    void w?.terminate();
  }

  /**
   * Asks the capture's editor when it is open (its worker holds the capture already: one copy in
   * memory, one analysis), else this worker, which opens the file itself.
   */
  private async ask(uri: vscode.Uri, query: AnalysisQuery, token?: vscode.CancellationToken): Promise<AnalysisAnswer> {
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
    return (await this.request((id) => ({ ...query, id, key: uri.toString(), source }), token)) as AnalysisAnswer;
  }

  async analyze(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<CaptureAnalysis> {
    return (await this.ask(uri, { type: 'analyze' }, token) as Extract<AnalysisAnswer, { type: 'analyzed' }>).analysis;
  }

  async text(uri: vscode.Uri, filter?: string): Promise<{ text: string; frames?: number[] }> {
    const r = await this.ask(uri, { type: 'text', filter }) as Extract<AnalysisAnswer, { type: 'text' }>;
    return { text: r.text, frames: r.frames };
  }

  async notes(uri: vscode.Uri, frame: number): Promise<{ notes: TokenNote[]; evidence: PacketEvidence[] }> {
    const r = await this.ask(uri, { type: 'notes', frame }) as Extract<AnalysisAnswer, { type: 'notes' }>;
    return { notes: r.notes, evidence: r.evidence };
  }

  /** The file changed or went away: drop the worker's open copy. */
  forget(uri: vscode.Uri): void {
    this.worker?.postMessage({ type: 'forget', key: uri.toString() } satisfies AnalysisRequest);
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
