import * as path from 'node:path';
import * as vscode from 'vscode';
import { RequestChannel, requestFailed } from '../channel';
import type {
  AnalysisCalls,
  AnalysisQuery,
  CaptureHeader,
  CaptureSourceSpec,
  AnalysisState,
  HostToView,
  Progress,
  ViewCalls,
  ViewIntent,
  ViewRequest,
  ViewState,
  MarkAction,
  ViewToHost,
  WorkerToHost,
} from '../protocol';
import { ANALYSIS_REPLY_CHECKS, VIEW_REPLY_CHECKS } from '../replyChecks';
import { LoadSettlement } from './loadSettlement';
import { CaptureWorkerClient } from './captureWorkerClient';
import { runFixRequest } from './findingFixRequests';
import { saveHttpBody } from './saveHttpBody';
import type { TlsKeyLogSource } from './tlsKeyLogSource';

/** The worker's view ids of the host's own queries start with this (the editors' start with 'v'). */
const QUERY_VIEW = 'q';

/** The editor closed (or its worker stopped) before it could answer: ask someone else. */
export class DocumentClosed extends Error {}

/** Loads longer than this get a cancellable progress notification; shorter ones stay quiet. */
const PROGRESS_DELAY_MS = 400;
const RELOAD_DEBOUNCE_MS = 300;

type Status = { kind: 'loading' } | { kind: 'loaded'; header: CaptureHeader; ms: number } | { kind: 'failed'; message: string };

/** One editor showing this document: its panel, whether its page is listening, its last UI state. */
interface ViewEntry {
  panel: vscode.WebviewPanel;
  ready: boolean;
  state?: ViewState;
  /** Order of attachment / last activation: the most recent one receives commands. */
  used: number;
}

/**
 * One capture file, shared by every editor showing it (two editor groups → one worker, one index).
 * Each editor is a view with its own filter and selection, kept in the worker under a view id.
 */
export class CaptureDocument implements vscode.CustomDocument {
  private readonly worker: CaptureWorkerClient;
  private readonly views = new Map<string, ViewEntry>();
  private useCounter = 0;
  /** A command's request for an editor whose page has not said 'ready' yet. */
  private pendingIntent: ViewIntent | undefined;
  /** Set to 1 to make the worker stop reading (shared memory: the worker is busy in a sync loop). */
  private stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private lastProgress: Progress | undefined;
  /** The most rows streamed to the views before the current load finished (tests read it). */
  streamedBeforeLoaded = 0;
  /** Row windows the worker served to views before the current load finished. */
  rowWindowsBeforeLoaded = 0;
  private status: Status = { kind: 'loading' };
  private analysis: AnalysisState = { status: 'running' };
  private loadSeq = 0;
  private progress: { report: (bytes: number, total: number) => void; done: () => void } | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** When the current load settles (tests and commands wait on it), reloads included. */
  private readonly settlement = new LoadSettlement();

  constructor(
    readonly uri: vscode.Uri,
    workerScript: string,
    private readonly log: vscode.LogOutputChannel,
    /** Where the capture's TLS key log comes from (none: TLS stays encrypted unless the file embeds keys). */
    private readonly keyLogs?: TlsKeyLogSource,
  ) {
    this.worker = new CaptureWorkerClient(
      workerScript,
      (m) => this.onWorker(m),
      (code) => {
        this.log.error(`capture worker for ${this.fileName} exited unexpectedly (code ${code})`);
        this.failQuestions(`The capture worker stopped (exit code ${code}).`);
        if (this.status.kind === 'loading') this.setFailed(`The capture worker stopped (exit code ${code}).`);
      },
    );
    // Follow the file: a capture still being written (tcpdump -w) reloads as it grows.
    const dir = vscode.Uri.joinPath(uri, '..');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, path.posix.basename(uri.path)));
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.scheduleReload()),
      watcher.onDidCreate(() => this.scheduleReload()),
    );
  }

  /** The key log in use, in the log; its bad lines (by number) also as a warning, since keys are missing. */
  private reportKeyLog(k: NonNullable<CaptureHeader['tlsKeyLog']>): void {
    this.log.info(`${this.fileName}: TLS key log ${k.file}: keys for ${k.sessions} session${k.sessions === 1 ? '' : 's'}`);
    if (!k.problems.length) return;
    for (const p of k.problems) this.log.warn(`${k.file}:${p.line}: ${p.message}`);
    const first = k.problems[0];
    void vscode.window.showWarningMessage(
      `PCAP Inspector: ${k.problems.length} line${k.problems.length === 1 ? '' : 's'} of the TLS key log ${path.basename(k.file)} could not be read (line ${first.line}: ${first.message}); the other keys are used.`,
    );
  }

  get fileName(): string {
    return path.posix.basename(this.uri.path);
  }

  /** Flows and findings once the worker has analysed the capture. */
  get analysisState(): AnalysisState {
    return this.analysis;
  }

  get header(): CaptureHeader | undefined {
    return this.status.kind === 'loaded' ? this.status.header : undefined;
  }

  /** Waits until the current (re)load has finished or failed. */
  whenSettled(): Promise<void> {
    return this.settlement.whenSettled();
  }

  async load(reload = false): Promise<void> {
    const seq = ++this.loadSeq;
    Atomics.store(this.stopFlag, 0, 1); // a load still running is superseded
    this.stopFlag = new Int32Array(new SharedArrayBuffer(4));
    const stop = this.stopFlag.buffer as SharedArrayBuffer;
    this.lastProgress = undefined;
    this.streamedBeforeLoaded = 0;
    this.rowWindowsBeforeLoaded = 0;
    this.status = { kind: 'loading' };
    this.analysis = { status: 'running' };
    this.settlement.begin();
    let posted: () => void = () => {};
    this.openPosted = new Promise((r) => (posted = r));
    this.broadcast({ type: 'loading', fileName: this.fileName, reload });
    this.startProgress(seq);
    let source: CaptureSourceSpec;
    try {
      // Local (and remote-local: SSH, WSL, containers) files are read in place by the worker;
      // anything else comes through the workspace file system.
      source =
        this.uri.scheme === 'file'
          ? { kind: 'path', path: this.uri.fsPath, fileName: this.fileName }
          : { kind: 'bytes', bytes: await vscode.workspace.fs.readFile(this.uri), fileName: this.fileName };
    } catch (e) {
      this.setFailed(`Cannot read ${this.fileName}: ${e instanceof Error ? e.message : String(e)}`);
      posted();
      return;
    }
    const keyLog = await this.keyLogs?.find(this.uri);
    if (seq === this.loadSeq) this.worker.post({ type: 'open', source, stop, ...(keyLog ? { keyLog } : {}) });
    posted();
  }

  /** Resolves once the current load's file is on its way to the worker (questions must not overtake it). */
  private openPosted: Promise<void> = Promise.resolve();

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.log.info(`${this.fileName} changed on disk: reloading`);
      void this.load(true);
    }, RELOAD_DEBOUNCE_MS);
  }

  private startProgress(seq: number): void {
    setTimeout(() => {
      if (seq !== this.loadSeq || this.status.kind !== 'loading') return;
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Opening ${this.fileName}`, cancellable: true },
        (progress, token) =>
          new Promise<void>((resolve) => {
            let shown = 0;
            token.onCancellationRequested(() => this.cancel());
            this.progress = {
              report: (bytes, total) => {
                const pct = total > 0 ? Math.floor((bytes / total) * 100) : 0;
                progress.report({ increment: pct - shown, message: total > 0 ? `${pct}% of ${(total / 1e6).toFixed(1)} MB` : 'decompressing…' });
                shown = pct;
              },
              done: resolve,
            };
          }),
      );
    }, PROGRESS_DELAY_MS);
  }

  private endProgress(): void {
    this.progress?.done();
    this.progress = undefined;
  }

  /**
   * Cancelling stops reading and keeps the packets read so far (they are shown, and analysed):
   * the worker polls the flag between rows and finishes as if the file ended there.
   */
  cancel(): void {
    if (this.status.kind !== 'loading') return;
    this.log.info(`${this.fileName}: reading cancelled`);
    Atomics.store(this.stopFlag, 0, 1);
  }

  private setFailed(message: string): void {
    this.status = { kind: 'failed', message };
    this.endProgress();
    this.broadcast({ type: 'failed', message });
    this.settlement.end();
  }

  /** The Problems side's questions to this editor's worker. */
  private readonly questions = new RequestChannel<AnalysisQuery, AnalysisCalls>((msg) => this.worker.post({ type: 'query', msg }), ANALYSIS_REPLY_CHECKS);

  /**
   * The Problems side's question about this capture (its findings, text view, token notes),
   * answered by this editor's worker from the capture it already holds: opening a capture reads
   * and analyses it once, not once for the editor and again for the Problems panel. Answered once
   * the current load is read and analysed; rejected with DocumentClosed if the editor closes first.
   */
  async ask<K extends AnalysisQuery['type']>(query: Extract<AnalysisQuery, { type: K }>): Promise<AnalysisCalls[K]> {
    // A file read through workspace.fs reaches the worker only after that read: wait for it, so the
    // question is not answered from no capture, or from the one before a reload.
    await this.openPosted;
    if (this.disposed) throw new DocumentClosed(`${this.fileName} was closed`);
    const { type, ...question } = query;
    return this.questions.request<K>(type as K, question as Omit<Extract<AnalysisQuery, { type: K }>, 'type'>);
  }

  private failQuestions(why: string): void {
    this.questions.cancelAll(new DocumentClosed(why));
  }

  private onWorker(m: WorkerToHost): void {
    switch (m.type) {
      case 'queryReply':
        this.questions.receive(m.msg);
        break;
      case 'progress':
        if (this.status.kind !== 'loading') break;
        this.progress?.report(m.bytes, m.total);
        this.lastProgress = m;
        this.streamedBeforeLoaded = Math.max(this.streamedBeforeLoaded, m.packets);
        this.broadcast(m);
        break;
      case 'loaded':
        this.status = { kind: 'loaded', header: m.header, ms: m.ms };
        this.log.info(`${m.header.fileName}: ${m.header.packets} packets indexed in ${m.ms} ms`);
        if (m.header.tlsKeyLog) this.reportKeyLog(m.header.tlsKeyLog);
        this.endProgress();
        this.broadcast({ type: 'loaded', header: m.header, ms: m.ms });
        this.settlement.end();
        break;
      case 'failed':
        this.setFailed(m.message);
        break;
      case 'analysis':
        this.analysis = m.analysis;
        this.broadcast({ type: 'analysis', analysis: m.analysis });
        break;
      case 'error':
        this.log.error(m.message);
        break;
      case 'reply': {
        if (m.msg.type === 'rows' && this.status.kind === 'loading') this.rowWindowsBeforeLoaded++;
        if (m.view.startsWith(QUERY_VIEW)) {
          this.worker.post({ type: 'dropView', view: m.view });
          this.queries.receive(m.msg);
        } else void this.views.get(m.view)?.panel.webview.postMessage(m.msg satisfies HostToView);
        break;
      }
    }
  }

  private broadcast(m: HostToView): void {
    for (const v of this.views.values()) void v.panel.webview.postMessage(m);
  }

  /** The host's own view requests; each gets a view of its own in the worker, dropped with the reply. */
  private readonly queries = new RequestChannel<ViewRequest, ViewCalls>(
    (msg) => this.worker.post({ type: 'request', view: `${QUERY_VIEW}${msg.id}`, msg }),
    VIEW_REPLY_CHECKS,
  );

  /**
   * Asks the worker what a view would (a window of flows, a diagram) without a webview: commands
   * and tests use it. Resolves with the reply, or undefined if the worker has nothing to say (no
   * analysis, no such view) within `timeoutMs`.
   */
  async query<K extends ViewRequest['type']>(msg: Extract<ViewRequest, { type: K }>, timeoutMs = 10000): Promise<ViewCalls[K] | undefined> {
    const { type, ...body } = msg;
    try {
      return await this.queries.request<K>(type as K, body as Omit<Extract<ViewRequest, { type: K }>, 'type'>, { timeoutMs });
    } catch (e) {
      this.log.info(`${this.fileName}: ${type} query unanswered: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** The UI state each open editor last reported (commands and tests look at it). */
  viewStates(): ViewState[] {
    return [...this.views.values()].flatMap((v) => (v.state ? [v.state] : []));
  }

  /** A packet's marks or comments changed: every editor of the capture redraws its rows. */
  annotationsChanged(packet: number): void {
    this.broadcast({ type: 'annotations', packet });
  }

  /** The UI state of the editor a command acts on: the active one, else the one used last. */
  activeViewState(): ViewState | undefined {
    return this.targetView()?.state;
  }

  /** Whether one of this capture's editors is the active editor. */
  get isActive(): boolean {
    return [...this.views.values()].some((v) => v.panel.active);
  }

  get panelCount(): number {
    return this.views.size;
  }

  /** The editor to show a command's result in: the active one, else the one used last. */
  private targetView(): ViewEntry | undefined {
    let best: ViewEntry | undefined;
    for (const v of this.views.values())
      if (!best || (v.panel.active && !best.panel.active) || (v.panel.active === best.panel.active && v.used > best.used)) best = v;
    return best;
  }

  /** Brings an editor of this capture forward and has it show a packet or a stream. */
  showIntent(intent: ViewIntent): boolean {
    const v = this.targetView();
    if (!v) return false;
    v.panel.reveal(undefined, false);
    // A hidden page (no retainContextWhenHidden) reloads when shown and says 'ready' again.
    if (v.ready && v.panel.visible) void v.panel.webview.postMessage({ type: 'intent', intent } satisfies HostToView);
    else this.pendingIntent = intent;
    return true;
  }

  /** Hands a mark key to this capture's active editor; false if none of its editors is active. */
  markAction(action: MarkAction): boolean {
    const v = [...this.views.values()].find((e) => e.panel.active);
    if (!v) return false;
    void v.panel.webview.postMessage({ type: 'markAction', action } satisfies HostToView);
    return true;
  }

  /** Opens the go-to-packet box in this capture's active editor; false if none of its editors is active. */
  openGoToBox(): boolean {
    return this.postToActive({ type: 'openGoto' });
  }

  /** Has this capture's active editor follow its selected packet's stream; false if none of its editors is active. */
  followSelected(): boolean {
    return this.postToActive({ type: 'intent', intent: { type: 'followSelected' } });
  }

  private postToActive(m: HostToView): boolean {
    const v = [...this.views.values()].find((e) => e.panel.active);
    if (!v) return false;
    void v.panel.webview.postMessage(m);
    return true;
  }

  /** For an editor about to open: the intent goes to the first page that says 'ready'. */
  queueIntent(intent: ViewIntent): void {
    this.pendingIntent = intent;
  }

  /** Connects one editor's webview; its messages become requests tagged with its view id. */
  attach(panel: vscode.WebviewPanel): void {
    const view = `v${Math.random().toString(36).slice(2)}`;
    const entry: ViewEntry = { panel, ready: false, used: ++this.useCounter };
    this.views.set(view, entry);
    const viewState = panel.onDidChangeViewState(() => {
      if (panel.active) entry.used = ++this.useCounter;
      if (!panel.visible) entry.ready = false;
    });
    const post = (m: HostToView) => void panel.webview.postMessage(m);
    const sub = panel.webview.onDidReceiveMessage((m: ViewToHost) => {
      switch (m.type) {
        case 'ready':
          entry.ready = true;
          // A (re)shown webview starts empty: tell it where the document is.
          if (this.status.kind === 'loading') {
            post({ type: 'loading', fileName: this.fileName, reload: false });
            if (this.lastProgress) post(this.lastProgress);
          } else if (this.status.kind === 'failed') post({ type: 'failed', message: this.status.message });
          else {
            post({ type: 'loaded', header: this.status.header, ms: this.status.ms });
            post({ type: 'analysis', analysis: this.analysis });
          }
          if (this.pendingIntent) {
            post({ type: 'intent', intent: this.pendingIntent });
            this.pendingIntent = undefined;
          }
          break;
        case 'cancel':
          this.cancel();
          break;
        case 'uiState':
          entry.state = m.state;
          break;
        case 'reload':
          void this.load(true);
          break;
        case 'log':
          if (m.level === 'error') this.log.error(`[webview] ${m.text}`);
          else this.log.info(`[webview] ${m.text}`);
          break;
        case 'saveHttpBody':
          saveHttpBody(this, m).catch((e: unknown) => this.log.error(`saveHttpBody failed: ${e instanceof Error ? e.message : String(e)}`));
          break;
        case 'openLink':
        case 'copyText':
        case 'addSysctlSetting':
        case 'graphExport':
          runFixRequest(m, this.log).catch((e: unknown) => this.log.error(`${m.type} failed: ${e instanceof Error ? e.message : String(e)}`));
          break;
        default:
          if (this.worker.running) this.worker.post({ type: 'request', view, msg: m });
          else post(requestFailed(m.id, 'the capture worker is not running'));
      }
    });
    panel.onDidDispose(() => {
      sub.dispose();
      viewState.dispose();
      this.views.delete(view);
      if (this.worker.running) this.worker.post({ type: 'dropView', view });
    });
  }

  /** Called by VS Code when the last editor of this capture closes. */
  private disposed = false;

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reloadTimer);
    this.endProgress();
    this.worker.terminate();
    this.failQuestions(`${this.fileName} was closed`);
    for (const d of this.disposables) d.dispose();
  }
}
